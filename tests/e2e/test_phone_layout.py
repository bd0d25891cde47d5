"""Every built page on a 375 px phone: nothing scrolls sideways, every menu opens inside
the window, Escape closes menus and gives focus back to the control that opened them.

The pages come from the build output (every index.html / *.html the build wrote), so a
new page is covered without touching this file. Client-area pages that need a session
are visited signed in as the demo customer, the others signed out.
"""

import re

import pytest

from tests.site.conftest import PAGES
from tests.support.browser import NEXT_FRAME, settle_fetches, signed_in_context

pytestmark = pytest.mark.xdist_group("site")

PHONE = {"width": 375, "height": 812}
SIGNED_IN_PATHS = {shell.path for shell in PAGES if shell.signed_in}

# Rects of every link and button inside a menu that is shown, and the page's width.
MEASURE = """(selector) => {
  const outside = [];
  for (const menu of document.querySelectorAll(selector)) {
    for (const item of menu.querySelectorAll('a, button, input, summary')) {
      const r = item.getBoundingClientRect();
      if (!r.width && !r.height) continue;  // not shown (e.g. a closed sub-menu)
      if (r.left < 0 || r.right > innerWidth + 0.5) outside.push(`${item.textContent.trim() || item.name}: ${Math.round(r.left)}…${Math.round(r.right)}`);
    }
  }
  return {outside, scrollWidth: document.documentElement.scrollWidth, width: innerWidth};
}"""


def built_pages(site_dir):
    """(url, needs a session) for every HTML page of the build."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text():
            continue  # an old address that sends readers on: the page it names is swept
        rel = path.relative_to(site_dir).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        lang_path = re.sub(r"^/(en/)?", "", url)
        pages.append((url, lang_path in SIGNED_IN_PATHS))
    return pages


# One page's checks in one round trip (a real keyboard and mouse are used by the
# tests further down; here the sweep over every page has to stay quick).
SWEEP = """async () => {
  const problems = [];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const escape = () => document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  const outside = (selector) => {
    const found = [];
    for (const menu of document.querySelectorAll(selector)) {
      for (const item of menu.querySelectorAll('a, button, input, summary')) {
        const r = item.getBoundingClientRect();
        if (!r.width && !r.height) continue;  // not shown (e.g. a closed sub-menu)
        if (r.left < 0 || r.right > innerWidth + 0.5) found.push(`${item.textContent.trim() || item.name}: ${Math.round(r.left)}…${Math.round(r.right)}`);
      }
    }
    return found;
  };
  const wide = () => document.documentElement.scrollWidth > innerWidth;
  if (wide()) problems.push(`page is ${document.documentElement.scrollWidth} px wide in a ${innerWidth} px window`);
  const toggle = document.querySelector('[data-nav-toggle]');
  const navLink = document.querySelector('.site-nav a');
  if (navLink.getClientRects().length) problems.push('the navigation is not folded behind the menu button');
  toggle.click();
  await frame();
  if (toggle.getAttribute('aria-expanded') !== 'true') problems.push('the menu button does not say it is expanded');
  if (!navLink.getClientRects().length) problems.push('the menu button does not show the navigation');
  for (const item of outside('.nav-panel, .ca-nav')) problems.push(`menu item outside the window: ${item}`);
  const menu = document.querySelector('.user-menu');
  if (menu) {
    menu.querySelector('summary').focus();
    menu.querySelector('summary').click();
    await frame();
    if (!menu.open) problems.push('the account menu does not open');
    for (const item of outside('.user-menu')) problems.push(`account menu item outside the window: ${item}`);
    if (wide()) problems.push('the open account menu widens the page');
    escape();
    if (menu.open) problems.push('Escape leaves the account menu open');
    if (document.activeElement !== menu.querySelector('summary')) problems.push('Escape does not give focus back to the account menu');
  }
  escape();
  await frame();
  if (toggle.getAttribute('aria-expanded') !== 'false' || navLink.getClientRects().length) problems.push('Escape leaves the navigation open');
  if (document.activeElement !== toggle) problems.push('Escape does not give focus back to the menu button');
  return problems;
}"""


def check_page(tab, site_url, url, *, settle):
    """Return the problems found on one page (empty when it is fine)."""
    tab.goto(site_url + url)
    assert tab.url.startswith(site_url + url.split("?")[0]), f"{url} went to {tab.url}"
    if settle:
        settle_fetches(tab)
    return [f"{url}: {problem}" for problem in tab.evaluate(SWEEP)]


def test_every_page_fits_a_phone_and_its_menus_open_inside_it(browser, site_url, site_dir):
    pages = built_pages(site_dir)
    assert len(pages) > 60 and any(needs for _, needs in pages), "the build's page list looks wrong"
    problems = []
    public = browser.new_context(viewport=PHONE)
    signed_in = signed_in_context(browser, site_url, viewport=PHONE)
    try:
        public_tab, private_tab = public.new_page(), signed_in.new_page()
        for url, needs_session in pages:
            tab = private_tab if needs_session else public_tab
            problems += check_page(tab, site_url, url, settle=needs_session)
        # One e-mail of Mis Emails, as the demo customer sees it (its page needs an ?id=).
        private_tab.goto(site_url + "/clientarea/emails/")
        settle_fetches(private_tab)
        first_mail = private_tab.locator("#rows a").first.get_attribute("href")
        problems += check_page(private_tab, site_url, first_mail, settle=True)
    finally:
        public.close()
        signed_in.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [414, 768, 1024, 1280])
def test_account_menu_opens_inside_the_window_at_other_widths(signed_in_tab, width):
    tab = signed_in_tab("/clientarea/", viewport={"width": width, "height": 800})
    toggle = tab.locator("[data-nav-toggle]")
    if toggle.is_visible():
        toggle.click()
    tab.locator(".user-menu summary").click()
    tab.evaluate(NEXT_FRAME)  # the menu's toggle handler keeps it in view: measure after it
    opened = tab.evaluate(MEASURE, ".user-menu")
    assert tab.locator(".user-menu button[data-logout]").is_visible()
    assert opened["outside"] == []
    assert opened["scrollWidth"] <= opened["width"]
    # A click elsewhere closes it too.
    tab.locator("h1").click()
    assert not tab.evaluate("document.querySelector('.user-menu').open")


def test_tables_stack_on_a_phone_with_each_cell_named_and_the_actions_in_view(signed_in_tab):
    tab = signed_in_tab("/clientarea/contacts/", viewport=PHONE)
    edit = tab.locator("#rows a").first
    box = edit.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    labels = tab.eval_on_selector_all("#rows tr:first-child td", "cells => cells.map(c => c.dataset.label)")
    assert labels == ["Nombre", "Correo electrónico", "Recibe", "Permisos", "Acciones"]


def test_keyboard_opens_the_menus_and_escape_closes_them(signed_in_tab):
    tab = signed_in_tab("/en/clientarea/", viewport=PHONE)
    toggle = tab.get_by_role("button", name="Menu")
    toggle.focus()
    tab.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    account = tab.locator(".user-menu summary")
    account.focus()
    tab.keyboard.press("Enter")
    assert tab.get_by_role("button", name="Sign out").is_visible()
    tab.keyboard.press("Escape")
    assert tab.get_by_role("button", name="Sign out").is_hidden()
    assert tab.evaluate("document.activeElement.matches('.user-menu summary')")
    tab.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert tab.locator(".site-nav").get_by_role("link", name="Knowledgebase").is_hidden()
    assert tab.evaluate("document.activeElement.matches('[data-nav-toggle]')")
