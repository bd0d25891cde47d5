"""The production security headers in the browser: every page runs under the deployed CSP
(conftest.py fails a test on any violation), and Mis Emails shows an e-mail with its own
styles in a sandboxed frame without breaking that policy."""

import pytest

from infra import security_headers
from tests.support.browser import sign_in, wait_until

pytestmark = pytest.mark.xdist_group("site")


def test_pages_come_with_the_production_policy(page, site_url):
    for path in ("/", "/clientarea/login/", "/api/health"):
        response = page.goto(site_url + path)
        headers = response.headers
        for name, value in security_headers.for_response(set(), https=False):
            assert headers[name.lower()] == value, (path, name)
        assert "script-src 'self' 'wasm-unsafe-eval'" in headers["content-security-policy"]
        assert "strict-transport-security" not in headers  # plain http: no HSTS


def test_a_csp_violation_is_caught(browser, site_url, csp_violations):
    before = len(csp_violations)
    tab = browser.new_page()
    tab.goto(site_url + "/")
    tab.evaluate("document.body.setAttribute('style', 'color: red')")  # an inline style: refused
    try:
        wait_until(tab, lambda: any("style-src" in v.text for v in csp_violations[before:]),
                   f"no style-src violation recorded: {csp_violations[before:]}")
        tab.close()  # flushes the page: anything else it reports is recorded by now
    finally:
        del csp_violations[before:]  # this test's violations are on purpose


@pytest.mark.parametrize("lang_root", ["/", "/en/"])
def test_an_email_keeps_its_own_styles_in_a_sandboxed_frame(page, site_url, lang_root):
    sign_in(page, site_url)
    page.goto(site_url + lang_root + "clientarea/emails/")
    page.locator("main a[href*='emails/view/']").first.click()
    frame_element = page.locator("#mail-html")
    frame_element.wait_for(state="visible")
    assert frame_element.get_attribute("sandbox") == ""
    assert "/api/account/emails/" in frame_element.get_attribute("src")
    frame = page.frame_locator("#mail-html")
    box = frame.locator("body > div > div[style]").first
    box.wait_for()
    # The e-mail layout's own inline styles apply (the page's CSP would refuse them).
    assert box.evaluate("b => getComputedStyle(b).maxWidth") == "560px"
    brand = frame.locator("p[style]").first
    assert brand.evaluate("p => getComputedStyle(p).color") == "rgb(11, 79, 138)"
    page_box = frame.locator("body > div").first  # the e-mail's <body> style, kept
    assert page_box.evaluate("d => getComputedStyle(d).backgroundColor") == "rgb(244, 246, 248)"
    assert "Arial" in page_box.evaluate("d => getComputedStyle(d).fontFamily")
    assert page.console_errors == []
