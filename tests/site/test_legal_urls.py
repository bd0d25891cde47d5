"""Legal pages at URLs in their own language's words, and every old address still leads
to its page (a static redirect page: S3 and the local server serve it alike)."""

import re
import shutil
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("site")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site" / "plugins"))

from helpsite import catalog as hs_catalog  # noqa: E402

MOVED = {
    "/legal/privacy/": "/legal/privacidad/",
    "/legal/terms/": "/legal/terminos/",
    "/en/legal/aviso-legal/": "/en/legal/legal-notice/",
}


def origin_of(site_dir: Path) -> str:
    return re.search(r"^Sitemap: (\S+)/sitemap\.xml$", (site_dir / "robots.txt").read_text(), re.M).group(1)


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_legal_address_sends_readers_and_search_engines_to_the_new_one(site_dir, page, old, new):
    doc = page(old)
    (refresh,) = doc.find("meta", **{"http-equiv": "refresh"})
    assert refresh[0]["content"] == f"0; url={new}"
    assert doc.find("meta", name="robots", content="noindex")
    assert doc.find("link", rel="canonical")[0][0]["href"] == origin_of(site_dir) + new
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


@pytest.fixture
def content_copy(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def problems(content_dir) -> list[str]:
    return hs_catalog.check_catalog(hs_catalog.read_catalog(str(content_dir), ["es", "en"]))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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
