"""The word catalogue (site/i18n/*.json) holds only words a page or script uses."""

import json
import re

from tests.site.conftest import ROOT

# The site, and the areas' descriptors (their pages' title keys).
SOURCES = [p for p in (ROOT / "site").rglob("*") if p.suffix in {".html", ".js", ".py"} and p.is_file()]
SOURCES += sorted((ROOT / "functions" / "chalicelib").glob("*/area.py"))


def _catalogue() -> dict[str, dict[str, str]]:
    words = {}
    for path in sorted((ROOT / "site" / "i18n").glob("*.json")):
        words.update({k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if not k.startswith("_")})
    return words


def _is_used(key: str, source: str) -> bool:
    # Page scripts see `js.` keys without the prefix (`t('saved')`).
    names = [key, key[3:]] if key.startswith("js.") else [key]
    for name in names:
        if re.search(rf"""['"`]{re.escape(name)}['"`]""", source):
            return True
        # A family whose key is composed at run time: `_("col." ~ column)`, t(`event.${e}`),
        # f"lang.{code}", tags(list, 'perm.').
        parts = name.split(".")
        for i in range(1, len(parts)):
            prefix = ".".join(parts[:i]) + "."
            if prefix != "js." and re.search(rf"""['"`]{re.escape(prefix)}(['"`]|\$\{{|\{{)""", source):
                return True
    return False


def test_every_catalogue_key_is_used_somewhere():
    source = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in SOURCES if "i18n" not in p.parts)
    assert [k for k in _catalogue() if not _is_used(k, source)] == []


def test_the_legal_page_names_have_one_key_each():
    words = _catalogue()
    for title in ("Términos del servicio", "Política de privacidad"):
        keys = [k for k, v in words.items() if v["es"].casefold() == title.casefold()]
        assert len(keys) == 1, (title, keys)


def test_script_words_do_not_repeat_a_form_label():
    """Scripts read the form labels (`field.*`) themselves: a `js.` copy would drift."""
    words = _catalogue()
    copies = [k for k, v in words.items()
              if k.startswith("js.") and words.get("field." + k.rsplit(".", 1)[1]) == v]
    assert copies == []


def test_page_scripts_get_the_form_labels_but_not_their_hints(site_dir):
    html = (site_dir / "clientarea" / "activity" / "index.html").read_text(encoding="utf-8")
    strings = json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S).group(1))
    assert strings["field.city"] == "Ciudad" and strings["field.address1"] == "Dirección"
    assert "field.phone.hint" not in strings and "changed.city" not in strings


def test_code_calls_pages_by_their_current_names():
    """Renamed pages (now "Administración de contactos", "¿Olvidó su contraseña?")."""
    old = ("Administración " + "Contactos", "Solicite su " + "Contraseña")
    stale = [p.relative_to(ROOT).as_posix() for folder in ("functions", "site", "tests")
             for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".js", ".html", ".json"}
             and any(name in p.read_text(encoding="utf-8", errors="ignore") for name in old)]
    assert stale == []
