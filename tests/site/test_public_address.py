"""What search engines and feed readers read: the public address in canonical and hreflang
links, feeds, sitemaps and robots.txt; meta descriptions; noindex on app screens."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.site.conftest import LANG_ROOTS, Page, public_address

pytestmark = pytest.mark.xdist_group("site")

ROOT = Path(__file__).resolve().parents[2]
ELSEWHERE = "https://clientes.example.test:8443"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site_elsewhere(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("elsewhere") / "out"
    done = subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "SITE_URL": ELSEWHERE + "/"})
    assert done.returncode == 0, done.stderr
    return out


def test_a_build_for_another_address_names_it_in_feeds_sitemaps_robots_and_canonical_links(site_elsewhere):
    robots = (site_elsewhere / "robots.txt").read_text()
    assert f"Sitemap: {ELSEWHERE}/sitemap.xml" in robots and f"Sitemap: {ELSEWHERE}/en/sitemap.xml" in robots
    for root in LANG_ROOTS.values():
        folder = site_elsewhere / root.lstrip("/")
        locs = [e.text for e in ET.parse(folder / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
        assert locs and all(loc.startswith(ELSEWHERE + root) for loc in locs)
        for feed in ("announcements.atom.xml", "announcements.rss.xml"):
            text = (folder / "feeds" / feed).read_text()
            assert ELSEWHERE + root in text
            assert "127.0.0.1" not in text, feed
        home = Page((folder / "index.html").read_text())
        assert home.find("link", rel="canonical")[0][0]["href"] == ELSEWHERE + root
    for path in site_elsewhere.rglob("*.xml"):
        assert "127.0.0.1" not in path.read_text(), path
    assert "127.0.0.1" not in robots


def test_make_site_builds_for_the_port_make_run_serves():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}  # SITE_URL, when set, wins
    dry = subprocess.run(["make", "-n", "site", "PORT=8123"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "SITE_URL=http://127.0.0.1:8123 " in dry.stdout, dry.stdout


def test_canonical_and_hreflang_links_are_absolute_on_the_public_address(site_dir, all_pages):
    origin = public_address(site_dir)
    assert origin.startswith(("http://", "https://"))
    for url, path in all_pages:
        doc = Page(path.read_text(encoding="utf-8"))
        canonical = [a["href"] for a, _t, _p in doc.find("link", rel="canonical")]
        if url.endswith("404.html"):
            continue
        assert len(canonical) == 1, url
        hreflang = {a["hreflang"]: a["href"] for a, _t, _p in doc.find("link", rel="alternate", hreflang=None)}
        assert set(hreflang) == {"es", "en", "x-default"}, url
        for href in [*canonical, *hreflang.values()]:
            assert href.startswith(origin + "/"), f"{url}: {href}"
        lang = "en" if url.startswith("/en/") else "es"
        refresh = doc.find("meta", **{"http-equiv": "refresh"})
        current = refresh[0][0]["content"].split("url=", 1)[1] if refresh else url  # an old address
        assert hreflang[lang] == canonical[0] == origin + current, url


def listing_pages(site_dir: Path, root: str) -> list[str]:
    categories = [p.parent for p in (site_dir / root.lstrip("/") / "kb").glob("*/index.html")]
    pages = [root, root + "kb/", root + "announcements/", root + "downloads/", root + "search/"]
    return pages + [root + p.relative_to(site_dir / root.lstrip("/")).as_posix() + "/" for p in categories]


def test_home_category_and_listing_pages_have_a_description_in_their_language(site_dir, page):
    seen = {}
    for lang, root in LANG_ROOTS.items():
        urls = listing_pages(site_dir, root)
        assert len(urls) > 6  # the categories are there too
        for url in urls:
            descriptions = [a["content"] for a, _t, _p in page(url).find("meta", name="description")]
            assert len(descriptions) == 1 and len(descriptions[0]) > 30, url
            seen[(lang, url[len(root):])] = descriptions[0]
    for (lang, path), text in seen.items():
        if lang == "es" and ("en", path) in seen:
            assert text != seen[("en", path)], path
    assert "Base del Conocimiento" in seen[("es", "")] and "Knowledgebase" in seen[("en", "")]


def test_client_area_and_staff_pages_are_noindex_and_out_of_the_sitemap(site_dir, all_pages):
    app_screens = [(url, path) for url, path in all_pages
                   if re.match(r"^/(en/)?(clientarea|staff)/", url)]
    assert len(app_screens) >= 2 * 20
    for url, path in app_screens:
        assert Page(path.read_text(encoding="utf-8")).find("meta", name="robots", content="noindex"), url
    for root in LANG_ROOTS.values():
        sitemap = (site_dir / root.lstrip("/") / "sitemap.xml").read_text()
        assert "/clientarea/" not in sitemap and "/staff/" not in sitemap
    # Crawlers may fetch them (or they could not read the noindex); the API is off limits.
    robots = (site_dir / "robots.txt").read_text()
    assert "Disallow: /api/" in robots and "clientarea" not in robots


def test_indexed_pages_are_never_marked_noindex(site_dir, all_pages):
    origin = public_address(site_dir)
    for root in LANG_ROOTS.values():
        for loc in ET.parse(site_dir / root.lstrip("/") / "sitemap.xml").getroot().iter(f"{SITEMAP}loc"):
            path = site_dir / loc.text[len(origin) + 1:] / "index.html"
            assert not Page(path.read_text()).find("meta", name="robots"), loc.text
