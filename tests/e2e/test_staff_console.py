"""The staff console in Chromium on the local stack: the demo member of staff signs in with
its password and a TOTP code, finds the demo customer by tax id, adds a note; the
customer's activity log then shows that staff acted (and nothing about who)."""

import re

import pytest
from playwright.sync_api import expect

from tests.support import totp
from tests.support.browser import COUNT_FETCHES, settle_fetches

pytestmark = pytest.mark.xdist_group("site")

STAFF = {"email": "staff@portico.example", "password": "Portico-Staff-2026", "secret": "JBSWY3DPEHPK3PXP"}


def test_a_member_of_staff_finds_the_demo_customer_by_tax_id_and_adds_a_note(browser, site_url,
                                                                             signed_in_tab):
    context = browser.new_context()
    context.add_init_script(COUNT_FETCHES)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "/staff/")
    page.wait_for_url(re.compile(r"/staff/login/\?next="))  # signed out: to the staff sign-in

    page.fill("#f-email", STAFF["email"])
    page.fill("#f-password", STAFF["password"])
    page.fill("#f-totp", totp.code(STAFF["secret"]))
    page.click("#login-form button[type=submit]")
    page.wait_for_url(site_url + "/staff/")
    expect(page.locator("[data-staff-name]")).to_have_text("Marta Soporte")
    expect(page.locator(".staff-nav a", has_text="Equipo")).to_be_visible()  # an admin's entry

    # Keyboard only: the search box, a tax id as people write it, Enter.
    page.locator("#f-q").focus()
    page.keyboard.type("es-b 1234 5674")
    page.keyboard.press("Enter")
    result = page.locator("#result-rows a", has_text="Lucía Fernández Ruiz")
    expect(result).to_have_count(1)
    expect(page.locator("#result-rows td").last).to_have_text("NIF")
    result.click()

    expect(page.locator("#client-name")).to_have_text("Lucía Fernández Ruiz")
    expect(page.locator('[data-meta="tax_id"]')).to_have_text("B12345674")
    expect(page.locator('[data-section="accounts.profile"]')).to_contain_text("cliente@portico.example")
    expect(page.locator('[data-section="accounts.contacts"]')).to_contain_text("facturas@tallerruiz.example")
    page.fill("#f-text", "Llamó para preguntar por la renovación.\nLe devolvemos la llamada el lunes.")
    page.click("#note-form button[type=submit]")
    expect(page.locator("#notes li").first).to_contain_text("Llamó para preguntar por la renovación.")
    expect(page.locator("#notes li").first).to_contain_text("por Marta Soporte")
    expect(page.locator("#note-form [data-message]")).to_have_text("Nota añadida.")
    assert errors == []

    # The customer's side: a staff action in the activity log, without the note or the member.
    tab = signed_in_tab("/clientarea/activity/")
    row = tab.locator("#rows tr", has_text="Nuestro equipo ha anotado una gestión en su cuenta")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(2)).to_have_text("Nuestro equipo")  # who: never the member
    expect(row.locator("td").nth(3)).to_have_text("")  # nor its IP
    body = tab.locator("main").inner_text()
    assert "Llamó para preguntar" not in body and "Marta" not in body and STAFF["email"] not in body
    settle_fetches(tab)

    # Every signed-in staff page, from 1280 px down to a tablet: nothing scrolls sideways
    # (wide tables scroll inside their box), the menu is there, nothing failed to load.
    client_url = page.url
    for width in (1280, 1024, 768):
        page.set_viewport_size({"width": width, "height": 900})
        for url in (site_url + "/staff/", client_url, site_url + "/staff/audit/",
                    site_url + "/staff/members/", site_url + "/staff/account/"):
            page.goto(url)
            settle_fetches(page)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (width, url)
            expect(page.locator("[data-page-message]")).to_be_empty()
    page.goto(site_url + "/staff/members/")
    expect(page.locator("#rows tr", has_text=STAFF["email"])).to_be_visible()  # an admin's page
    assert errors == []
    context.close()


def test_staff_pages_fit_from_1280_px_down_to_a_tablet(browser, site_url):
    for width in (1280, 1024, 768):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in ("/staff/login/", "/staff/set-password/?token=x", "/en/staff/login/"):
            page.goto(site_url + path)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (width, path)
            expect(page.locator("#f-password")).to_be_visible()
        context.close()
