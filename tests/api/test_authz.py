"""Authorisation, tried as an attacker would: a login contact acts only within its rights,
on its own sign-in, and never on the owner's (issue 8, items 1-4)."""

import pytest

from tests.api.test_contacts import CONTACT_PASSWORD, add
from tests.api.test_two_factor import code_for
from tests.support import mail
from tests.support.accounts import PASSWORD, login


def owner_login(customer):
    from chalicelib.auth.models import Login

    client_id = customer.get("/account").json["id"]
    return next(i for i in Login.scan() if i.client_id == client_id and i.contact_id is None)


# Item 1: the owner's sign-in is the owner's alone.

def test_a_contact_cannot_change_the_owner_sign_in_address(customer, signed_in_contact, new_browser):
    _, b = signed_in_contact(["profile"])
    for password in (CONTACT_PASSWORD, PASSWORD):
        r = b.patch("/account", {"email": "evil@example.com", "current_password": password})
        assert (r.status, r.error["code"]) == (403, "forbidden")
    # even "changing" it to itself, or alongside a profile field, is refused, and nothing moves
    r = b.patch("/account", {"email": "ana@example.com", "city": "Vigo"})
    assert (r.status, r.error["code"]) == (403, "forbidden")
    account = customer.get("/account").json
    assert (account["email"], account["city"]) == ("ana@example.com", "Madrid")
    assert login(new_browser()).status == 200
    assert login(new_browser(), email="evil@example.com").status == 401
    assert not mail.to("evil@example.com")


def test_a_contact_with_profile_still_edits_the_profile_fields(signed_in_contact):
    _, b = signed_in_contact(["profile"])
    r = b.patch("/account", {"city": "Vigo", "phone": "+34 600 111 222"})
    assert r.status == 200 and (r.json["city"], r.json["email"]) == ("Vigo", "ana@example.com")


def test_password_change_acts_on_the_contacts_own_sign_in(customer, signed_in_contact, new_browser):
    _, b = signed_in_contact(["invoices"])
    r = b.post("/account/password", {"current_password": PASSWORD, "new_password": "zorro-veloz-31"})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    r = b.post("/account/password", {"current_password": CONTACT_PASSWORD,
                                     "new_password": "zorro-veloz-31"})
    assert r.status == 204
    assert login(new_browser(), email="luis@example.com", password="zorro-veloz-31").status == 200
    assert login(new_browser()).status == 200  # the owner's password is untouched
    assert login(new_browser(), password="zorro-veloz-31").status == 401
    assert customer.get("/account").status == 200  # and the owner's session lives on


def test_security_question_is_the_contacts_own(customer, signed_in_contact):
    _, b = signed_in_contact(["invoices"])
    body = {"question": "first_pet", "answer": "Toby"}
    r = b.put("/account/security-question", {**body, "current_password": PASSWORD})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    assert b.put("/account/security-question", {**body, "current_password": CONTACT_PASSWORD}).status == 204
    assert b.get("/account/security-question").json["question"] == "first_pet"
    assert customer.get("/account/security-question").json["question"] is None
    assert owner_login(customer).security_answer_hash is None


def test_two_factor_is_the_contacts_own(customer, signed_in_contact, new_browser):
    _, b = signed_in_contact(["invoices"])
    r = b.post("/account/two-factor", {"current_password": PASSWORD})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    setup = b.post("/account/two-factor", {"current_password": CONTACT_PASSWORD}).json
    secret = setup["secret"]
    assert "Portico:luis%40example.com" in setup["otpauth_uri"]
    assert b.post("/account/two-factor/confirm", {"code": code_for(secret)}).status == 200
    signin = owner_login(customer)
    assert (signin.totp_secret, signin.totp_pending_secret) == (None, None)
    assert customer.get("/account").json["two_factor_enabled"] is False
    assert login(new_browser()).status == 200  # the owner signs in without a code
    assert login(new_browser(), email="luis@example.com", password=CONTACT_PASSWORD).error["code"] == "totp_required"
    r = b.request("DELETE", "/account/two-factor", {"current_password": PASSWORD, "code": code_for(secret)})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    r = b.request("DELETE", "/account/two-factor", {"current_password": CONTACT_PASSWORD,
                                                    "code": code_for(secret, 1)})
    assert r.status == 204


def test_owner_two_factor_cannot_be_turned_off_by_a_contact(customer, signed_in_contact):
    secret = customer.post("/account/two-factor", {"current_password": PASSWORD}).json["secret"]
    codes = customer.post("/account/two-factor/confirm", {"code": code_for(secret)}).json["backup_codes"]
    _, b = signed_in_contact(["profile"])
    r = b.request("DELETE", "/account/two-factor", {"current_password": PASSWORD, "code": codes[0]})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    r = b.request("DELETE", "/account/two-factor", {"current_password": CONTACT_PASSWORD, "code": codes[0]})
    assert (r.status, r.error["code"]) == (409, "conflict")  # its own is off: nothing to turn off
    assert owner_login(customer).totp_secret == secret
    assert customer.get("/account").json["two_factor_enabled"] is True


def test_sessions_are_the_contacts_own(customer, signed_in_contact):
    _, b = signed_in_contact(["invoices"])
    owner_sessions = customer.get("/auth/sessions").json["items"]
    mine = b.get("/auth/sessions").json["items"]
    assert len(mine) == 1 and mine[0]["current"] is True
    assert not {s["id"] for s in mine} & {s["id"] for s in owner_sessions}
    r = b.delete(f"/auth/sessions/{owner_sessions[0]['id']}")
    assert (r.status, r.error["code"]) == (404, "not_found")
    assert b.post("/auth/logout-all").status == 204
    assert customer.get("/account").status == 200
    assert b.get("/auth/me").status == 401


# Item 2: only the owner gives sign-ins and rights.

def stored_contacts(customer):
    return sorted((c["email"], tuple(c["permissions"]), c["login_status"], c["city"])
                  for c in customer.get("/account/contacts").json["items"])


def test_a_contact_cannot_give_itself_permissions(customer, signed_in_contact):
    me, b = signed_in_contact(["contacts"])
    before = stored_contacts(customer)
    for body in ({"permissions": list(me["permissions"]) + ["profile", "emails"]},
                 {"permissions": []}, {"city": "Vigo"}, {"email": "otro@example.com"}):
        r = b.patch(f"/account/contacts/{me['id']}", body)
        assert (r.status, r.error["code"]) == (403, "forbidden"), body
    r = b.delete(f"/account/contacts/{me['id']}")
    assert (r.status, r.error["code"]) == (403, "forbidden")
    assert stored_contacts(customer) == before
    assert b.get("/auth/me").json["permissions"] == ["contacts"]


def test_a_contact_cannot_create_a_contact_with_a_sign_in(customer, signed_in_contact):
    _, b = signed_in_contact(["contacts"])
    before = stored_contacts(customer)
    for permissions in (["profile"], ["contacts"], ["invoices", "emails"]):
        r = add(b, email="mallory@example.com", permissions=permissions)
        assert (r.status, r.error["code"]) == (403, "forbidden")
    assert stored_contacts(customer) == before
    assert not mail.to("mallory@example.com")


def test_a_contact_cannot_touch_another_login_contact(customer, signed_in_contact):
    other, _ = signed_in_contact(["invoices"], email="eva@example.com")
    _, b = signed_in_contact(["contacts"])
    before = stored_contacts(customer)
    for body in ({"permissions": []}, {"permissions": ["profile", "invoices"]}, {"city": "Vigo"},
                 {"email": "mallory@example.com"}):
        r = b.patch(f"/account/contacts/{other['id']}", body)
        assert (r.status, r.error["code"]) == (403, "forbidden"), body
    r = b.delete(f"/account/contacts/{other['id']}")
    assert (r.status, r.error["code"]) == (403, "forbidden")
    assert stored_contacts(customer) == before


def test_a_contact_manages_contacts_without_sign_in(customer, signed_in_contact):
    _, b = signed_in_contact(["contacts"])
    plain = add(b, email="ines@example.com", permissions=[], email_preferences=["general"])
    assert plain.status == 201 and plain.json["login_status"] == "none"
    path = f"/account/contacts/{plain.json['id']}"
    assert b.patch(path, {"city": "Vigo", "permissions": []}).json["city"] == "Vigo"
    r = b.patch(path, {"permissions": ["invoices"]})
    assert (r.status, r.error["code"]) == (403, "forbidden")
    assert customer.get(path).json["permissions"] == []
    assert b.delete(path).status == 204
    assert customer.get(path).status == 404


def test_a_contact_loses_a_contact_once_the_owner_gives_it_a_sign_in(customer, signed_in_contact):
    _, b = signed_in_contact(["contacts"])
    plain = add(b, email="ines@example.com", permissions=[], email_preferences=["general"]).json
    path = f"/account/contacts/{plain['id']}"
    assert customer.patch(path, {"permissions": ["invoices"]}).status == 200
    assert b.patch(path, {"city": "Vigo"}).status == 403
    assert b.delete(path).status == 403
    assert customer.get(path).json["login_status"] == "invited"


def test_the_owner_still_manages_every_contact(customer, signed_in_contact):
    me, _ = signed_in_contact(["contacts"])
    path = f"/account/contacts/{me['id']}"
    assert customer.patch(path, {"permissions": ["contacts", "emails"]}).json["permissions"] == ["contacts", "emails"]
    assert customer.delete(path).status == 204


# Item 3: the dashboard shows each part only to who may see it.

DASHBOARD_PARTS = {"profile": {"client"}, "services": {"services"}, "domains": {"domains"},
                   "invoices": {"invoices"}, "tickets": {"tickets"}, "contacts": {"contacts"},
                   "emails": {"recent_emails"}, "orders": set(), "affiliates": set()}


@pytest.mark.parametrize("permission", sorted(DASHBOARD_PARTS))
def test_dashboard_has_only_the_parts_a_contact_may_see(customer, signed_in_contact, permission):
    _, b = signed_in_contact([permission])
    r = b.get("/dashboard")
    # `me` (whose welcome it is) is everyone's; every other part needs its permission.
    assert r.status == 200 and set(r.json) == {"me"} | DASHBOARD_PARTS[permission]
    assert r.json["me"] == {"first_name": "Luis", "last_name": "Pérez", "role": "contact",
                            "permissions": [permission]}
    if permission != "profile":
        assert b"ana@example.com" not in r.body and b"Bienvenido" not in r.body


def test_dashboard_with_every_part_for_the_owner(customer, signed_in_contact):
    signed_in_contact(["invoices"])
    parts = set().union(*DASHBOARD_PARTS.values())
    answer = customer.get("/dashboard").json
    assert set(answer) == {"me"} | parts
    assert answer["me"]["role"] == "owner" and set(answer["me"]["permissions"]) == set(DASHBOARD_PARTS)


# Item 4: a contact's own security, and the owner's personal e-mails kept personal.

def send_invoice_email(client_id, n):
    from chalicelib.mail.send import send

    return send(client_id=client_id, to="ana@example.com", language="es", template="two_factor",
                kind="invoices", context={"first_name": f"Ana {n}", "enabled": True}).email_id


def test_me_tells_the_contacts_own_two_factor_state(customer, signed_in_contact):
    _, b = signed_in_contact(["invoices"])
    assert b.get("/auth/me").json["two_factor_enabled"] is False
    secret = b.post("/account/two-factor", {"current_password": CONTACT_PASSWORD}).json["secret"]
    b.post("/account/two-factor/confirm", {"code": code_for(secret)})
    assert b.get("/auth/me").json["two_factor_enabled"] is True
    assert customer.get("/auth/me").json["two_factor_enabled"] is False


def test_a_contact_with_emails_never_sees_the_owners_personal_emails(customer, signed_in_contact):
    customer.post("/account/password", {"current_password": PASSWORD, "new_password": "zorro-veloz-31"})
    _, b = signed_in_contact(["emails"])
    owner_items = customer.get("/account/emails?limit=100").json["items"]
    personal = [i for i in owner_items if i["kind"] == "account" and i["to"] == ["ana@example.com"]]
    assert {i["subject"] for i in personal} >= {"Bienvenido a Portico Hosting", "Su contraseña ha cambiado"}
    mine = b.get("/account/emails?limit=100").json["items"]
    assert mine and all(i["to"][0] == "luis@example.com" for i in mine)  # its own invitation
    for item in personal:
        r = b.get(f"/account/emails/{item['id']}")
        assert (r.status, r.error["code"]) == (404, "not_found")
    assert customer.get(f"/account/emails/{personal[0]['id']}").status == 200
    recent = b.get("/dashboard").json["recent_emails"]
    assert {e["id"] for e in recent} <= {i["id"] for i in mine}


def test_a_contacts_email_pages_stay_full_when_personal_ones_are_left_out(customer, signed_in_contact):
    _, b = signed_in_contact(["emails"])
    client_id = customer.get("/account").json["id"]
    visible = {i["id"] for i in b.get("/account/emails?limit=100").json["items"]}
    for n in range(5):
        visible.add(send_invoice_email(client_id, n))
        for _ in range(3):
            customer.post("/account/verification-email")  # personal to the owner
    seen, cursor, pages = [], None, []
    while True:
        r = b.get("/account/emails?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status == 200
        pages.append(len(r.json["items"]))
        seen += [i["id"] for i in r.json["items"]]
        cursor = r.json["next"]
        if not cursor:
            break
    assert set(seen) == visible and len(seen) == len(visible)
    assert all(size == 2 for size in pages[:-1]) and pages[-1] in (1, 2)


@pytest.mark.parametrize("leftover", ["contact deleted", "contact without permissions"])
def test_a_left_over_contact_sign_in_signs_nobody_in_least_of_all_as_the_owner(
        customer, signed_in_contact, new_browser, leftover):
    from chalicelib.auth.models import Contact

    contact, _ = signed_in_contact(["invoices"])
    client_id = customer.get("/account").json["id"]
    item = Contact.get(*Contact.key(client_id, contact["id"]))
    # What a crash between two writes could leave: the LOGIN# item without a live contact.
    if leftover == "contact deleted":
        item.delete()
    else:
        item.update(actions=[Contact.permissions.set([])])
    b = new_browser()
    r = login(b, email="luis@example.com", password=CONTACT_PASSWORD)
    assert (r.status, r.error["code"]) == (401, "invalid_credentials")
    assert b.cookies == {} and b.get("/account").status == 401


def test_a_contact_cannot_route_copies_of_what_it_may_not_read_to_any_address(customer, signed_in_contact):
    _, b = signed_in_contact(["contacts"])
    for kinds in (["invoices"], ["support"], ["products"], ["domains"], ["affiliates"]):
        r = add(b, email="yo@fuera.example", email_preferences=kinds)
        assert (r.status, r.error["code"]) == (403, "forbidden"), kinds
    assert add(b, email="yo@fuera.example", email_preferences=["general"]).status == 201
    # The owner's contact that gets the invoices: its address and kinds stay out of reach.
    billing = add(customer, email="facturas@empresa.example", email_preferences=["invoices"]).json
    general = next(c for c in customer.get("/account/contacts").json["items"] if c["email"] == "yo@fuera.example")
    r = b.patch(f"/account/contacts/{billing['id']}", {"email": "yo2@fuera.example"})
    assert (r.status, r.error["code"]) == (403, "forbidden")
    r = b.patch(f"/account/contacts/{general['id']}", {"email_preferences": ["general", "invoices"]})
    assert (r.status, r.error["code"]) == (403, "forbidden")
    assert b.patch(f"/account/contacts/{billing['id']}", {"city": "Vigo"}).status == 200
    stored = {c["email"]: c["email_preferences"] for c in customer.get("/account/contacts").json["items"]}
    assert stored["facturas@empresa.example"] == ["invoices"] and stored["yo@fuera.example"] == ["general"]


def test_a_contact_may_route_copies_it_may_read(customer, signed_in_contact):
    _, b = signed_in_contact(["contacts", "invoices"])
    assert add(b, email="yo@fuera.example", email_preferences=["invoices", "general"]).status == 201


def test_a_contacts_activity_log_holds_only_its_own_doings(customer, signed_in_contact, new_browser):
    _, b = signed_in_contact(["profile"])
    login(new_browser(), password="wrong-password-1")  # the owner's failed sign-in, from elsewhere
    actors = {i["actor"] for i in b.get("/account/activity").json["items"]}
    assert actors == {"luis@example.com"}
    owner_view = {i["actor"] for i in customer.get("/account/activity").json["items"]}
    assert {"owner", "luis@example.com"} <= owner_view


def test_me_tells_a_contacts_own_two_factor_state_without_reading_its_sign_in(customer, signed_in_contact):
    from bench.dynamodb_calls import counting

    _, b = signed_in_contact(["invoices"])
    with counting() as calls:
        assert b.get("/auth/me").json["two_factor_enabled"] is False
    assert [op for service, op in calls if service == "dynamodb"] == ["BatchGetItem"]  # the session's
    secret = b.post("/account/two-factor", {"current_password": CONTACT_PASSWORD}).json["secret"]
    assert b.post("/account/two-factor/confirm", {"code": code_for(secret)}).status == 200
    assert b.get("/auth/me").json["two_factor_enabled"] is True
    assert customer.get("/auth/me").json["two_factor_enabled"] is False
