"""The whole accounts journey in Chromium against the real local stack:
register → dashboard → edit Mis Datos → add a contact with sign-in → sign out →
forgot password → open the link from the outbox → set a new password → sign in."""

import email
import re
import time
from email import policy

import pytest
from playwright.sync_api import expect

from tests.support.browser import sign_in, submit_sign_in

pytestmark = pytest.mark.xdist_group("site")

EMAIL = "viajera@example.com"
PASSWORD = "brujula-dorada-31"
NEW_PASSWORD = "estrella-polar-64"


_RETURNED: set[str] = set()  # links are single-use: a test never wants one a test had


def latest_link(outbox, address, page_path):
    """The link of the newest e-mail to an address that no test has had yet. Mail is a
    background job: the request that sends it answers first, so an older e-mail (an
    earlier test's invitation) may be the newest for a moment: wait for a new one."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if address in str(message["To"]):
                text = message.get_body(preferencelist=("plain",)).get_content()
                match = re.search(rf"(http\S+/{page_path}/\?token=[\w-]+)", text)
                if match:
                    if match.group(1) in _RETURNED:
                        break  # the newest is one a test had: the new one is on its way
                    _RETURNED.add(match.group(1))
                    return match.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no new {page_path} e-mail to {address} in {outbox}")


def test_register_edit_contact_sign_out_reset_sign_in(page, site_url, outbox):
    page.goto(site_url + "/clientarea/register/")
    page.fill("#f-first_name", "Marta")
    page.fill("#f-last_name", "Viajera")
    page.fill("#f-phone", "+34 655 123 456")
    page.fill("#f-address1", "Calle Sol 3")
    page.fill("#f-city", "Valencia")
    page.fill("#f-postcode", "46001")
    page.select_option("#f-country", "ES")
    page.fill("#f-email", EMAIL)
    page.fill("#f-password", PASSWORD)
    page.check("#f-accept_terms")
    page.click("#register-form button[type=submit]")

    page.wait_for_url(site_url + "/clientarea/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(site_url + "/clientarea/account/")
    expect(page.locator("#f-city")).to_have_value("Valencia")
    page.fill("#f-city", "Alicante")
    page.fill("#f-tax_id", "12345678Z")
    with page.expect_response(lambda r: r.url.endswith("/api/account") and r.request.method == "PATCH") as saved:
        page.click("#account-form button[type=submit]")
    assert saved.value.status == 200
    page.reload()
    expect(page.locator("#f-city")).to_have_value("Alicante")

    page.goto(site_url + "/clientarea/contacts/edit/")
    page.fill("#f-first_name", "Pablo")
    page.fill("#f-last_name", "Socio")
    page.fill("#f-email", "socio@example.com")
    page.check("#f-email_preferences-invoices")
    page.check("#f-permissions-profile")
    page.click("#contact-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/clientarea/contacts/\?saved=invited"))
    expect(page.get_by_text("socio@example.com")).to_be_visible()
    assert "accept-invitation" in latest_link(outbox, "socio@example.com", "accept-invitation")

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Cerrar Sesión").click()
    page.wait_for_url(re.compile(r".*/clientarea/login/.*"))

    page.goto(site_url + "/clientarea/account/")
    page.wait_for_url(re.compile(r".*/clientarea/login/\?next=.*"))

    page.goto(site_url + "/clientarea/password-reset/")
    page.fill("#reset-request input[type=email]", EMAIL)
    with page.expect_response(lambda r: r.url.endswith("/api/auth/password-reset")) as asked:
        page.click("#reset-request button[type=submit]")
    assert asked.value.status == 202
    link = latest_link(outbox, EMAIL, "password-reset")
    page.goto(link)
    page.fill("#f-new_password", NEW_PASSWORD)
    page.fill("#f-new_password2", NEW_PASSWORD)
    page.click("#reset-confirm button[type=submit]")
    page.wait_for_url(re.compile(r".*/clientarea/login/\?reset=done"))

    submit_sign_in(page, EMAIL, NEW_PASSWORD)
    page.wait_for_url(site_url + "/clientarea/")
    page.goto(site_url + "/clientarea/account/")
    expect(page.locator("#f-city")).to_have_value("Alicante")
    # The one 401 is the signed-out visit to Mis Datos that sent us to sign in.
    errors = [e for e in page.console_errors if "status of 401" not in e]
    assert errors == [], errors


def test_demo_customer_signs_in(page, site_url):
    sign_in(page, site_url)
    page.goto(site_url + "/clientarea/contacts/")
    expect(page.get_by_text("facturas@tallerruiz.example")).to_be_visible()


@pytest.mark.parametrize("path", ["/clientarea/services/", "/en/clientarea/emails/"])
def test_signed_out_visitor_is_sent_to_sign_in_and_back(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_url(re.compile(r".*/clientarea/login/\?next=.*"))
    submit_sign_in(page)
    page.wait_for_url(site_url + path)
