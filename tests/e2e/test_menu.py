"""The client-area menu in Chromium: it offers only what the signed-in person may use
(a login contact's links without its permission are hidden; an owner's menu is whole),
it marks the current section in whichever menu holds it, and the dashboard learns who
is signed in from its one API call."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts_journey import latest_link
from tests.e2e.test_layout_shift import BUDGET, OBSERVE
from tests.support.browser import COUNT_FETCHES, DEMO, settle_fetches, signed_in_context, wait_until

pytestmark = pytest.mark.xdist_group("site")

CONTACT = "facturas-menu@example.com"
CONTACT_PASSWORD = "linterna-roja-58"
# A width where the owner's bar, with every link, wraps onto a second line (the main bar
# shows from 68rem up): a contact's shorter bar must not pull the page up when it fits.
WRAPPING_DESKTOP = {"viewport": {"width": 1100, "height": 800}}


def origin(site_url):
    return {"Origin": site_url}


@pytest.fixture(scope="module")
def contact_state(browser, site_url, outbox):
    """Cookies of a login contact of the demo customer with only `invoices`: no `profile`
    (Mis Datos, its activity log), no `contacts`."""
    owner = browser.new_context()
    assert owner.request.post(site_url + "/api/auth/login", data=DEMO).ok
    r = owner.request.post(site_url + "/api/account/contacts", headers=origin(site_url), data={
        "first_name": "Fina", "last_name": "Facturas", "email": CONTACT, "permissions": ["invoices"]})
    assert r.status == 201, r.text()
    contact_id = r.json()["id"]
    token = latest_link(outbox, CONTACT, "accept-invitation").split("token=")[1]
    r = owner.request.post(site_url + "/api/auth/accept-invitation", headers=origin(site_url),
                           data={"token": token, "password": CONTACT_PASSWORD})
    assert r.status == 204, r.text()
    contact = browser.new_context()
    assert contact.request.post(site_url + "/api/auth/login",
                                data={"email": CONTACT, "password": CONTACT_PASSWORD}).ok
    state = contact.storage_state()
    contact.close()
    yield state
    owner.request.delete(site_url + f"/api/account/contacts/{contact_id}", headers=origin(site_url))
    owner.close()


def open_as(browser, site_url, state, path, **options):
    context = browser.new_context(storage_state=state, **options)
    context.add_init_script(COUNT_FETCHES)
    tab = context.new_page()
    tab.goto(site_url + path)
    settle_fetches(tab)
    return tab


def menu_labels(tab) -> list[str]:
    """The menu's links the person is shown (hidden ones left out), main bar then user menu."""
    return tab.evaluate("""() => [...document.querySelectorAll('#ca-nav a')]
        .filter((a) => !a.closest('li').hidden).map((a) => a.textContent.trim())""")


@pytest.mark.parametrize("path", ["/clientarea/", "/clientarea/security/", "/clientarea/invoices/"])
def test_a_contact_without_profile_or_contacts_is_not_offered_them(browser, site_url, contact_state, path):
    tab = open_as(browser, site_url, contact_state, path)
    try:
        # Fitted once who is signed in is known (after the answer's body, not its headers).
        wait_until(tab, lambda: tab.evaluate("!!document.querySelector('#ca-nav li[hidden]')"), "the menu was not fitted")
        labels = menu_labels(tab)
        assert "Mis Facturas" in labels and "Inicio" in labels and "Seguridad" in labels
        for absent in ("Mis Datos", "Contactos", "Registro de actividad", "Mis Servicios", "Mis Emails"):
            assert absent not in labels, (path, labels)
        expect(tab.locator("#ca-nav").get_by_role("link", name="Mis Datos")).to_be_hidden()
        expect(tab.locator("#ca-nav").get_by_role("link", name="Contactos")).to_be_hidden()
    finally:
        tab.context.close()


def test_an_owner_is_offered_every_section(signed_in_tab):
    tab = signed_in_tab("/clientarea/security/")
    tab.wait_for_timeout(300)  # past the answer of /auth/me, when a contact's menu is fitted
    labels = menu_labels(tab)
    for label in ("Inicio", "Mis Servicios", "Mis Facturas", "Mis Emails", "Mis Datos", "Contactos",
                  "Cambiar Contraseña", "Seguridad", "Registro de actividad"):
        assert label in labels, labels


@pytest.mark.parametrize(("path", "current"), [
    ("/clientarea/security/", "Seguridad"),
    ("/clientarea/activity/", "Registro de actividad"),
    ("/en/clientarea/security/", "Security"),
])
def test_a_user_menu_page_is_the_current_one_there_not_mis_datos(signed_in_tab, path, current):
    tab = signed_in_tab(path)
    current_links = tab.locator('#ca-nav a[aria-current="page"]')
    expect(current_links).to_have_count(1)
    expect(current_links).to_have_text(current)
    assert current_links.evaluate("(a) => !!a.closest('.user-menu')")
    # The folded menu's own button says the current page is inside it.
    expect(tab.locator(".user-menu[data-current] > summary")).to_have_count(1)
    tab.locator(".user-menu summary").click()
    expect(tab.locator(".user-menu").get_by_role("link", name=current, exact=True)).to_be_visible()


@pytest.mark.parametrize(("path", "current"), [
    ("/clientarea/contacts/edit/", "Contactos"),
    ("/clientarea/emails/", "Mis Emails"),
    ("/clientarea/", "Inicio"),
])
def test_a_main_bar_page_is_the_current_one_there(signed_in_tab, path, current):
    tab = signed_in_tab(path)
    expect(tab.locator('#ca-nav a[aria-current="page"]')).to_have_text(current)
    expect(tab.locator(".user-menu[data-current]")).to_have_count(0)


def api_calls(tab):
    """The API paths a tab asks for, as it asks them."""
    calls = []
    tab.on("request", lambda request: "/api/" in request.url and calls.append(request.url.split("/api", 1)[1]))
    return calls


def test_the_owners_dashboard_makes_one_api_call(browser, site_url):
    context = signed_in_context(browser, site_url)
    try:
        tab = context.new_page()
        calls = api_calls(tab)
        tab.goto(site_url + "/clientarea/")
        settle_fetches(tab)
        expect(tab.locator("#welcome-name")).to_have_text(re.compile(r"^, \w+"))
        tab.wait_for_timeout(200)  # anything sent late would be counted too
        assert calls == ["/dashboard"]
    finally:
        context.close()


def test_a_contacts_dashboard_makes_one_api_call_and_fits_its_menu(browser, site_url, contact_state):
    context = browser.new_context(storage_state=contact_state)
    try:
        context.add_init_script(COUNT_FETCHES)
        tab = context.new_page()
        calls = api_calls(tab)
        tab.goto(site_url + "/clientarea/")
        settle_fetches(tab)
        expect(tab.locator("#welcome-name")).to_have_text(", Fina")
        expect(tab.locator("#ca-nav").get_by_role("link", name="Mis Datos")).to_be_hidden()
        tab.wait_for_timeout(200)
        assert calls == ["/dashboard"]
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/clientarea/", "/clientarea/security/"])
def test_a_contacts_menu_fitting_itself_does_not_move_the_page(browser, site_url, contact_state, path):
    context = browser.new_context(storage_state=contact_state, **WRAPPING_DESKTOP)
    try:
        context.add_init_script(OBSERVE)
        context.add_init_script(COUNT_FETCHES)
        tab = context.new_page()
        tab.goto(site_url + path, wait_until="networkidle")
        settle_fetches(tab)
        wait_until(tab, lambda: tab.evaluate("!!document.querySelector('#ca-nav li[hidden]')"), "the menu was not fitted")
        tab.wait_for_timeout(300)  # a frame or two for the last rendering
        score, shifts = tab.evaluate("window.__cls"), tab.evaluate("window.__shifts")
        assert score < BUDGET, f"{path}: cumulative layout shift {score:.3f}: {shifts}"
    finally:
        context.close()
