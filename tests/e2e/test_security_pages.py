"""Seguridad's backup codes (copy, download, print, confirm saved, renew, cancel set-up)
and the reset page asking the security question up front, in Chromium on the local stack."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accounts_journey import latest_link
from tests.support import totp
from tests.support.browser import registration

pytestmark = pytest.mark.xdist_group("site")

PASSWORD = "molino-de-viento-58"


def register(page, site_url, address):
    """A new signed-in customer in this page's browser context."""
    r = page.request.post(site_url + "/api/auth/register", data=registration(address, PASSWORD),
                          headers={"Origin": site_url})
    assert r.status == 201, r.text()


def test_backup_codes_are_copied_downloaded_printed_confirmed_and_renewed(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    register(page, site_url, "codigos@example.com")
    page.goto(site_url + "/clientarea/security/")
    page.fill("#f-start-current_password", PASSWORD)
    page.click("#tfa-start button[type=submit]")
    expect(page.locator("#tfa-confirm")).to_be_visible()

    # Cancelling forgets the pending secret and offers the start again.
    page.click("#tfa-cancel")
    expect(page.locator("#tfa-start")).to_be_visible()
    expect(page.locator("#tfa-confirm")).to_be_hidden()

    page.fill("#f-start-current_password", PASSWORD)
    page.click("#tfa-start button[type=submit]")
    expect(page.locator("#tfa-secret")).to_have_text(re.compile(r"^[A-Z2-7]{32}$"))
    secret = page.locator("#tfa-secret").inner_text()
    page.fill("#f-confirm-code", totp.code(secret))
    page.click("#tfa-confirm button[type=submit]")

    items = page.locator("#tfa-code-list li")
    expect(items).to_have_count(10)
    codes = items.all_inner_texts()
    expect(page.locator("#tfa-codes-done")).to_be_disabled()
    expect(page.locator("#tfa-renew")).to_be_hidden()

    page.click("#tfa-copy")
    expect(page.locator("#tfa-codes-status")).to_have_text("Códigos copiados al portapapeles.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert all(code in copied for code in codes)

    with page.expect_download() as download:
        page.click("#tfa-download")
    assert download.value.suggested_filename == "portico-backup-codes.txt"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in saved for code in codes)

    page.evaluate("window.print = () => { window.printedOnlyCodes = document.body.classList.contains('print-codes'); }")
    page.click("#tfa-print")
    assert page.evaluate("window.printedOnlyCodes") is True

    page.check("#f-codes-saved_codes")
    page.click("#tfa-codes-done")
    expect(page.locator("#tfa-codes")).to_be_hidden()
    expect(page.locator("#tfa-status")).to_have_text("La verificación en dos pasos está activada.")

    page.fill("#f-renew-current_password", PASSWORD)
    page.fill("#f-renew-code", codes[0])  # a backup code is a second factor too
    page.click("#tfa-renew button[type=submit]")
    expect(page.locator("#tfa-code-list li")).to_have_count(10)
    assert not set(page.locator("#tfa-code-list li").all_inner_texts()) & set(codes)
    assert page.console_errors == []


def test_a_failed_set_up_cancel_is_reported_in_the_set_up_form(page, site_url):
    register(page, site_url, "cancelar@example.com")
    page.goto(site_url + "/clientarea/security/")
    page.fill("#f-start-current_password", PASSWORD)
    page.click("#tfa-start button[type=submit]")
    expect(page.locator("#tfa-confirm")).to_be_visible()
    page.route("**/api/account/two-factor/setup", lambda route: route.fulfill(
        status=409, content_type="application/json",
        body='{"error": {"code": "conflict", "message": "No se pudo cancelar.", "fields": {}}}'))
    page.click("#tfa-cancel")
    expect(page.locator("#tfa-confirm [data-message]")).to_have_text("No se pudo cancelar.")
    expect(page.locator("[data-page-message]")).to_be_empty()
    expect(page.locator("#tfa-confirm")).to_be_visible()


def _reset_link_asks(page, site_url, address):
    """A new customer with a security question, and a reset link e-mailed to it."""
    register(page, site_url, address)
    r = page.request.put(site_url + "/api/account/security-question", headers={"Origin": site_url},
                         data={"current_password": PASSWORD, "question": "birth_city", "answer": "Bilbao"})
    assert r.status == 204, r.text()
    r = page.request.post(site_url + "/api/auth/password-reset", headers={"Origin": site_url}, data={"email": address})
    assert r.status == 202


def test_reset_page_shows_the_security_question_before_submitting(page, site_url, outbox):
    address = "pregunta@example.com"
    _reset_link_asks(page, site_url, address)
    page.goto(latest_link(outbox, address, "password-reset"))
    expect(page.locator("#answer-group")).to_be_visible()
    expect(page.locator("#f-security_answer-hint")).to_have_text("¿En qué ciudad nació?")
    page.fill("#f-new_password", "faro-del-norte-19")
    page.fill("#f-new_password2", "faro-del-norte-19")
    page.fill("#f-security_answer", "bilbao")
    page.click("#reset-confirm button[type=submit]")
    page.wait_for_url(re.compile(r".*/clientarea/login/\?reset=done"))


def test_reset_page_asks_the_question_again_when_asking_up_front_failed(page, site_url, outbox):
    address = "pregunta-red@example.com"
    _reset_link_asks(page, site_url, address)
    question_url = "**/api/auth/password-reset/question"
    page.route(question_url, lambda route: route.abort())
    page.goto(latest_link(outbox, address, "password-reset"))
    expect(page.locator("#reset-confirm [data-message]")).not_to_be_empty()  # said, not thrown
    expect(page.locator("#answer-group")).to_be_hidden()
    page.unroute(question_url)
    page.fill("#f-new_password", "faro-del-norte-19")
    page.fill("#f-new_password2", "faro-del-norte-19")
    page.click("#reset-confirm button[type=submit]")
    expect(page.locator("#f-security_answer-hint")).to_have_text("¿En qué ciudad nació?")
    expect(page.locator("#f-security_answer")).to_be_focused()
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == [], page.console_errors


def test_activity_shows_fields_in_words_the_device_and_no_actor_for_a_failed_sign_in(page, site_url):
    address = "actividad@example.com"
    register(page, site_url, address)
    r = page.request.patch(site_url + "/api/account", headers={"Origin": site_url},
                           data={"address1": "Calle Sol 9", "city": "Getxo", "postcode": "48992"})
    assert r.status == 200, r.text()
    page.request.post(site_url + "/api/auth/login", headers={"Origin": site_url},
                      data={"email": address, "password": "no-es-la-clave-1"})
    page.goto(site_url + "/clientarea/activity/")
    rows = page.locator("#rows tr")
    failed = rows.filter(has_text="Inicio de sesión fallido")
    expect(failed).to_have_count(1)
    cells = failed.locator("td")
    expect(cells.nth(2)).to_have_text("–")
    expect(cells.nth(4)).to_contain_text("Intento con su dirección")
    expect(cells.nth(4)).to_contain_text("Chrome · Linux")
    changed = rows.filter(has_text="Datos cambiados").locator("td").nth(4)
    for word in ("Dirección", "Ciudad", "Código postal"):
        expect(changed).to_contain_text(word)
    expect(changed).not_to_contain_text("address1")
