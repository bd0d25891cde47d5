"""The help site in a real browser on the local stack: search a word and open the
result; vote on an article and see the count change."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("site")

ARTICLE = "/kb/soporte/tips-tickets-soporte/"


@pytest.mark.parametrize(("path", "word", "title", "url"), [
    ("/search/", "prioridad", "Tips para crear tickets de soporte eficientes", ARTICLE),
    ("/en/search/", "nameservers", "Registering your own nameservers (child nameservers)",
     "/en/kb/domains-dns/register-child-nameservers/"),
])
def test_search_finds_an_article_and_opens_it(page, site_url, path, word, title, url):
    loaded = []
    page.on("request", lambda r: "pagefind" in r.url and loaded.append(r.url))
    page.goto(site_url + path)
    assert loaded == []  # nothing of Pagefind before the visitor searches
    page.get_by_role("searchbox").last.fill(word)
    result = page.locator(".pagefind-ui__result-link", has_text=title).first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    expect(page).to_have_url(re.compile(re.escape(site_url + url)))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("[data-vote-count]")).to_have_text(re.compile(r"^\d+ (usuarios? ha|users? found)"))
    assert page.console_errors == []


def test_the_header_search_box_leads_to_results(page, site_url):
    page.goto(site_url + "/kb/")
    page.locator("header").get_by_role("searchbox").fill("uptime")
    page.locator("header").get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=uptime"))
    expect(page.locator(".pagefind-ui__result-link").first).to_have_text("¿Cuál es el uptime promedio de la red?",
                                                                          timeout=10_000)


def test_voting_on_an_article_changes_the_count(page, site_url):
    page.goto(site_url + ARTICLE)
    count = page.locator("[data-vote-count]")
    expect(count).to_have_text(re.compile(r"^\d+ usuarios? ha"))
    before = int(count.inner_text().split()[0])
    page.get_by_role("button", name="Sí").click()
    expect(count).to_have_text(re.compile(rf"^{before + 1} usuarios? ha"))
    expect(page.get_by_role("button", name="Sí")).to_have_attribute("aria-pressed", "true")
    page.reload()  # the visitor's cookie: the vote is remembered, not repeated
    expect(count).to_have_text(re.compile(rf"^{before + 1} usuarios? ha"))
    page.get_by_role("button", name="No").click()
    expect(count).to_have_text(re.compile(rf"^{before} usuarios? ha"))
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/", "/kb/"])  # a page without help.css and one with it
def test_on_a_phone_the_header_search_box_is_as_wide_as_the_open_menu(page, site_url, path):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site_url + path)
    page.locator("[data-nav-toggle]").click()
    box = page.locator("header").get_by_role("searchbox")
    expect(box).to_be_visible()
    width, panel = box.evaluate("b => [b.getBoundingClientRect().width, b.closest('.nav-panel').clientWidth]")
    assert width >= panel * 0.9, (width, panel)
