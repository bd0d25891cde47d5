"""Registrarse: validation, one account per address, welcome e-mail, signed in."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.conftest import registration
from tests.support import mail

PROFILE_FIELDS = {"id", "email", "email_verified", "first_name", "last_name", "company", "tax_id",
                  "address1", "address2", "city", "state", "postcode", "country", "phone",
                  "language", "marketing_opt_in", "two_factor_enabled", "phone_display", "created_at",
                  "vat_check"}


def test_register_answers_201_with_the_profile_and_signs_in(browser):
    r = browser.post("/auth/register", registration(email="Ana@Example.com", country="es",
                                                    company="Taller S.L.", tax_id="B12345674"))
    assert r.status == 201
    assert set(r.json) == PROFILE_FIELDS
    assert r.json["email"] == "Ana@example.com"
    assert r.json["country"] == "ES"
    assert r.json["phone"] == "+34612345678"
    assert r.json["phone_display"] == "+34 612 34 56 78"
    assert r.json["email_verified"] is False
    assert r.json["created_at"].endswith("Z")
    assert browser.get("/account").json["id"] == r.json["id"]


def test_session_cookie_is_httponly_lax_root_path_and_not_secure_over_http(browser):
    r = browser.post("/auth/register", registration())
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("portico_session=")
    for part in ("HttpOnly", "SameSite=Lax", "Path=/"):
        assert part in cookie
    assert "Secure" not in cookie


def test_welcome_email_carries_the_address_and_a_verification_link(browser):
    browser.post("/auth/register", registration())
    message = mail.last_to("ana@example.com")
    assert message["Subject"] == "Bienvenido a Portico Hosting"
    text = mail.text_of(message)
    assert "ana@example.com" in text
    token = mail.token_from(message)
    assert browser.post("/auth/verify-email", {"token": token}).status == 204
    assert browser.get("/account").json["email_verified"] is True
    # the link is single-use
    assert browser.post("/auth/verify-email", {"token": token}).error["code"] == "invalid_token"


def test_english_customer_gets_english_welcome(browser):
    browser.post("/auth/register", registration(language="en"))
    assert mail.last_to("ana@example.com")["Subject"] == "Welcome to Portico Hosting"


def test_same_address_in_another_case_is_409_email_taken(browser, new_browser):
    browser.post("/auth/register", registration())
    r = new_browser().post("/auth/register", registration(email="ANA@EXAMPLE.COM"))
    assert (r.status, r.error["code"]) == (409, "email_taken")


def test_concurrent_signups_with_one_address_create_exactly_one_account(new_browser):
    addresses = ["race@example.com", "RACE@example.com", "Race@Example.com", "race@EXAMPLE.com"] * 2

    def sign_up(address):
        return new_browser(ip=f"203.0.113.{len(address)}").post(
            "/auth/register", registration(email=address)).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(sign_up, addresses))
    assert sorted(statuses) == [201] + [409] * 7


@pytest.mark.parametrize("field, value, message", [
    ("password", "short-pw", "La contraseña debe tener al menos 10 caracteres."),
    ("password", "password1234", "Esta contraseña es demasiado común. Elija otra."),
    ("password", "ana@example.com", "La contraseña no puede ser su correo electrónico."),
    ("email", "ana@", "Introduzca un correo electrónico válido."),
    ("country", "XX", "Elija un país válido (código ISO de dos letras)."),
    ("phone", "12", "Introduzca un teléfono válido con prefijo internacional."),
    ("postcode", "", "Este campo es obligatorio."),
    ("accept_terms", False, "Debe aceptar las condiciones y la política de privacidad."),
    ("language", "fr", "Idioma no admitido (es o en)."),
    ("marketing_opt_in", "yes", "Tipo de dato no válido."),
])
def test_bad_field_is_422_with_its_message_and_creates_nothing(browser, field, value, message):
    r = browser.post("/auth/register", registration(**{field: value}))
    assert (r.status, r.error["code"]) == (422, "validation_failed")
    assert r.error["fields"][field] == message
    assert "Set-Cookie" not in r.headers
    assert browser.post("/auth/register", registration()).status == 201


def test_missing_required_fields_are_each_named(browser):
    r = browser.post("/auth/register", {})
    assert r.status == 422
    assert {"email", "password", "first_name", "last_name", "address1", "city", "postcode",
            "country", "phone", "accept_terms"} <= set(r.error["fields"])


def test_terms_acceptance_is_recorded_in_the_activity_log(browser):
    browser.post("/auth/register", registration())
    events = [e["event"] for e in browser.get("/account/activity").json["items"]]
    assert events == ["registered"]


def test_signups_are_throttled_per_ip(new_browser, override_settings):
    override_settings(signup_per_ip=2)
    statuses = [new_browser(ip="192.0.2.1").post(
        "/auth/register", registration(email=f"u{i}@example.com")).status for i in range(3)]
    assert statuses == [201, 201, 429]


def test_register_checks_postcode_and_tax_id_for_the_country(browser):
    r = browser.post("/auth/register", registration(postcode="99999", tax_id="B12345675"))
    assert r.status == 422 and set(r.error["fields"]) == {"postcode", "tax_id"}
    r = browser.post("/auth/register", registration(country="NL", postcode="1012ab", tax_id="nl004495445b01",
                                                    phone="+31 20 123 4567"))
    assert (r.status, r.json["postcode"], r.json["tax_id"]) == (201, "1012 AB", "NL004495445B01")


# Internationalised addresses. SES has no SMTPUTF8: a Unicode domain is accepted (shown in
# Unicode, sent in Punycode); a non-ASCII local part is refused before anything is created.

IDN = "ana@bücher.example"
# The same mailbox spelt otherwise: Punycode, upper case, decomposed ü, full-width letter.
IDN_SPELLINGS = ["ana@xn--bcher-kva.example", "ANA@BÜCHER.EXAMPLE", "ana@bu\u0308cher.example",
                 "Ana@XN--BCHER-KVA.example", "ana@ｂücher.example"]


def test_internationalised_domain_signs_up_shown_in_unicode_and_mailed_in_punycode(browser):
    r = browser.post("/auth/register", registration(email=IDN))
    assert r.status == 201, r.body
    assert r.json["email"] == IDN
    welcome = mail.last_to("ana@xn--bcher-kva.example")
    assert str(welcome["To"]) == "Ana García <ana@xn--bcher-kva.example>"
    assert welcome["Subject"] == "Bienvenido a Portico Hosting"
    assert [e["status"] for e in browser.get("/account/emails").json["items"]] == ["sent"]
    token = mail.token_from(welcome)
    assert browser.post("/auth/verify-email", {"token": token}).status == 204


@pytest.mark.parametrize("address", ["josé@example.com", "ñandú@bücher.example", "用户@example.com",
                                     "ana\u0301@example.com", "аna@example.com"])
def test_non_ascii_local_part_is_422_on_email_and_creates_nothing(browser, address):
    r = browser.post("/auth/register", registration(email=address))
    assert (r.status, r.error["code"]) == (422, "validation_failed"), r.body
    assert r.error["fields"]["email"] == ("La parte antes de la @ no puede llevar letras acentuadas "
                                          "ni caracteres no latinos.")
    assert "Set-Cookie" not in r.headers
    assert mail.sent() == []
    # nothing half-made: the address's ASCII neighbour signs up normally
    assert browser.post("/auth/register", registration()).status == 201


@pytest.mark.parametrize("first, second", [(IDN, s) for s in IDN_SPELLINGS]
                         + [("ana@xn--bcher-kva.example", IDN)])
def test_one_mailbox_in_another_spelling_is_409_email_taken(new_browser, first, second):
    assert new_browser().post("/auth/register", registration(email=first)).status == 201
    r = new_browser().post("/auth/register", registration(email=second))
    assert (r.status, r.error["code"]) == (409, "email_taken"), r.body


def test_every_spelling_reaches_the_one_sign_in_and_its_reset(new_browser):
    assert new_browser().post("/auth/register", registration(email=IDN)).status == 201
    for spelling in IDN_SPELLINGS:
        r = new_browser().post("/auth/login", {"email": spelling, "password": "castillo-de-arena-42"})
        assert (r.status, r.json.get("email")) == (200, IDN), (spelling, r.body)
    before = len(mail.to("ana@xn--bcher-kva.example"))
    assert new_browser().post("/auth/password-reset", {"email": "ana@xn--bcher-kva.example"}).status == 202
    reset = mail.to("ana@xn--bcher-kva.example")
    assert len(reset) == before + 1 and reset[-1]["Subject"] == "Restablecer su contraseña"


def test_another_spelling_cannot_take_the_address_as_a_contact_or_a_new_sign_in_address(
        new_browser):
    owner = new_browser()
    assert owner.post("/auth/register", registration(email=IDN)).status == 201
    other = new_browser()
    assert other.post("/auth/register", registration(email="otro@example.com")).status == 201
    for spelling in IDN_SPELLINGS:
        r = other.post("/account/contacts", {"first_name": "Eva", "last_name": "Ruiz", "email": spelling,
                                             "permissions": ["invoices"]})
        assert (r.status, r.error.get("code")) == (409, "email_taken"), (spelling, r.body)
        r = other.patch("/account", {"email": spelling, "current_password": "castillo-de-arena-42"})
        assert (r.status, r.error.get("code")) == (409, "email_taken"), (spelling, r.body)
    assert other.get("/account/contacts").json["items"] == []
    assert other.get("/account").json["email"] == "otro@example.com"


def test_failed_sign_ins_in_different_spellings_count_against_one_address(new_browser):
    assert new_browser().post("/auth/register", registration(email=IDN)).status == 201
    statuses = [new_browser(ip=f"203.0.113.{i}").post("/auth/login", {
        "email": spelling, "password": "wrong-wrong-wrong"}).status
        for i, spelling in enumerate([IDN, *IDN_SPELLINGS])]
    assert statuses == [401] * 5 + [429]
