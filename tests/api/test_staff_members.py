"""Admins manage the staff: invite (an e-mailed one-time link), change a role, disable and
enable, reset a second factor, send a new password link; never on their own account."""

import pytest

from tests.support import mail
from tests.support.staff import make_member, sign_in


def invite(admin, **overrides):
    body = {"email": "nuevo@portico.example", "name": "Nuevo Miembro", "role": "billing", **overrides}
    return admin.post("/staff/members", body)


def test_invite_list_and_the_invitation_email(admin):
    r = invite(admin)
    assert r.status == 201
    member = r.json
    assert (member["email"], member["role"], member["password_set"], member["two_factor_enabled"],
            member["disabled"]) == ("nuevo@portico.example", "billing", False, False, False)
    emails = [m["email"] for m in admin.get("/staff/members").json["items"]]
    assert emails == sorted(emails) and "nuevo@portico.example" in emails
    message = mail.last_to("nuevo@portico.example")
    assert "Marta Equipo" in message["Subject"]
    text = mail.text_of(message)
    assert "http://127.0.0.1:8000/staff/set-password/?token=" in text and "24 horas" in text


def test_a_staff_email_is_logged_in_no_customers_mis_emails(customer, admin):
    invite(admin, email="ana@example.com")  # the customer's own address, as a member of staff
    assert mail.last_to("ana@example.com")["Subject"].startswith("Marta Equipo")
    subjects = [e["subject"] for e in customer.get("/account/emails").json["items"]]
    assert not [s for s in subjects if "consola" in s]


@pytest.mark.parametrize("email", ["nuevo@portico.example", "NUEVO@Portico.Example"])
def test_an_address_signs_in_one_member(admin, email):
    assert invite(admin).status == 201
    r = invite(admin, email=email)
    assert (r.status, r.error["code"]) == (409, "email_taken")


@pytest.mark.parametrize("body, field", [({"role": "root"}, "role"), ({"email": "no"}, "email"),
                                         ({"name": ""}, "name"), ({"language": "fr"}, "language")])
def test_an_invitation_is_checked(admin, body, field):
    r = invite(admin, **body)
    assert (r.status, r.error["code"]) == (422, "validation_failed") and field in r.error["fields"]


def test_change_role_disable_and_enable(admin, new_browser):
    member = make_member("equipo@portico.example", "support")
    path = f"/staff/members/{member.id}"
    assert admin.patch(path, {"role": "technical"}).json["role"] == "technical"
    assert admin.patch(path, {}).json["role"] == "technical"  # {} changes nothing
    r = admin.patch(path, {"role": None})
    assert (r.status, r.error["code"]) == (422, "validation_failed")
    assert admin.patch(path, {"disabled": True}).json["disabled"] is True
    assert sign_in(new_browser(), member).status == 401
    assert admin.patch(path, {"disabled": False}).json["disabled"] is False
    b = new_browser()
    assert sign_in(b, member).status == 200
    assert b.get("/staff/me").json["role"] == "technical"


def test_a_new_role_applies_on_the_next_request(staff_as):
    _, admin = staff_as("admin")
    member, b = staff_as("support")
    assert b.get("/staff/members").status == 403
    admin.patch(f"/staff/members/{member.id}", {"role": "admin"})
    assert b.get("/staff/members").status == 200


@pytest.mark.parametrize("change", [{"disabled": True}, {"role": "support"}, "two-factor-reset"])
def test_an_admin_cannot_act_on_its_own_account(staff_as, change):
    me, admin = staff_as("admin")
    if change == "two-factor-reset":
        r = admin.post(f"/staff/members/{me.id}/two-factor-reset")
    else:
        r = admin.patch(f"/staff/members/{me.id}", change)
    assert (r.status, r.error["code"]) == (422, "validation_failed")
    assert admin.get("/staff/me").json["role"] == "admin"


@pytest.mark.parametrize("method, path, body", [
    ("PATCH", "/staff/members/{}", {"role": "support"}),
    ("POST", "/staff/members/{}/two-factor-reset", None),
    ("POST", "/staff/members/{}/password-link", None)])
def test_an_unknown_member_is_404(admin, method, path, body):
    r = admin.request(method, path.format("0" * 21), body)
    assert (r.status, r.error["code"]) == (404, "not_found")


def test_members_page_on(admin):
    for n in range(4):
        make_member(f"m{n}@portico.example", "support")
    page = admin.get("/staff/members?limit=2").json
    rest = admin.get(f"/staff/members?limit=10&cursor={page['next']}").json
    assert len(page["items"]) == 2 and len(rest["items"]) == 3 and rest["next"] is None
