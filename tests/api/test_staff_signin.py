"""Staff sign-in: a required second factor (first-time set-up in a setup-only session),
their own cookie that authenticates no customer route (nor a customer's cookie a staff
route), shorter sessions, disabled members shut out at once, one-time password links."""

from datetime import timedelta

import pytest

from tests.api.conftest import registration
from tests.support import mail, totp
from tests.support.contract import operations
from tests.support.staff import STAFF_PASSWORD, make_member, sign_in

STAFF_OPERATIONS = [op for op in operations() if op.access.kind == "staff"]


def concrete(path: str) -> str:
    return path.replace("{", "x").replace("}", "")


def call(b, op):
    return b.request(op.method, concrete(op.path), {} if op.method != "GET" else None)


# Signing in with a second factor

def test_a_member_signs_in_with_password_and_a_current_code(new_browser):
    member = make_member()
    b = new_browser()
    r = b.post("/staff/auth/login", {"email": "MARTA@portico.example", "password": STAFF_PASSWORD,
                                     "totp": totp.code(member.totp_secret)})
    assert r.status == 200
    assert r.json == {"id": member.id, "email": "marta@portico.example", "name": "Marta Equipo",
                      "role": "admin", "language": "es", "two_factor_setup_required": False}
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("portico_staff=") and "HttpOnly" in cookie
    assert "Path=/api/staff" in cookie and "SameSite=Strict" in cookie
    assert "Max-Age=28800" in cookie  # 8 hours
    assert b.get("/staff/me").json["id"] == member.id


def test_the_code_is_required_checked_and_never_accepted_twice(new_browser):
    member = make_member()
    body = {"email": member.email, "password": STAFF_PASSWORD}
    r = new_browser().post("/staff/auth/login", body)
    assert (r.status, r.error["code"]) == (401, "totp_required")
    r = new_browser().post("/staff/auth/login", {**body, "totp": "000000"})
    assert (r.status, r.error["code"]) == (401, "totp_invalid")
    code = totp.code(member.totp_secret)
    assert new_browser().post("/staff/auth/login", {**body, "totp": code}).status == 200
    r = new_browser().post("/staff/auth/login", {**body, "totp": code})  # replayed
    assert (r.status, r.error["code"]) == (401, "totp_invalid")


def test_a_backup_code_signs_in_once(new_browser):
    member = make_member()
    code = member.backup_codes[0]
    assert sign_in(new_browser(), member, totp=code).status == 200
    r = sign_in(new_browser(), member, totp=code)
    assert (r.status, r.error["code"]) == (401, "totp_invalid")


@pytest.mark.parametrize("case", ["wrong password", "unknown address", "disabled", "no password yet"])
def test_failed_sign_ins_all_say_the_same(new_browser, case):
    member = make_member(password=None if case == "no password yet" else STAFF_PASSWORD)
    if case == "disabled":
        from chalicelib.auth.staff import Staff, find_staff

        find_staff(member.id).update(actions=[Staff.disabled.set(True)])
    email = "nadie@portico.example" if case == "unknown address" else member.email
    password = "otra-cosa-distinta-1" if case == "wrong password" else STAFF_PASSWORD
    b = new_browser()
    r = b.post("/staff/auth/login", {"email": email, "password": password,
                                     "totp": member.backup_codes[0]})
    assert (r.status, r.error["code"]) == (401, "invalid_credentials")
    assert b.cookies == {}


def test_a_customer_account_signs_in_no_member_of_staff(customer, new_browser):
    # The same address and password as a customer's: staff sign-ins are their own items.
    r = new_browser().post("/staff/auth/login", {"email": "ana@example.com",
                                                 "password": "castillo-de-arena-42"})
    assert (r.status, r.error["code"]) == (401, "invalid_credentials")


# First sign-in: setting up the second factor

def test_without_a_second_factor_the_session_only_reaches_its_set_up(new_browser):
    member = make_member(two_factor=False)
    b = new_browser()
    r = sign_in(b, member)
    assert r.status == 200 and r.json["two_factor_setup_required"] is True
    setup_ops = {(op.method, op.path) for op in STAFF_OPERATIONS if op.access.setup}
    assert setup_ops == {("POST", "/staff/auth/two-factor"), ("POST", "/staff/auth/two-factor/confirm"),
                         ("POST", "/staff/auth/logout")}
    for op in STAFF_OPERATIONS:
        if not op.access.setup:
            r = call(b, op)
            assert (r.status, r.error["code"]) == (403, "forbidden"), (op.method, op.path)
    setup = b.post("/staff/auth/two-factor").json
    assert setup["otpauth_uri"].startswith("otpauth://totp/Portico:marta%40portico.example")
    assert setup["qr_svg"].startswith("<svg")
    r = b.post("/staff/auth/two-factor/confirm", {"code": "000000"})
    assert (r.status, r.error["code"]) == (401, "totp_invalid")
    r = b.post("/staff/auth/two-factor/confirm", {"code": totp.code(setup["secret"])})
    assert r.status == 200 and len(set(r.json["backup_codes"])) == 10
    # The same session now reaches the console, and the next sign-in asks for a code.
    assert b.get("/staff/me").json["two_factor_setup_required"] is False
    assert b.get("/staff/home").status == 200
    r = new_browser().post("/staff/auth/login", {"email": member.email, "password": STAFF_PASSWORD})
    assert (r.status, r.error["code"]) == (401, "totp_required")
    r = b.post("/staff/auth/two-factor")
    assert (r.status, r.error["code"]) == (409, "conflict")


def test_confirming_needs_a_started_set_up(new_browser):
    member = make_member(two_factor=False)
    b = new_browser()
    sign_in(b, member)
    r = b.post("/staff/auth/two-factor/confirm", {"code": "123456"})
    assert (r.status, r.error["code"]) == (422, "validation_failed") and "code" in r.error["fields"]


def test_an_admin_resets_a_members_second_factor(staff_as, new_browser):
    _, admin = staff_as("admin")
    member, member_browser = staff_as("support")
    r = admin.post(f"/staff/members/{member.id}/two-factor-reset")
    assert r.status == 200 and r.json["two_factor_enabled"] is False
    assert member_browser.get("/staff/me").status == 401  # its sessions ended
    b = new_browser()
    r = sign_in(b, member, totp="")
    assert r.status == 200 and r.json["two_factor_setup_required"] is True
    r = sign_in(new_browser(), member)  # an old backup code is gone with the factor
    assert r.json["two_factor_setup_required"] is True


# One cookie per kind of person

def test_a_staff_cookie_authenticates_no_customer_route(customer, staff_as):
    _, b = staff_as("admin")
    b.cookies["portico_session"] = "forged"  # and the staff one besides
    customer_ops = [op for op in operations() if op.access.kind == "customer"]
    assert len(customer_ops) > 20
    for op in customer_ops:
        r = call(b, op)
        assert (r.status, r.error["code"]) == (401, "unauthenticated"), (op.method, op.path)


def test_a_customer_cookie_authenticates_no_staff_route(customer):
    assert len(STAFF_OPERATIONS) >= 15
    for op in STAFF_OPERATIONS:
        r = call(customer, op)
        assert (r.status, r.error["code"]) == (401, "unauthenticated"), (op.method, op.path)
    assert customer.get("/account").status == 200


def test_a_staff_session_cookie_renamed_as_a_customers_is_nobody(staff_as, new_browser):
    _, b = staff_as("admin")
    forged = new_browser()
    forged.cookies["portico_session"] = b.cookies["portico_staff"]
    assert forged.get("/auth/me").status == 401
    crossed = new_browser()
    crossed.post("/auth/register", registration(email="cruzado@example.com"))
    crossed.cookies["portico_staff"] = crossed.cookies.pop("portico_session")
    assert crossed.get("/staff/me").status == 401


# Sessions end

def _age(member_id, **changes):
    from chalicelib.auth.staff import StaffSession
    from chalicelib.auth.staff_sessions import staff_sessions

    for session in staff_sessions(member_id):
        session.update(actions=[getattr(StaffSession, k).set(v) for k, v in changes.items()])


def test_an_idle_staff_session_ends_after_30_minutes(staff_as):
    from chalicelib.db import utcnow

    member, b = staff_as("support")
    _age(member.id, last_seen_at=utcnow() - timedelta(minutes=29))
    assert b.get("/staff/me").status == 200
    _age(member.id, last_seen_at=utcnow() - timedelta(minutes=31))
    assert b.get("/staff/me").status == 401


def test_a_staff_session_ends_after_8_hours_however_busy(staff_as):
    from chalicelib.db import utcnow

    member, b = staff_as("support")
    _age(member.id, expires_at=utcnow() - timedelta(seconds=1), last_seen_at=utcnow())
    assert b.get("/staff/me").status == 401


def test_a_disabled_member_is_shut_out_at_once(staff_as):
    _, admin = staff_as("admin")
    member, b = staff_as("billing")
    assert b.get("/staff/home").status == 200
    r = admin.patch(f"/staff/members/{member.id}", {"disabled": True})
    assert r.status == 200 and r.json["disabled"] is True
    assert b.get("/staff/home").status == 401
    from chalicelib.auth.staff_sessions import staff_sessions

    assert staff_sessions(member.id) == []


def test_a_disabled_member_whose_session_remained_is_refused_anyway(staff_as):
    from chalicelib.auth.staff import Staff, find_staff

    member, b = staff_as("billing")
    # As if the sessions' deletion had not happened: the loader reads the member each time.
    find_staff(member.id).update(actions=[Staff.disabled.set(True)])
    assert b.get("/staff/me").status == 401


def test_logout_ends_the_session(staff_as):
    _, b = staff_as("support")
    cookie = b.cookies["portico_staff"]
    r = b.post("/staff/auth/logout")
    assert r.status == 204 and "Max-Age=0" in r.headers["Set-Cookie"]
    b.cookies["portico_staff"] = cookie
    assert b.get("/staff/me").status == 401


def test_changing_the_password_ends_the_other_sessions(staff_as, new_browser):
    member, b = staff_as("support")
    other = new_browser()
    assert sign_in(other, member).status == 200
    r = b.post("/staff/me/password", {"current_password": "no-es-esta-1234", "new_password": "nuevo-faro-99"})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    r = b.post("/staff/me/password", {"current_password": STAFF_PASSWORD, "new_password": "nuevo-faro-99"})
    assert r.status == 204
    assert other.get("/staff/me").status == 401
    assert b.get("/staff/me").status == 200
    member.password = "nuevo-faro-99"
    assert sign_in(new_browser(), member).status == 200


def test_logout_others_keeps_this_session(staff_as, new_browser):
    member, b = staff_as("support")
    other = new_browser()
    sign_in(other, member)
    assert b.post("/staff/auth/logout-others").status == 204
    assert other.get("/staff/me").status == 401 and b.get("/staff/me").status == 200


def test_new_backup_codes_need_the_password_and_a_code_and_replace_the_old(staff_as, new_browser):
    member, b = staff_as("support")
    old = member.backup_codes[0]
    r = b.post("/staff/me/backup-codes", {"current_password": "no-es-esta-1234",
                                          "code": totp.code(member.totp_secret)})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    r = b.post("/staff/me/backup-codes", {"current_password": STAFF_PASSWORD, "code": "000000"})
    assert (r.status, r.error["code"]) == (401, "totp_invalid")
    r = b.post("/staff/me/backup-codes", {"current_password": STAFF_PASSWORD,
                                          "code": totp.code(member.totp_secret)})
    assert r.status == 200 and len(set(r.json["backup_codes"])) == 10
    r2 = sign_in(new_browser(), member, totp=old)
    assert (r2.status, r2.error["code"]) == (401, "totp_invalid")
    assert sign_in(new_browser(), member, totp=r.json["backup_codes"][0]).status == 200


# Password links

def test_an_invited_member_chooses_its_password_from_the_link(staff_as, new_browser):
    _, admin = staff_as("admin")
    r = admin.post("/staff/members", {"email": "nuevo@portico.example", "name": "Nuevo",
                                      "role": "support", "language": "en"})
    assert r.status == 201 and r.json["password_set"] is False
    message = mail.last_to("nuevo@portico.example")
    assert message["Subject"].endswith("staff console")
    assert "/en/staff/set-password/?token=" in mail.text_of(message)
    token = mail.token_from(message)
    r = new_browser().post("/staff/auth/password", {"token": token, "password": "123"})
    assert (r.status, r.error["code"]) == (422, "validation_failed")
    assert new_browser().post("/staff/auth/password", {"token": token, "password": "mi-faro-propio-7"}).status == 204
    r = new_browser().post("/staff/auth/password", {"token": token, "password": "otro-faro-propio-8"})
    assert (r.status, r.error["code"]) == (400, "invalid_token")
    b = new_browser()
    r = b.post("/staff/auth/login", {"email": "nuevo@portico.example", "password": "mi-faro-propio-7"})
    assert r.status == 200 and r.json["two_factor_setup_required"] is True


def test_a_password_link_is_useless_once_the_password_changed(staff_as, new_browser):
    _, admin = staff_as("admin")
    member, b = staff_as("support")
    assert admin.post(f"/staff/members/{member.id}/password-link").status == 202
    first = mail.token_from(mail.last_to(member.email))
    assert admin.post(f"/staff/members/{member.id}/password-link").status == 202
    second = mail.token_from(mail.last_to(member.email))
    assert sign_in(new_browser(), member).status == 200  # the old password works meanwhile
    assert new_browser().post("/staff/auth/password", {"token": second, "password": "faro-segundo-22"}).status == 204
    r = new_browser().post("/staff/auth/password", {"token": first, "password": "faro-primero-11"})
    assert (r.status, r.error["code"]) == (400, "invalid_token")
    assert b.get("/staff/me").status == 401  # choosing a password ended the sessions


# Where staff may work from

def test_staff_networks_keep_the_console_to_the_companys_addresses(staff_as, new_browser,
                                                                   override_settings):
    member, b = staff_as("support")
    override_settings(staff_networks=("10.0.0.0/8", "2001:db8::/32"))
    r = b.get("/staff/me")  # signed in from 203.0.113.20
    assert (r.status, r.error["code"]) == (403, "forbidden")
    r = sign_in(new_browser(ip="198.51.100.9"), member)
    assert (r.status, r.error["code"]) == (403, "forbidden")
    assert sign_in(new_browser(ip="10.20.30.40"), member).status == 200
    assert sign_in(new_browser(ip="2001:db8::5"), member).status == 200
