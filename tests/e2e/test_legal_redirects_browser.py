"""Old legal addresses lead to the new ones in a real browser (under the production CSP)."""

import pytest

pytestmark = pytest.mark.xdist_group("site")


@pytest.mark.parametrize(("old", "new", "heading"), [
    ("/legal/privacy/", "/legal/privacidad/", "Política de Privacidad"),
    ("/en/legal/aviso-legal/", "/en/legal/legal-notice/", "Legal Notice"),
])
def test_an_old_legal_address_opens_the_page_at_its_new_one(page, site_url, old, new, heading):
    page.goto(site_url + old)
    page.wait_for_url(site_url + new)
    assert page.locator("h1").inner_text() == heading
    assert page.console_errors == []
