"""The contacts list on a phone: its stacked rows are still a table to screen readers,
and a row without actions says why in words, not only in a tooltip."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_contact_pages import CONTACT, contact_page  # noqa: F401 (fixture)

pytestmark = pytest.mark.xdist_group("site")


def test_stacked_contacts_table_keeps_its_roles_and_says_why_a_row_has_no_actions(contact_page, site_url):  # noqa: F811
    page = contact_page
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site_url + "/clientarea/contacts/")
    own_row = page.locator("#rows tr", has_text=CONTACT)
    expect(own_row).to_have_attribute("role", "row")
    table = page.locator("table.stack")
    expect(table).to_have_attribute("role", "table")
    expect(table.locator("thead th").first).to_have_attribute("role", "columnheader")
    assert table.evaluate("t => getComputedStyle(t).display") == "block"  # stacked, as designed
    reason = "Solo el titular de la cuenta puede dar acceso"
    expect(page.get_by_role("table").get_by_role("row", name=re.compile(CONTACT))
           .get_by_role("cell", name=re.compile(reason))).to_have_count(1)
    expect(own_row.locator("td").last.locator(".visually-hidden")).to_contain_text(reason)
    assert page.console_errors == [], page.console_errors
