"""The built pages in a real browser: headings, labels, language switch, no console
errors, and the sign-in page's behaviour against API answers given by the test."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("site")


def answer(route, status, body=None):
    route.fulfill(status=status, content_type="application/json", body=json.dumps(body) if body is not None else "")


@pytest.mark.parametrize(("path", "heading", "nav"), [
    ("/", "Centro de ayuda y área de cliente", "Base del Conocimiento"),
    ("/en/", "Help centre and client area", "Knowledgebase"),
])
def test_home_pages(page, site_url, path, heading, nav):
    page.goto(site_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation").first.get_by_role("link", name=nav)).to_be_visible()
    assert page.console_errors == []


def test_language_switch_goes_to_the_same_page(page, site_url):
    page.goto(site_url + "/clientarea/login/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(site_url + "/en/clientarea/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_login_page_fields_and_links(page, site_url):
    page.goto(site_url + "/clientarea/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar Sesión")
    expect(page.get_by_label("Correo electrónico")).to_be_visible()
    expect(page.get_by_label("Contraseña")).to_be_visible()
    expect(page.get_by_label("Código de verificación")).to_be_hidden()
    expect(page.get_by_role("link", name="¿Olvidó su contraseña?")).to_have_attribute("href", "/clientarea/password-reset/")
    expect(page.get_by_role("link", name="Registrarse")).to_have_attribute("href", "/clientarea/register/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Saltar al contenido")).to_be_focused()
    assert page.console_errors == []


def test_login_asks_for_the_code_then_shows_field_errors_then_goes_to_next(page, site_url):
    answers = [
        (401, {"error": {"code": "totp_required", "message": "Introduzca el código."}}),
        (401, {"error": {"code": "totp_invalid", "message": "El código no es correcto."}}),
        (200, {"id": "c1", "email": "ana@example.com"}),
    ]
    sent = []

    def login(route):
        request = route.request
        sent.append((request.headers.get("content-type"), request.headers.get("accept-language"), request.post_data_json))
        answer(route, *answers[len(sent) - 1])

    page.route("**/api/auth/login", login)
    page.route("**/api/dashboard", lambda route: answer(route, 200, {}))
    page.route("**/api/account", lambda route: answer(route, 200, {"first_name": "Ana", "email_verified": True}))
    page.goto(site_url + "/clientarea/login/?next=/clientarea/account/")
    page.get_by_label("Correo electrónico").fill("ana@example.com")
    page.get_by_label("Contraseña").fill("correct horse battery")
    page.get_by_role("button", name="Iniciar Sesión").click()

    code = page.get_by_label("Código de verificación")
    expect(code).to_be_visible()
    expect(code).to_be_focused()
    code.fill("000000")
    page.get_by_role("button", name="Iniciar Sesión").click()
    expect(page.locator("#f-totp-error")).to_have_text("El código no es correcto.")
    expect(code).to_have_attribute("aria-invalid", "true")

    code.fill("123456")
    page.get_by_role("button", name="Iniciar Sesión").click()
    expect(page).to_have_url(site_url + "/clientarea/account/")
    assert sent[0] == ("application/json", "es", {"email": "ana@example.com", "password": "correct horse battery"})
    assert sent[2][2]["totp"] == "123456"


def test_login_refuses_a_next_on_another_site(page, site_url):
    page.route("**/api/auth/login", lambda route: answer(route, 200, {"id": "c1"}))
    page.route("**/api/**", lambda route: answer(route, 200, {}) if "login" not in route.request.url else route.fallback())
    page.goto(site_url + "/en/clientarea/login/?next=//evil.example/x")
    page.get_by_label("E-mail address").fill("ana@example.com")
    page.get_by_label("Password").fill("x" * 12)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(site_url + "/en/clientarea/")


def test_signed_out_visitor_is_sent_to_sign_in_and_back(page, site_url):
    signed_out = {"error": {"code": "unauthenticated", "message": "Inicie sesión para continuar."}}
    page.route("**/api/**", lambda route: answer(route, 401, signed_out))
    page.goto(site_url + "/clientarea/emails/")
    expect(page).to_have_url(site_url + "/clientarea/login/?next=%2Fclientarea%2Femails%2F")


def test_validation_errors_appear_beside_their_fields(page, site_url):
    failure = {"error": {"code": "validation_failed", "message": "Revise los datos.", "fields": {"phone": "Número no válido."}}}
    page.route("**/api/auth/register", lambda route: answer(route, 422, failure))
    page.goto(site_url + "/clientarea/register/")
    page.get_by_role("button", name="Crear mi cuenta").click()
    phone = page.get_by_label("Teléfono")
    expect(phone).to_be_focused()
    expect(page.locator("#f-phone-error")).to_have_text("Número no válido.")
    expect(page.locator("[data-message]")).to_have_text("Revise los datos.")
    expect(page.get_by_role("button", name="Crear mi cuenta")).to_be_enabled()


READING_ORDER = """() => {
  const seen = [...document.querySelectorAll('header a, header button, header input')]
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().width > 1)  // not .visually-hidden
    .map((e) => { const r = e.getBoundingClientRect(); return [e.textContent.trim() || e.name, r.top, r.left, r.bottom]; });
  const wrong = [];
  for (let i = 1; i < seen.length; i++) {
    const [prev, next] = [seen[i - 1], seen[i]];
    const sameRow = next[1] < prev[3] && next[3] > prev[1];
    if (sameRow ? next[2] < prev[2] : next[1] < prev[1]) wrong.push(`${next[0]} before ${prev[0]}`);
  }
  return wrong;
}"""


@pytest.mark.parametrize("width", [375, 900, 1280])
def test_header_keyboard_order_is_the_order_on_screen(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "/kb/")
    toggle = page.locator("[data-nav-toggle]")
    if toggle.is_visible():
        toggle.click()
    assert page.evaluate(READING_ORDER) == []
