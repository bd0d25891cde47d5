"""Mis Datos: read and change the profile, change the address, change the password."""

import pytest

from tests.api.conftest import registration
from tests.support import mail
from tests.support.accounts import PASSWORD, login


def test_patch_changes_only_what_is_sent(customer):
    r = customer.patch("/account", {"tax_id": "B12345674", "address2": "2º A", "city": "Sevilla",
                                    "country": "ES", "phone": "+351 912 345 678"})
    assert r.status == 200
    assert (r.json["tax_id"], r.json["address2"], r.json["city"]) == ("B12345674", "2º A", "Sevilla")
    assert r.json["phone"] == "+351912345678"
    assert r.json["first_name"] == "Ana"
    assert customer.get("/account").json == r.json
    assert customer.get("/account/activity").json["items"][0]["event"] == "profile_changed"


def test_optional_fields_clear_with_null_or_empty(customer):
    customer.patch("/account", {"company": "ACME", "state": "Madrid"})
    r = customer.patch("/account", {"company": None, "state": ""})
    assert (r.json["company"], r.json["state"]) == ("", "")


def test_required_fields_cannot_be_cleared_and_nothing_changes(customer):
    r = customer.patch("/account", {"first_name": "", "last_name": None, "city": "Bilbao"})
    assert r.status == 422
    assert set(r.error["fields"]) == {"first_name", "last_name"}
    assert customer.get("/account").json["city"] == "Madrid"


def test_read_only_and_unknown_fields_are_refused(customer):
    r = customer.patch("/account", {"email_verified": True, "id": "x"})
    assert r.status == 422 and set(r.error["fields"]) == {"email_verified", "id"}


def test_a_national_phone_number_is_read_in_the_profile_country(customer):
    assert customer.patch("/account", {"country": "PT", "postcode": "1100-148", "phone": "912 345 678"}).json["phone"] == "+351912345678"
    r = customer.patch("/account", {"phone": "12"})
    assert r.status == 422 and "phone" in r.error["fields"]


def test_language_drives_emails_and_errors(customer, new_browser):
    assert customer.patch("/account", {"language": "en"}).json["language"] == "en"
    # The page's own language answers its errors; the account's, its e-mails.
    assert customer.patch("/account", {"city": ""}).error["message"] == "Revise los campos marcados."
    new_browser().post("/auth/password-reset", {"email": "ana@example.com"})
    assert mail.last_to("ana@example.com")["Subject"].isascii()  # the English e-mail


def test_changing_email_needs_the_password(customer):
    r = customer.patch("/account", {"email": "nueva@example.com"})
    assert r.status == 422 and "current_password" in r.error["fields"]
    r = customer.patch("/account", {"email": "nueva@example.com", "current_password": "wrong-wrong-1"})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    assert customer.get("/account").json["email"] == "ana@example.com"


def test_changing_email_verifies_the_new_and_tells_the_old(customer, new_browser):
    r = customer.patch("/account", {"email": "nueva@example.com", "current_password": PASSWORD,
                                    "city": "Toledo"})
    assert r.status == 200
    assert (r.json["email"], r.json["email_verified"], r.json["city"]) == ("nueva@example.com", False, "Toledo")
    assert mail.last_to("ana@example.com")["Subject"] == "El correo de su cuenta ha cambiado"
    token = mail.token_from(mail.last_to("nueva@example.com"))
    assert customer.post("/auth/verify-email", {"token": token}).status == 204
    assert customer.get("/account").json["email_verified"] is True
    assert login(new_browser(), email="nueva@example.com").status == 200
    assert login(new_browser(), email="ana@example.com").status == 401
    # the old address is free again
    assert new_browser().post("/auth/register", registration()).status == 201


def test_changing_email_to_a_taken_address_is_409(customer, new_browser):
    new_browser().post("/auth/register", registration(email="otra@example.com"))
    r = customer.patch("/account", {"email": "OTRA@example.com", "current_password": PASSWORD})
    assert (r.status, r.error["code"]) == (409, "email_taken")
    assert customer.get("/account").json["email"] == "ana@example.com"


def test_change_password_needs_the_current_one_and_ends_the_other_sessions(customer, new_browser):
    other = new_browser()
    login(other)
    r = customer.post("/account/password", {"current_password": "wrong-wrong-1", "new_password": "x" * 12})
    assert (r.status, r.error["code"]) == (403, "invalid_password")
    r = customer.post("/account/password", {"current_password": PASSWORD, "new_password": "short"})
    assert r.status == 422 and "new_password" in r.error["fields"]
    assert customer.post("/account/password", {"current_password": PASSWORD,
                                               "new_password": "marea-alta-2026"}).status == 204
    assert customer.get("/account").status == 200
    assert other.get("/account").status == 401
    assert login(new_browser(), password="marea-alta-2026").status == 200
    assert mail.last_to("ana@example.com")["Subject"] == "Su contraseña ha cambiado"


def test_security_question_needs_the_password_and_never_shows_the_answer(customer):
    body = {"current_password": "wrong-wrong-1", "question": "first_pet", "answer": "Toby"}
    assert customer.put("/account/security-question", body).error["code"] == "invalid_password"
    body["current_password"] = PASSWORD
    assert customer.put("/account/security-question", body).status == 204
    assert customer.get("/account/security-question").json == {
        "question": "first_pet", "question_text": "¿Cuál era el nombre de su primera mascota?"}
    assert customer.get("/account/activity").json["items"][0]["event"] == "security_question_changed"


@pytest.mark.parametrize("question", ["¿Mascota?", "FIRST_PET", "first pet", "", None, 7])
def test_security_question_must_be_one_of_the_list(customer, question):
    r = customer.put("/account/security-question",
                     {"current_password": PASSWORD, "question": question, "answer": "Toby"})
    assert r.status == 422 and "question" in r.error["fields"]
    assert customer.get("/account/security-question").json["question"] is None


def test_a_question_typed_freely_before_the_list_keeps_working(customer, new_browser):
    from chalicelib.accounts.passwords import hash_answer
    from chalicelib.auth.models import Login

    signin = Login.get(*Login.key("ana@example.com"))
    signin.update(actions=[Login.security_question.set("¿Nombre de mi abuelo?"),
                           Login.security_answer_hash.set(hash_answer("Paco"))])
    assert customer.get("/account/security-question").json == {
        "question": "¿Nombre de mi abuelo?", "question_text": "¿Nombre de mi abuelo?"}
    # A text the old page offered is read as its key, in the reader's language.
    signin.update(actions=[Login.security_question.set("What was your first school?")])
    assert customer.get("/account/security-question").json == {
        "question": "first_school", "question_text": "¿Cuál fue su primer colegio?"}


def test_new_password_must_differ_from_the_current_one(customer, new_browser):
    r = customer.post("/account/password", {"current_password": PASSWORD, "new_password": PASSWORD})
    assert r.status == 422
    assert r.error["fields"]["new_password"] == "La nueva contraseña debe ser distinta de la actual."
    assert login(new_browser()).status == 200


def test_dashboard_counts_what_exists(customer):
    customer.post("/account/contacts", {"first_name": "Luis", "last_name": "P", "email": "l@example.com"})
    d = customer.get("/dashboard").json
    assert d["contacts"] == 1
    assert d["services"]["active"] == 0 and d["invoices"]["total_due"] == {"amount": 0, "currency": "EUR"}
    assert d["client"]["email_verified"] is False
    assert d["recent_emails"][0]["subject"] == "Bienvenido a Portico Hosting"


def test_verification_email_can_be_sent_again(customer):
    assert customer.post("/account/verification-email").status == 202
    message = mail.last_to("ana@example.com")
    assert message["Subject"] == "Confirme su nueva dirección de correo"
    assert "/clientarea/verify-email/?token=" in mail.text_of(message)
    assert customer.post("/auth/verify-email", {"token": mail.token_from(message)}).status == 204


def test_postcode_and_tax_id_are_checked_for_the_country_and_stored_normalised(customer):
    r = customer.patch("/account", {"postcode": "2801", "tax_id": "12345678A"})
    assert r.status == 422
    assert r.error["fields"] == {
        "postcode": "El código postal no tiene el formato de este país (por ejemplo, 28013).",
        "tax_id": "Introduzca un NIF, NIE o CIF válido (por ejemplo, 12345678Z).",
    }
    r = customer.patch("/account", {"postcode": " 08001 ", "tax_id": "x-1234567-l"})
    assert (r.status, r.json["postcode"], r.json["tax_id"]) == (200, "08001", "X1234567L")


def test_a_new_country_rechecks_the_postcode_and_tax_id_it_had(customer):
    assert customer.patch("/account", {"tax_id": "12345678Z"}).status == 200
    r = customer.patch("/account", {"country": "PT", "phone": "+34 612 345 678"})
    assert r.status == 422 and set(r.error["fields"]) == {"postcode", "tax_id"}
    r = customer.patch("/account", {"country": "PT", "postcode": "1100148", "tax_id": "501 964 843"})
    assert (r.status, r.json["postcode"], r.json["tax_id"]) == (200, "1100-148", "PT501964843")
    # Changing something else never trips over what is stored.
    assert customer.patch("/account", {"city": "Lisboa"}).status == 200


def test_phone_is_shown_for_people_and_stored_in_e164(customer):
    r = customer.patch("/account", {"phone": "612345679"})
    assert (r.json["phone"], r.json["phone_display"]) == ("+34612345679", "+34 612 34 56 79")
