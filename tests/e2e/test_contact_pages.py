"""A login contact in Chromium: the pages show what it may do and offer nothing the API
refuses (dashboard, Seguridad, contacts), with no permission errors."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts_journey import latest_link
from tests.support.browser import sign_in

pytestmark = pytest.mark.xdist_group("site")

CONTACT = "gestor@example.com"
CONTACT_PASSWORD = "faro-del-norte-27"


@pytest.fixture
def contact_page(page, browser, site_url, outbox):
    """The demo owner invites a contact with `contacts` and `invoices`; it signs in."""
    owner = browser.new_context().new_page()
    sign_in(owner, site_url)
    r = owner.request.post(site_url + "/api/account/contacts", headers={"Origin": site_url}, data={
        "first_name": "Gema", "last_name": "Gestora", "email": CONTACT,
        "permissions": ["contacts", "invoices"]})
    assert r.status == 201, r.text()
    contact_id = r.json()["id"]
    token = latest_link(outbox, CONTACT, "accept-invitation").split("token=")[1]
    r = owner.request.post(site_url + "/api/auth/accept-invitation", headers={"Origin": site_url},
                           data={"token": token, "password": CONTACT_PASSWORD})
    assert r.status == 204, r.text()
    sign_in(page, site_url, CONTACT, CONTACT_PASSWORD)
    yield page
    owner.request.delete(site_url + f"/api/account/contacts/{contact_id}", headers={"Origin": site_url})
    owner.context.close()


def test_a_contact_sees_its_parts_its_security_and_what_it_may_manage(contact_page, site_url):
    page = contact_page
    expect(page.locator("#welcome-name")).to_have_text(", Gema")
    # Its sections stay (Mis Facturas is still "Próximamente"); the others are removed.
    expect(page.locator('#stats [data-section]')).to_have_count(1)
    expect(page.locator('[data-section="invoices"]')).to_be_visible()
    expect(page.locator('[data-section="services"]')).to_have_count(0)
    expect(page.locator("[data-page-message].error")).to_have_count(0)

    page.goto(site_url + "/clientarea/security/")
    expect(page.locator("#tfa-status")).to_have_text("La verificación en dos pasos está desactivada.")
    expect(page.locator("#tfa-start")).to_be_visible()

    page.goto(site_url + "/clientarea/contacts/")
    expect(page.get_by_text(CONTACT)).to_be_visible()
    own_row = page.locator("#rows tr", has_text=CONTACT)
    expect(own_row.get_by_role("link", name=re.compile("Editar"))).to_have_count(0)
    expect(own_row.get_by_role("button", name=re.compile("Eliminar"))).to_have_count(0)

    page.goto(site_url + "/clientarea/contacts/edit/")
    expect(page.locator('[data-field="permissions"]')).to_be_hidden()
    # It reads invoices, not tickets or services: it may route only what it may read.
    expect(page.locator("#f-email_preferences-invoices")).to_be_enabled()
    expect(page.locator("#f-email_preferences-general")).to_be_enabled()
    for kind in ("support", "products", "domains", "affiliates"):
        expect(page.locator(f"#f-email_preferences-{kind}")).to_be_disabled()
    assert page.console_errors == [], page.console_errors
