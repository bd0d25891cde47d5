"""The help site in the built output: knowledge base, announcements, downloads, search,
legal pages, feeds, sitemap, the API manifest, and the editors' checks."""

import hashlib
import json
import random
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
sys.path.insert(0, str(ROOT / "site" / "plugins"))

from helpsite import catalog as hs_catalog  # noqa: E402
from helpsite.related import Candidate, related  # noqa: E402

from tests.site.conftest import COMPANY, edit, problems  # noqa: E402

LANGS = ("es", "en")
PREFIX = {"es": "/", "en": "/en/"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def catalog():
    return hs_catalog.read_catalog(str(CONTENT), list(LANGS))


@pytest.fixture(scope="module")
def manifest(site_dir):
    return json.loads((site_dir.parent / "manifest.json").read_text())


def kb_url(catalog, entry) -> str:
    return PREFIX[entry.lang] + catalog.path_of(entry)


# -- starter content -------------------------------------------------------------------

def test_the_starter_content_passes_the_editors_checks(catalog):
    assert hs_catalog.check_catalog(catalog, company=COMPANY) == []


def test_starter_knowledge_base_is_substantial_and_bilingual(catalog):
    for lang in LANGS:
        articles = catalog.of("kb", lang)
        assert len(articles) >= 12
        assert len({a.folder for a in articles}) >= 4
    titles = {a.meta["title"] for a in catalog.of("kb", "es")}
    for required in ("Tips para crear tickets de soporte eficientes", "¿En qué tiempo estará lista mi cuenta?",
                     "¿De qué herramientas de soporte disponen?",
                     "¿Si tengo problemas con código o desarrollo web me darán soporte?",
                     "¿Cuál es el uptime promedio de la red?"):
        assert required in titles


# -- knowledge base pages --------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_kb_index_lists_every_category_with_its_article_count(page, catalog, lang):
    index = page(PREFIX[lang] + "kb/")
    links = {a["href"]: text for a, text, _ in index.find("a", href=None)}
    for folder, names in catalog.categories["kb"].items():
        url = f"{PREFIX[lang]}kb/{names[lang].get('slug', folder)}/"
        assert links.get(url) == names[lang]["name"]
        count = sum(1 for e in catalog.of("kb", lang) if e.folder == folder)
        category = page(url)
        assert [t for _, t, _ in category.find("h1")] == [names[lang]["name"]]
        assert len(category.find("h2")) == count
        assert re.search(rf"\b{count} (artículo|article)", "".join(category.texts.values()))


@pytest.mark.parametrize("lang", LANGS)
def test_every_article_has_its_page_breadcrumbs_and_last_updated_date(page, catalog, lang):
    for entry in catalog.of("kb", lang):
        article = page(kb_url(catalog, entry))
        assert [t for _, t, _ in article.find("h1", **{"data-pagefind-meta": "title"})] == [entry.meta["title"]]
        crumbs = [t for _, t, anc in article.find("a", href=None) if "ol" in anc and "nav" in anc]
        assert crumbs[:2] == (["Inicio", "Base del Conocimiento"] if lang == "es" else ["Home", "Knowledgebase"])
        updated = (entry.meta.get("modified") or entry.meta["date"])[:10]
        assert article.find("time", datetime=updated)


@pytest.mark.parametrize("lang", LANGS)
def test_each_article_links_its_translation_with_hreflang_and_a_canonical_url(page, catalog, lang):
    other = "en" if lang == "es" else "es"
    by_key = {e.key: e for e in catalog.of("kb", other)}
    for entry in catalog.of("kb", lang):
        article = page(kb_url(catalog, entry))
        alternates = {a["hreflang"]: a["href"] for a, _, _ in article.find("link", rel="alternate", hreflang=None)}
        assert alternates[other].endswith(kb_url(catalog, by_key[entry.key]))
        assert alternates[lang].endswith(kb_url(catalog, entry))
        assert article.find("link", rel="canonical")[0][0]["href"].endswith(kb_url(catalog, entry))


def test_related_articles_are_under_each_article_never_itself_and_sensibly_few(page, catalog):
    for entry in catalog.of("kb"):
        url = kb_url(catalog, entry)
        article = page(url)
        related_links = [a["href"] for a, _, anc in article.find("a", href=None) if "section" in anc
                         and a["href"].startswith(PREFIX[entry.lang] + "kb/") and "li" in anc]
        assert 1 <= len(related_links) <= 5, url
        assert url not in related_links
        assert len(set(related_links)) == len(related_links)


def test_related_articles_prefer_shared_tags_and_the_same_category_and_are_deterministic():
    pool = [
        Candidate("a", "Tips para tickets", "soporte", frozenset({"tickets", "soporte"}), 1),
        Candidate("b", "Herramientas de soporte", "soporte", frozenset({"soporte"}), 2),
        Candidate("c", "Pagar facturas", "facturacion", frozenset({"facturas"}), 1),
        Candidate("d", "Tickets y facturas", "facturacion", frozenset({"tickets"}), 2),
        Candidate("e", "Uptime de la red", "soporte", frozenset(), 3),
    ]
    chosen = [c.id for c in related(pool[0], pool)]
    assert chosen[0] in ("b", "d") and "a" not in chosen and "c" not in chosen
    assert set(chosen) == {"b", "d", "e"}
    for _ in range(5):
        shuffled = random.sample(pool, len(pool))
        assert [c.id for c in related(pool[0], shuffled)] == chosen
    assert len(related(pool[0], pool, limit=2)) == 2


# -- search ----------------------------------------------------------------------------

def test_search_index_exists_for_each_language(site_dir):
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) >= set(LANGS)
    for lang in LANGS:
        assert entry["languages"][lang]["page_count"] >= 12


def test_only_article_bodies_are_marked_for_the_index(site_dir, catalog):
    marked = {p for p in site_dir.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    expected = {site_dir / kb_url(catalog, e).lstrip("/") / "index.html" for e in catalog.of("kb")}
    assert marked == expected


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_and_header_box_load_no_search_code_before_use(page, lang):
    search = page(PREFIX[lang] + "search/")
    scripts = [a.get("src", "") for a, _, _ in search.find("script")]
    assert all("pagefind" not in s for s in scripts)
    assert [a["href"] for a, _, _ in search.find("link", rel="stylesheet")] == ["/theme/css/site.css",
                                                                                "/theme/css/help.css"]
    home = page(PREFIX[lang])
    form = home.find("form", role="search", action=f"{PREFIX[lang]}search/")
    assert form and any("header" in anc for _, _, anc in form)


# -- announcements ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_announcements_newest_first_with_a_json_index_for_the_dashboard(site_dir, page, catalog, lang):
    index = json.loads((site_dir / PREFIX[lang].lstrip("/") / "announcements" / "index.json").read_text())
    items = index["items"]
    assert len(items) == len(catalog.of("announcements", lang)) >= 3
    assert [i["date"] for i in items] == sorted((i["date"] for i in items), reverse=True)
    assert set(items[0]) == {"title", "url", "date", "summary"}
    listing = page(PREFIX[lang] + "announcements/")
    titles = [t for _, t, anc in listing.find("a", href=None) if "h2" in anc]
    assert titles == [i["title"] for i in items]
    for item in items:
        assert page(item["url"]).find("h1")[0][1] == item["title"]


@pytest.mark.parametrize("lang", LANGS)
def test_feeds_are_valid_atom_and_rss_newest_first(site_dir, lang):
    base = site_dir / PREFIX[lang].lstrip("/") / "feeds"
    atom = ET.parse(base / "announcements.atom.xml").getroot()
    assert atom.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert atom.find(f"{ATOM}{name}") is not None and atom.find(f"{ATOM}{name}").text
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) >= 3
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    updated = [e.find(f"{ATOM}published").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    rss = ET.parse(base / "announcements.rss.xml").getroot()
    assert rss.tag == "rss" and len(rss.findall("channel/item")) == len(entries)


def test_every_page_links_the_feeds_of_its_language(all_pages):
    for url, path in all_pages:
        html = path.read_text(encoding="utf-8")
        lang_root = "/en/" if url.startswith("/en/") else "/"
        assert 'type="application/atom+xml"' in html, url
        assert f'href="{lang_root}feeds/announcements.atom.xml"' in html, url


# -- downloads -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_downloads_listing_shows_every_entry_with_version_size_and_checksum(page, manifest, catalog, lang):
    listing = page(PREFIX[lang] + "downloads/")
    shown = {a["id"] for a, _, _ in listing.find("li", id=None)}
    assert shown == set(manifest["downloads"]) == {e.key for e in catalog.of("downloads", lang)}
    text = " ".join(listing.texts.values())
    for item in manifest["downloads"].values():
        assert item["sha256"] in text and item["filename"] in text


def test_public_files_are_served_with_the_checksum_shown(site_dir, manifest):
    public = [d for d in manifest["downloads"].values() if d["access"] == "public"]
    assert public
    for item in public:
        served = site_dir / item["public_path"].lstrip("/")
        assert hashlib.sha256(served.read_bytes()).hexdigest() == item["sha256"]


def test_restricted_downloads_are_never_in_the_public_output(site_dir, manifest):
    restricted = [d for d in manifest["downloads"].values() if d["access"] != "public"]
    assert {d["access"] for d in restricted} >= {"customers", "product:reseller"}
    digests = {d["sha256"] for d in restricted}
    names = {d["filename"] for d in restricted}
    for path in site_dir.rglob("*"):
        if path.is_file():
            assert path.name not in names, path
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in digests, path


def test_the_manifest_lists_every_published_slug_outside_the_public_output(site_dir, manifest, catalog):
    assert not (site_dir / "manifest.json").exists()
    assert manifest["kb"] == {e.slug: e.key for e in catalog.of("kb")}


# -- legal, 404, sitemap, links --------------------------------------------------------

# Each language's own words in the URL.
LEGAL = {"es": ("aviso-legal", "privacidad", "cookies", "terminos"),
         "en": ("legal-notice", "privacy", "cookies", "terms")}


@pytest.mark.parametrize("lang", LANGS)
def test_legal_pages_exist_filled_from_the_company_settings_and_linked_from_every_footer(page, all_pages, lang):
    for slug in LEGAL[lang]:
        legal = page(f"{PREFIX[lang]}legal/{slug}/")
        text = " ".join(legal.texts.values())
        assert "{{" not in text and COMPANY["legal_name"] in text
    assert COMPANY["nif"] in " ".join(page(f"{PREFIX[lang]}legal/{LEGAL[lang][0]}/").texts.values())
    for url, path in all_pages:
        if url.startswith("/en/") == (lang == "en"):
            footer = path.read_text(encoding="utf-8").split('<footer class="site-footer">')[1]
            for slug in LEGAL[lang]:
                assert f'href="{PREFIX[lang]}legal/{slug}/"' in footer, url


@pytest.mark.parametrize("lang", LANGS)
def test_a_404_page_exists_in_each_language(site_dir, lang):
    html = (site_dir / PREFIX[lang].lstrip("/") / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert ("Página no encontrada" if lang == "es" else "Page not found") in html


@pytest.mark.parametrize("lang", LANGS)
def test_sitemap_lists_articles_with_their_alternates(site_dir, catalog, lang):
    sitemap = (site_dir / PREFIX[lang].lstrip("/") / "sitemap.xml").read_text(encoding="utf-8")
    ET.fromstring(sitemap)
    for entry in catalog.of("kb", lang):
        assert f"{kb_url(catalog, entry)}</loc>" in sitemap
    assert "/clientarea/" not in sitemap and "404" not in sitemap
    assert 'hreflang="x-default"' in sitemap


def test_every_internal_link_resolves(site_dir, all_pages):
    link = re.compile(r'(?:href|src)="(/[^"#?]*)')
    broken = []
    for url, path in all_pages:
        for target in set(link.findall(path.read_text(encoding="utf-8"))):
            if target.startswith(("/api/", "/pagefind/")) and not target.endswith(".js"):
                continue
            file = site_dir / target.lstrip("/")
            if not (file.is_file() or (file / "index.html").is_file()):
                broken.append(f"{url} -> {target}")
    assert broken == []


# -- editors' checks -------------------------------------------------------------------

KB = Path("kb/soporte/tips-tickets-soporte.es.md")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: edit(c / KB, "Key: support-ticket-tips\n", ""),
         "content/kb/soporte/tips-tickets-soporte.es.md: field 'Key' is missing"),
        (lambda c: edit(c / KB, "Lang: es", "Lang: fr"),
         "content/kb/soporte/tips-tickets-soporte.es.md: field 'Lang' is 'fr'"),
        (lambda c: (c / "kb" / "varios").mkdir() or shutil.move(c / KB, c / "kb" / "varios" / KB.name),
         "content/kb/varios/tips-tickets-soporte.es.md: category folder 'varios' is unknown"),
        (lambda c: (c / "kb/soporte/effective-support-tickets.en.md").unlink(),
         "field 'Key' 'support-ticket-tips' has no en translation"),
        (lambda c: edit(c / KB, "Slug: tips-tickets-soporte", "Slug: herramientas-de-soporte"),
         "field 'Slug' 'herramientas-de-soporte' is already used by content/kb/soporte/"),
        (lambda c: edit(c / KB, "## Prioridad", "Vea [esto]({filename}no-existe.es.md).\n\n## Prioridad"),
         "content/kb/soporte/tips-tickets-soporte.es.md: broken link {filename}no-existe.es.md"),
        (lambda c: edit(c / KB, "## Prioridad", "Vea [esto](/kb/soporte/no-existe/).\n\n## Prioridad"),
         "content/kb/soporte/tips-tickets-soporte.es.md: broken link /kb/soporte/no-existe/"),
        (lambda c: (c / "downloads/files/portico-dns-check.sh").unlink(),
         "content/downloads/comprobador-dns.es.md: field 'File': content/downloads/files/portico-dns-check.sh does not exist"),
        (lambda c: edit(c / "downloads/comprobador-dns.es.md", "Access: public", "Access: everyone"),
         "content/downloads/comprobador-dns.es.md: field 'Access' 'everyone'"),
        (lambda c: edit(c / KB, "Date: 2026-01-12", "Date: 12/01/2026"),
         "content/kb/soporte/tips-tickets-soporte.es.md: field 'Date' '12/01/2026' is not a date"),
        (lambda c: edit(c / KB, "Date: 2026-01-12", "Date: ٢٠٢٦-٠١-١٢"),
         "content/kb/soporte/tips-tickets-soporte.es.md: field 'Date' '٢٠٢٦-٠١-١٢' is not a date"),
        (lambda c: edit(c / KB, "Order: 1", "Order: ²"),
         "content/kb/soporte/tips-tickets-soporte.es.md: field 'Order' '²' must be a whole number"),
        (lambda c: edit(c / KB, "Order: 1", "Order: ١"),
         "content/kb/soporte/tips-tickets-soporte.es.md: field 'Order' '١' must be a whole number"),
    ],
    ids=["missing-field", "bad-language", "unknown-category", "missing-translation", "duplicate-slug",
         "broken-filename-link", "broken-absolute-link", "missing-download-file", "bad-access", "bad-date",
         "date-in-arabic-indic-digits", "order-in-superscript", "order-in-arabic-indic-digits"],
)
def test_a_content_mistake_is_reported_with_the_file_and_the_field(content_copy, change, expected):
    change(content_copy)
    found = problems(content_copy)
    assert any(expected in p for p in found), found


def test_a_content_mistake_stops_the_pelican_run_with_the_message(content_copy, tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    edit(content_copy / KB, "Key: support-ticket-tips\n", "")
    settings = read_settings(str(ROOT / "site" / "pelicanconf.py"),
                             override={"PATH": str(content_copy), "OUTPUT_PATH": str(tmp_path / "out")})
    with pytest.raises(hs_catalog.ContentError, match=r"tips-tickets-soporte\.es\.md: field 'Key' is missing"):
        Pelican(settings).run()
