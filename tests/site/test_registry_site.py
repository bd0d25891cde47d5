"""The client area as the areas describe it (chalicelib/*/area.py, the registry): its
pages, its menu, the contact form's choices and the scripts' words come from the
descriptors, and nothing else lists them a second time."""

import json
import re

import pytest
from portico_i18n import CatalogueError, area_words, load_catalogue, with_area_words

from chalicelib import registry
from tests.site.conftest import LANG_ROOTS, PAGES, ROOT

pytestmark = pytest.mark.xdist_group("site")

JS = ROOT / "site" / "theme" / "static" / "js"
I18N = ROOT / "site" / "i18n"


def js_strings(site_dir, url: str) -> dict[str, str]:
    path = site_dir / url.lstrip("/") / "index.html"
    found = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
    return json.loads(found.group(1))


def catalogue():
    return load_catalogue(str(I18N), list(LANG_ROOTS))


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("place", ["main", "user"])
def test_each_menu_is_the_registrys_entries_in_order_with_their_permission(page, lang, place):
    words = catalogue()
    root = LANG_ROOTS[lang]
    doc = page(root + "clientarea/emails/")
    ca_nav = _ca_nav_links(doc, place)
    expected = [(root + e.path, e.permission, words[f"ca.nav.{e.key}"][lang]) for e in registry.menu(place)]
    assert [(href, perm, text) for href, perm, _current, text in ca_nav] == expected


def _ca_nav_links(doc, place):
    """(href, data-permission, aria-current, text) of the client-area bar's links (main)
    or of its user menu's (user), in page order."""
    found = []
    for attrs, text, ancestors in doc.find("a"):
        # header > nav.ca-nav (the site's own navigation sits deeper, in the header row)
        if "header" not in ancestors or ancestors[ancestors.index("header") + 1] != "nav":
            continue
        if ("details" in ancestors) == (place == "user"):
            found.append((attrs["href"], attrs.get("data-permission"), attrs.get("aria-current"), text))
    return found


@pytest.mark.parametrize("shell", [p for p in PAGES if p.signed_in], ids=lambda p: p.path)
def test_the_current_page_is_marked_in_the_menu_that_holds_it(page, shell):
    doc = page("/" + shell.path)
    current = [text for place in ("main", "user") for _h, _p, mark, text in _ca_nav_links(doc, place) if mark == "page"]
    holders = [e for place in ("main", "user") for e in registry.menu(place) if shell.path in e.pages]
    words = catalogue()
    assert current == [words[f"ca.nav.{e.key}"]["es"] for e in holders]
    in_user_menu = any(e.place == "user" for e in holders)
    assert bool(doc.find("details", **{"data-current": None})) == in_user_menu


def test_seguridad_and_activity_mark_their_own_entry_not_mis_datos(page):
    for url, name in [("/clientarea/security/", "Seguridad"), ("/clientarea/activity/", "Registro de actividad")]:
        doc = page(url)
        assert [text for _h, _p, mark, text in _ca_nav_links(doc, "user") if mark] == [name]
        assert [text for _h, _p, mark, text in _ca_nav_links(doc, "main") if mark] == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_scripts_get_the_registrys_words(site_dir, lang):
    strings = js_strings(site_dir, LANG_ROOTS[lang] + "clientarea/contacts/")
    for area in registry.areas():
        for prefix, items in (("perm.", area.permissions), ("pref.", area.email_kinds), ("event.", area.events)):
            for item in items:
                assert strings[prefix + item.name] == item.words[lang], (prefix, item.name)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_contact_forms_choices_are_the_registrys_in_order(page, lang):
    doc = page(LANG_ROOTS[lang] + "clientarea/contacts/edit/")
    boxes = {name: [(a["value"], a.get("data-needs")) for a, _t, _p in doc.find("input", name=name)]
             for name in ("permissions", "email_preferences")}
    assert boxes["permissions"] == [(name, None) for name in registry.permissions()]
    assert boxes["email_preferences"] == [(k.name, k.permission) for k in registry.email_kinds()]
    labels = [text for _a, text, _p in doc.find("span") if text]
    words = area_words()
    for name in registry.permissions():
        assert words[f"js.perm.{name}"][lang] in labels


def test_an_area_word_also_in_the_catalogue_stops_the_build():
    with pytest.raises(CatalogueError, match="js.perm.invoices"):
        with_area_words({"js.perm.invoices": {"es": "Facturas", "en": "Invoices"}})


# ---- Said once: the names the areas declare are listed nowhere else ----

def _catalogue_keys() -> dict[str, str]:
    keys = {}
    for path in sorted(I18N.glob("*.json")):
        keys.update({key: path.name for key in json.loads(path.read_text(encoding="utf-8"))})
    return keys


def test_the_catalogue_holds_no_permission_kind_or_event_words():
    """Their words are the descriptors' (the build adds them): a JSON copy would drift."""
    copies = [f"{file}: {key}" for key, file in _catalogue_keys().items()
              if key.startswith(("js.perm.", "js.pref.", "js.event."))]
    assert copies == []


def test_every_menu_word_in_the_catalogue_is_a_declared_entrys():
    keys = {e.key for place in ("main", "user") for e in registry.menu(place)}
    stale = [key for key in _catalogue_keys() if key.startswith("ca.nav.") and key[7:] not in keys | {"label"}]
    assert stale == []


# A literal list or map in a script: [...] or {...} holding no nested brackets.
LITERAL = re.compile(r"\[[^\[\]{}()]*\]|\{[^{}\[\]()]*\}")
STRING = re.compile(r"""(['"`])([^'"`\\]*)\1""")
KEY = re.compile(r"""(?:^|[{,])\s*(?:(['"])([\w.-]+)\1|([A-Za-z_]\w*))\s*:""")


def _families() -> dict[str, set[str]]:
    return {
        "permission": set(registry.permissions()),
        "e-mail kind": {k.name for k in registry.email_kinds()},
        "event": set(registry.events()),
        "menu path": {e.path for place in ("main", "user") for e in registry.menu(place)},
    }


def listed_names(source: str) -> list[tuple[str, list[str]]]:
    """(family, names) for each literal list or map of a script naming two or more
    declared names of one family: a second list of what the registry already lists."""
    found = []
    for literal in LITERAL.finditer(source):
        text = literal.group(0)
        # A path is compared as the registry writes it ("clientarea/emails/"), whatever
        # the language root before it (`${root}/clientarea/emails/`).
        strings = [re.sub(r"^\$\{\w+\}", "", s) for _q, s in STRING.findall(text)]
        strings = [s.strip("/") + "/" if "/" in s else s for s in strings]
        if text.startswith("{"):
            # A map's keys count when it maps names to names (as KIND_PERMISSION did).
            keys = [quoted or bare for _q, quoted, bare in KEY.findall(text)]
            if strings:
                strings += keys
        for family, names in _families().items():
            hits = sorted({s for s in strings if s in names})
            if len(hits) >= 2:
                found.append((family, hits))
    return found


def test_no_script_lists_permissions_kinds_events_or_menu_entries():
    listed = {path.relative_to(JS).as_posix(): hits for path in sorted(JS.rglob("*.js"))
              if (hits := listed_names(path.read_text(encoding="utf-8")))}
    assert listed == {}


@pytest.mark.parametrize("source", [
    "const KIND_PERMISSION = { invoices: 'invoices', support: 'tickets' };",
    "const PERMISSIONS = ['profile', 'contacts'];",
    "const EVENTS = [\"login\", \"logout\"];",
    "const MENU = [`/clientarea/emails/`, '/clientarea/account/'];",
])
def test_the_check_finds_a_second_list(source):
    assert listed_names(source)


@pytest.mark.parametrize("source", [
    "if (entry.event === 'login_failed') return '–';",
    "const COUNTS = { services: (part) => part.active, domains: (part) => part.active };",
    "api('/account/contacts', { query: { cursor } });",
])
def test_the_check_lets_single_names_and_answer_shapes_be(source):
    assert listed_names(source) == []
