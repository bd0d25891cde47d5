"""Administración de contactos: contacts, the e-mails they get, sign-in by invitation."""

import pytest

from tests.api.conftest import registration
from tests.support import mail, totp
from tests.support.accounts import PASSWORD, login

CONTACT_PASSWORD = "tortuga-marina-88"


def add(b, **overrides):
    body = {"first_name": "Luis", "last_name": "Pérez", "email": "luis@example.com",
            "email_preferences": ["invoices"], "permissions": []}
    body.update(overrides)
    return b.post("/account/contacts", body)


@pytest.fixture
def contact_login(customer, new_browser):
    """A contact with sign-in rights that accepted its invitation and signed in."""
    def make(permissions):
        contact = add(customer, permissions=permissions).json
        token = mail.token_from(mail.last_to("luis@example.com"))
        assert new_browser().post("/auth/accept-invitation",
                                  {"token": token, "password": CONTACT_PASSWORD}).status == 204
        b = new_browser()
        assert login(b, email="luis@example.com", password=CONTACT_PASSWORD).status == 200
        return contact, b
    return make


def test_add_list_get_edit_delete(customer):
    r = add(customer, phone="+34 600 000 001", country="ES")
    assert r.status == 201
    contact = r.json
    assert contact["email_preferences"] == ["invoices"] and contact["login_status"] == "none"
    assert customer.get("/account/contacts").json == {"items": [contact], "next": None}
    assert customer.get(f"/account/contacts/{contact['id']}").json == contact
    r = customer.patch(f"/account/contacts/{contact['id']}", {"city": "Cádiz", "email_preferences": ["general", "support"]})
    assert (r.json["city"], r.json["email_preferences"]) == ("Cádiz", ["general", "support"])
    assert customer.delete(f"/account/contacts/{contact['id']}").status == 204
    assert customer.get(f"/account/contacts/{contact['id']}").status == 404
    events = [e["event"] for e in customer.get("/account/activity").json["items"][:3]]
    assert events == ["contact_removed", "contact_changed", "contact_added"]


def test_contact_validation(customer):
    r = add(customer, email="nope", email_preferences=["spam"], permissions=["root"])
    assert r.status == 422 and {"email", "email_preferences", "permissions"} <= set(r.error["fields"])


def test_subscribed_contact_gets_a_copy_of_that_kind_only(customer):
    from chalicelib.mail.send import send

    add(customer, email_preferences=["invoices"])
    client_id = customer.get("/account").json["id"]
    send(client_id=client_id, to="ana@example.com", language="es", template="two_factor",
         kind="invoices", context={"first_name": "Ana", "enabled": True})
    assert "luis@example.com" in str(mail.sent()[-1]["Cc"])
    send(client_id=client_id, to="ana@example.com", language="es", template="two_factor",
         kind="general", context={"first_name": "Ana", "enabled": True})
    assert mail.sent()[-1]["Cc"] is None


def test_account_emails_with_links_never_go_to_contacts(customer, new_browser):
    add(customer, email_preferences=["general", "invoices", "support"])
    new_browser().post("/auth/password-reset", {"email": "ana@example.com"})
    assert mail.sent()[-1]["Cc"] is None


def test_permissions_invite_the_contact_who_chooses_a_password(customer, new_browser):
    contact = add(customer, permissions=["invoices"]).json
    assert contact["login_status"] == "invited"
    invitation = mail.last_to("luis@example.com")
    assert "le invita" in invitation["Subject"]
    token = mail.token_from(invitation)
    assert login(new_browser(), email="luis@example.com", password=CONTACT_PASSWORD).status == 401
    r = new_browser().post("/auth/accept-invitation", {"token": token, "password": "short"})
    assert r.status == 422
    assert new_browser().post("/auth/accept-invitation", {"token": token, "password": CONTACT_PASSWORD}).status == 204
    assert customer.get(f"/account/contacts/{contact['id']}").json["login_status"] == "active"
    r = login(new_browser(), email="luis@example.com", password=CONTACT_PASSWORD)
    assert r.status == 200 and r.json["role"] == "contact" and r.json["permissions"] == ["invoices"]


def test_contact_acts_on_the_owner_account_within_its_permissions(contact_login):
    _, b = contact_login(["profile", "emails"])
    assert b.get("/account").json["email"] == "ana@example.com"
    assert b.get("/account/emails").status == 200
    r = b.get("/account/contacts")
    assert (r.status, r.error["code"]) == (403, "forbidden")
    assert b.patch("/account", {"city": "Vigo"}).json["city"] == "Vigo"
    item = b.get("/account/activity").json["items"][0]
    assert (item["event"], item["actor"]) == ("profile_changed", "luis@example.com")


def test_contact_without_profile_permission_is_403_on_mis_datos(contact_login):
    _, b = contact_login(["invoices"])
    assert b.get("/account").error["code"] == "forbidden"
    assert b.get("/auth/me").json["role"] == "contact"


def test_revoking_a_contact_ends_its_access_at_once(customer, contact_login, new_browser):
    contact, b = contact_login(["profile"])
    assert customer.delete(f"/account/contacts/{contact['id']}").status == 204
    assert b.get("/account").status == 401
    assert login(new_browser(), email="luis@example.com", password=CONTACT_PASSWORD).status == 401


def test_removing_permissions_ends_the_sign_in(customer, contact_login):
    contact, b = contact_login(["profile"])
    customer.patch(f"/account/contacts/{contact['id']}", {"permissions": []})
    assert b.get("/account").status == 401


def test_changing_permissions_applies_to_the_next_request(customer, contact_login):
    contact, b = contact_login(["profile"])
    customer.patch(f"/account/contacts/{contact['id']}", {"permissions": ["emails"]})
    assert b.get("/account").status == 403
    assert b.get("/account/emails").status == 200


def test_login_contact_address_must_be_free(customer, new_browser):
    new_browser().post("/auth/register", registration(email="taken@example.com"))
    r = add(customer, email="TAKEN@example.com", permissions=["profile"])
    assert (r.status, r.error["code"]) == (409, "email_taken")
    assert customer.get("/account/contacts").json["items"] == []
    # a contact without sign-in may share an address
    assert add(customer, email="taken@example.com").status == 201


def test_a_login_contact_address_cannot_register(customer, new_browser):
    add(customer, permissions=["profile"])
    r = new_browser().post("/auth/register", registration(email="luis@example.com"))
    assert r.error["code"] == "email_taken"


def test_contact_can_reset_its_own_password(contact_login, new_browser):
    contact_login(["profile"])
    new_browser().post("/auth/password-reset", {"email": "luis@example.com"})
    token = mail.token_from(mail.last_to("luis@example.com"))
    assert new_browser().post("/auth/password-reset/confirm",
                              {"token": token, "new_password": "gaviota-azul-55"}).status == 204
    assert login(new_browser(), email="luis@example.com", password="gaviota-azul-55").status == 200
    assert login(new_browser()).status == 200  # the owner is untouched


def test_contact_can_turn_on_two_factor_for_itself(contact_login):
    _, b = contact_login(["profile"])
    secret = b.post("/account/two-factor", {"current_password": CONTACT_PASSWORD}).json["secret"]
    assert b.post("/account/two-factor/confirm", {"code": totp.code(secret)}).status == 200
    assert b.get("/account").json["two_factor_enabled"] is False  # the owner's own setting


def test_owner_password_is_not_a_contact_password(contact_login, new_browser):
    contact_login(["profile"])
    assert login(new_browser(), email="luis@example.com", password=PASSWORD).status == 401


@pytest.mark.parametrize("phone", ["12", "+34 12", "abc", "+999 612 345 678"])
def test_a_contact_phone_that_is_not_a_number_is_refused(customer, phone):
    r = add(customer, phone=phone, country="ES")
    assert r.status == 422 and "phone" in r.error["fields"]
    assert customer.get("/account/contacts").json["items"] == []


def test_a_contact_phone_is_stored_in_e164_and_shown_for_people(customer):
    r = add(customer, phone="612 345 678", country="ES")
    assert (r.json["phone"], r.json["phone_display"]) == ("+34612345678", "+34 612 34 56 78")
    # Without a country a number needs its international prefix.
    assert add(customer, email="b@example.com", phone="612 345 678").status == 422
    assert add(customer, email="c@example.com", phone="+351 912 345 678").json["phone"] == "+351912345678"


def test_a_contact_postcode_fits_its_country_and_a_new_country_rechecks_it(customer):
    r = add(customer, postcode="280", country="ES")
    assert r.status == 422 and "postcode" in r.error["fields"]
    contact = add(customer, postcode="28013", country="ES", phone="612345678").json
    r = customer.patch(f"/account/contacts/{contact['id']}", {"country": "NL"})
    assert r.status == 422 and set(r.error["fields"]) == {"postcode"}
    r = customer.patch(f"/account/contacts/{contact['id']}", {"country": "NL", "postcode": "1012ab", "phone": "020 123 4567"})
    assert (r.status, r.json["postcode"], r.json["phone"]) == (200, "1012 AB", "+31201234567")
