"""Sign-in and registration as a new customer meets them, against the real local stack:
focus on the first field in error, the password's rules and show button, the terms and
privacy links, a signed-in visitor sent on to the dashboard (the signed-in hint), and
"sign out everywhere" asking first and saying it happened."""

import json
import re

import pytest
from playwright.sync_api import expect

from functions.chalicelib.auth.passwords import MIN_LENGTH
from tests.support.browser import COUNT_FETCHES, NEXT_FRAME, registration, settle_fetches, sign_in, wait_until

pytestmark = pytest.mark.xdist_group("site")

def test_empty_registration_focuses_the_first_field_in_error_as_the_form_reads(page, site_url):
    page.goto(site_url + "/clientarea/register/")
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(page.locator("#f-first_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-first_name")).to_be_focused()


def test_focus_follows_the_form_not_the_order_the_api_lists_fields_in(page, site_url):
    failure = {"error": {"code": "validation_failed", "message": "Revise los datos.",
                         "fields": {"password": "Corta.", "email": "No válido.", "city": "Falta."}}}
    page.route("**/api/auth/register", lambda route: route.fulfill(status=422, content_type="application/json", body=json.dumps(failure)))
    page.goto(site_url + "/en/clientarea/register/")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#f-city")).to_be_focused()


def test_password_rules_show_before_typing_and_the_password_can_be_shown(page, site_url):
    sent = []

    def register(route):
        sent.append(route.request.post_data_json)
        route.fulfill(status=422, content_type="application/json",
                      body=json.dumps({"error": {"code": "validation_failed", "message": "x", "fields": {"city": "x"}}}))

    page.route("**/api/auth/register", register)
    page.goto(site_url + "/clientarea/register/")
    rules = page.locator("#f-password-hint li")
    expect(rules).to_have_count(3)
    expect(rules.first).to_contain_text(f"{MIN_LENGTH} caracteres")
    password = page.locator("#f-password")
    expect(password).to_have_attribute("aria-describedby", re.compile(r"\bf-password-hint\b"))
    password.fill("  con espacios al borde  ")
    show = page.get_by_role("button", name="Mostrar la contraseña")
    expect(show).to_have_attribute("aria-pressed", "false")
    show.click()
    expect(password).to_have_attribute("type", "text")
    expect(show).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(page.locator("#f-city")).to_be_focused()
    # Shown as text, the password is still sent exactly as typed.
    assert sent[0]["password"] == "  con espacios al borde  "
    show.click()
    expect(password).to_have_attribute("type", "password")


@pytest.mark.parametrize(("lang", "terms", "privacy", "terms_path", "privacy_path"), [
    ("", "Términos del servicio", "Política de privacidad", "terminos", "privacidad"),
    ("/en", "Terms of service", "Privacy policy", "terms", "privacy"),
])
def test_terms_checkbox_links_the_terms_and_the_privacy_policy(page, site_url, lang, terms, privacy,
                                                                terms_path, privacy_path):
    page.goto(f"{site_url}{lang}/clientarea/register/")
    label = page.locator("label[for=f-accept_terms]")
    expect(label.get_by_role("link", name=terms)).to_have_attribute("href", f"{lang}/legal/{terms_path}/")
    expect(label.get_by_role("link", name=privacy)).to_have_attribute("href", f"{lang}/legal/{privacy_path}/")


def test_signed_in_customer_goes_past_sign_in_and_registration(page, site_url):
    page.goto(site_url + "/")
    expect(page.locator(".card").get_by_role("link", name="Iniciar Sesión")).to_be_visible()
    sign_in(page, site_url)

    page.goto(site_url + "/clientarea/login/")
    page.wait_for_url(site_url + "/clientarea/")
    page.goto(site_url + "/en/clientarea/register/")
    page.wait_for_url(site_url + "/en/clientarea/")
    page.goto(site_url + "/clientarea/login/?next=/clientarea/emails/")
    page.wait_for_url(site_url + "/clientarea/emails/")

    # Public pages offer the client area instead of sign-in, without asking the API.
    calls = []
    page.on("request", lambda request: "/api/" in request.url and calls.append(request.url))
    page.goto(site_url + "/")
    card = page.locator(".card")
    expect(card.get_by_role("link", name="Ir a su Área de Cliente")).to_be_visible()
    expect(card.get_by_role("link", name="Iniciar Sesión")).to_be_hidden()
    expect(card.get_by_role("link", name="Registrarse")).to_be_hidden()
    assert calls == []

    page.goto(site_url + "/clientarea/")
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Cerrar Sesión").click()
    page.wait_for_url(re.compile(r".*/clientarea/login/$"))
    page.goto(site_url + "/")
    expect(page.locator(".card").get_by_role("link", name="Iniciar Sesión")).to_be_visible()


def test_signed_out_visitor_on_sign_in_makes_no_call_and_a_stale_hint_is_dropped(page, site_url):
    calls = []
    page.context.add_init_script(COUNT_FETCHES)
    page.on("request", lambda request: "/api/" in request.url and calls.append(request.url))
    page.goto(site_url + "/clientarea/login/")  # returns after `load`: the page's modules have run
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar Sesión")
    page.evaluate(NEXT_FRAME)
    settle_fetches(page)  # a call the page made would be recorded by now
    assert calls == []

    # A hint left from a session that has ended: one question, then the form stays.
    host = re.sub(r"^https?://([^:/]+).*", r"\1", site_url)
    page.context.add_cookies([{"name": "signed_in_hint", "value": "1", "domain": host, "path": "/"}])
    with page.expect_response("**/api/auth/me") as answer:
        page.goto(site_url + "/clientarea/login/")
    assert answer.value.status == 401
    expect(page).to_have_url(site_url + "/clientarea/login/")
    wait_until(page, lambda: "signed_in_hint=1" not in page.evaluate("document.cookie"),
               "the stale signed_in_hint cookie was kept")
    page.goto(site_url + "/")
    expect(page.locator(".card").get_by_role("link", name="Iniciar Sesión")).to_be_visible()


def test_sign_out_everywhere_asks_first_then_says_it_happened(browser, site_url):
    email = "todas-partes@example.com"
    body = registration(email, "faro-del-norte-77")
    other_device = browser.new_context()
    this_device = browser.new_context()
    try:
        assert other_device.request.post(site_url + "/api/auth/register", data=body).ok
        assert this_device.request.post(site_url + "/api/auth/login", data={"email": email, "password": body["password"]}).ok
        page = this_device.new_page()
        page.goto(site_url + "/clientarea/security/")
        button = page.get_by_role("button", name="Cerrar sesión en todos los dispositivos")
        expect(page.locator("#sessions tr")).to_have_count(2)

        questions = []
        page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
        button.click()
        expect(page).to_have_url(site_url + "/clientarea/security/")
        assert questions and "todos sus dispositivos" in questions[0]
        assert other_device.request.get(site_url + "/api/auth/me").ok

        page.once("dialog", lambda dialog: dialog.accept())
        button.click()
        page.wait_for_url(site_url + "/clientarea/login/?signed_out=all")
        expect(page.locator("#login-form [data-message]")).to_contain_text("Se ha cerrado la sesión en todos sus dispositivos")
        assert other_device.request.get(site_url + "/api/auth/me").status == 401
    finally:
        other_device.close()
        this_device.close()
