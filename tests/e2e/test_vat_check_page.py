"""Mis Datos shows what VIES said of the customer's EU VAT number when it was saved."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import registration

pytestmark = pytest.mark.xdist_group("site")


@pytest.mark.parametrize("tax_id, says", [
    ("FR43713392298", "Número de IVA intracomunitario confirmado en VIES el"),
    ("FR11123456782", "VIES no encuentra este número de IVA"),
])
def test_mis_datos_shows_the_vies_result_of_the_vat_number(browser, site_url, tax_id, says):
    context = browser.new_context()
    page = context.new_page()
    try:
        r = page.request.post(site_url + "/api/auth/register", headers={"Origin": site_url}, data=registration(
            f"empresa-{tax_id.lower()}@example.com", "castillo-de-arena-42", country="FR", postcode="75001",
            city="Paris", phone="+33 1 23 45 67 89", company="Atelier SARL", tax_id=tax_id))
        assert r.status == 201, r.text()
        page.goto(site_url + "/clientarea/account/")
        line = page.locator("[data-vat-check]")
        expect(line).to_be_visible()
        expect(line).to_contain_text(says)
        expect(page.locator("#f-tax_id")).to_have_value(tax_id)
    finally:
        context.close()


def test_no_vies_line_for_a_spanish_customer(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    try:
        r = page.request.post(site_url + "/api/auth/register", headers={"Origin": site_url}, data=registration(
            "empresa-es@example.com", "castillo-de-arena-42", tax_id="B12345674"))
        assert r.status == 201, r.text()
        page.goto(site_url + "/clientarea/account/")
        expect(page.locator("#f-tax_id")).to_have_value("B12345674")
        expect(page.locator("[data-vat-check]")).to_be_hidden()
    finally:
        context.close()
