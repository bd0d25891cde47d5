"""Pagefind's results wear the site's type, colours and buttons, not its own defaults."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("site")


def style(locator, prop):
    return locator.evaluate(f"e => getComputedStyle(e).{prop}")


def test_search_results_use_the_sites_type_and_buttons(page, site_url):
    # Wide enough that the header does not fold: its first button keeps the site's look.
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(site_url + "/search/?q=dominio")
    result = page.locator(".pagefind-ui__result-link").first
    expect(result).to_be_visible(timeout=10_000)
    body_font = style(page.locator("body"), "fontFamily")
    assert style(result, "fontFamily") == body_font
    assert style(page.locator(".pagefind-ui__search-input"), "fontFamily") == body_font
    assert style(result, "color") == "rgb(10, 79, 156)"  # --brand
    more = page.locator(".pagefind-ui__button")
    expect(more).to_be_visible()  # "load more": styled as the site's buttons
    site_button = page.locator("header button, main button:not(.pagefind-ui__button)").first
    for prop in ("backgroundColor", "color", "borderRadius", "fontFamily"):
        assert style(more, prop) == style(site_button, prop), prop
    clear = page.locator(".pagefind-ui__search-clear")
    assert style(clear, "color") == "rgb(10, 79, 156)" and style(clear, "fontFamily") == body_font
