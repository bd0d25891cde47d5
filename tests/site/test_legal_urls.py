"""Legal pages at URLs in their own language's words, and every old address still leads
to its page (a static redirect page: S3 and the local server serve it alike)."""

import pytest

from tests.site.conftest import edit, problems, public_address

pytestmark = pytest.mark.xdist_group("site")

MOVED = {
    "/legal/privacy/": "/legal/privacidad/",
    "/legal/terms/": "/legal/terminos/",
    "/en/legal/aviso-legal/": "/en/legal/legal-notice/",
}


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_legal_address_sends_readers_and_search_engines_to_the_new_one(site_dir, page, old, new):
    doc = page(old)
    (refresh,) = doc.find("meta", **{"http-equiv": "refresh"})
    assert refresh[0]["content"] == f"0; url={new}"
    assert doc.find("meta", name="robots", content="noindex")
    assert doc.find("link", rel="canonical")[0][0]["href"] == public_address(site_dir) + new
    assert [a["href"] for a, _t, _p in doc.find("a", **{"data-moved-to": None})] == [new]
    assert page(new).find("h1")[0][1]  # the new address is the real page
    assert not page(new).find("meta", **{"http-equiv": "refresh"})
    sitemap = (site_dir / ("en" if new.startswith("/en/") else "") / "sitemap.xml").read_text()
    assert f"{new}</loc>" in sitemap and f"{old}</loc>" not in sitemap


def test_no_page_links_an_old_address(all_pages):
    for url, path in all_pages:
        if url in MOVED:
            continue
        html = path.read_text(encoding="utf-8")
        for old in MOVED:
            assert f'href="{old}"' not in html, f"{url} links {old}"


def test_a_link_to_an_old_address_is_reported_with_the_new_one(content_copy):
    edit(content_copy / "legal/aviso-legal.es.md", "(/legal/privacidad/)", "(/legal/privacy/)")
    assert ("content/legal/aviso-legal.es.md: link /legal/privacy/ has moved: link /legal/privacidad/ instead"
            in problems(content_copy))


def test_an_old_slug_may_not_hide_a_live_page(content_copy):
    edit(content_copy / "legal/privacidad.es.md", "Former-Slugs: privacy", "Former-Slugs: privacy, cookies")
    found = problems(content_copy)
    assert any("legal/cookies/ (es) would hide a live page" in p for p in found), found
    edit(content_copy / "legal/terminos.es.md", "Former-Slugs: terms", "Former-Slugs: Terms Old")
    assert any("field 'Former-Slugs' 'Terms Old'" in p for p in problems(content_copy))
