"""Give templates the words of the current language from one catalogue.

The catalogue is every `site/i18n/*.json` file merged: `{"key": {"es": "...", "en": "..."}}`,
plus the words the areas declare in their descriptors (`chalicelib/<area>/area.py`): the
names of permissions (`js.perm.<name>`), e-mail kinds (`js.pref.<name>`) and activity
events (`js.event.<name>`), written once there and never in a JSON file. Each engineer
keeps their own file; a key defined twice or missing a language stops the build, so no
page ships half-translated. Templates call `_("key")`; keys starting with `js.` are also
handed to the page scripts (see `js_strings`), with the form labels (`field.*`).
"""

import functools
import json
import os
import re

from pelican import signals

FIELD_LABEL = re.compile(r"field\.\w+")  # a label, not its `.hint`


class CatalogueError(Exception):
    pass


def load_catalogue(i18n_dir: str, languages: list[str]) -> dict[str, dict[str, str]]:
    """Merge the catalogue files, checking every key has every language."""
    catalogue: dict[str, dict[str, str]] = {}
    for name in sorted(os.listdir(i18n_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(i18n_dir, name), encoding="utf-8") as f:
            entries = json.load(f)
        for key, words in entries.items():
            if key.startswith("_"):  # "_comment" and the like
                continue
            if key in catalogue:
                raise CatalogueError(f"{name}: key {key!r} is already defined in another file")
            missing = [lang for lang in languages if not words.get(lang)]
            if missing:
                raise CatalogueError(f"{name}: key {key!r} has no text for {', '.join(missing)}")
            catalogue[key] = words
    return catalogue


def area_words() -> dict[str, dict[str, str]]:
    """The catalogue entries the areas' descriptors hold (the registry), under the keys the
    page scripts read: `js.perm.<permission>`, `js.pref.<e-mail kind>`, `js.event.<event>`."""
    from chalicelib import areas, registry

    areas.load()
    words: dict[str, dict[str, str]] = {}
    for area in registry.areas():
        for prefix, items in (("js.perm.", area.permissions), ("js.pref.", area.email_kinds),
                              ("js.event.", area.events)):
            for item in items:
                words[prefix + item.name] = {"es": item.words.es, "en": item.words.en}
    return words


def with_area_words(catalogue: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The JSON catalogue and the areas' words; a name in both is said in two places."""
    words = area_words()
    twice = sorted(set(words) & set(catalogue))
    if twice:
        raise CatalogueError(f"{', '.join(twice)}: declared by an area (chalicelib/*/area.py); "
                             "remove it from site/i18n/")
    return {**catalogue, **words}


def _country_codes() -> frozenset[str]:
    from chalicelib.countries import CODES  # the API's own list

    return CODES


@functools.cache  # 0.18 s to build the collator, and every page's country list needs it
def collation_key(lang: str):
    """A sort key following the language's collation (Unicode Collation Algorithm).

    Babel has no collation, and a casefold/strip-accents sort is wrong for Spanish. pyuca
    implements the UCA with the root table (right for English: "Åland" among the A's);
    Spanish tailors it with one rule, "ñ" a letter of its own between "n" and "o", done
    here by giving "ñ" an "n" followed by a code point whose implicit weight is above every
    letter's.
    """
    import pyuca

    collator = pyuca.Collator()
    if lang == "es":
        return lambda text: collator.sort_key(text.replace("ñ", "n\U0010ffff").replace("Ñ", "N\U0010ffff"))
    return collator.sort_key


@functools.cache
def load_countries(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, CLDR's names in `lang`, in that language's order.

    Cached (a tuple, so no caller can change it): pages ask for it several times a build.
    """
    from babel import Locale

    names = Locale.parse(lang).territories
    key = collation_key(lang)
    return tuple(sorted(((code, names[code]) for code in _country_codes()), key=lambda c: key(c[1])))


def install(pelican) -> None:
    settings = pelican.settings
    lang = settings["DEFAULT_LANG"]
    languages = settings["LANGUAGES"]
    catalogue = with_area_words(load_catalogue(settings["I18N_DIR"], languages))

    def translate(key: str) -> str:
        try:
            return catalogue[key][lang]
        except KeyError:
            raise CatalogueError(f"no catalogue entry {key!r} (add it to site/i18n/)") from None

    def js_strings(prefix: str = "js.") -> dict[str, str]:
        strings = {k[len(prefix):]: v[lang] for k, v in catalogue.items() if k.startswith(prefix)}
        # The form labels too, under their own keys (`field.city`): the activity log names
        # changed fields with them, so each label is written once.
        strings.update({k: v[lang] for k, v in catalogue.items() if FIELD_LABEL.fullmatch(k)})
        return strings

    prefixes = settings["LANG_PREFIX"]
    settings["JINJA_GLOBALS"] = {
        **settings.get("JINJA_GLOBALS", {}),
        "_": translate,
        "js_strings": js_strings,
        "LANG": lang,
        # Path prefix of this language ("" or "/en"): for root-relative links and scripts.
        "LANG_ROOT": prefixes[lang],
        # Absolute root of this language on the public address: canonical and hreflang
        # links must be absolute (search engines ignore relative hreflang).
        "PUBLIC_ROOT": settings["PUBLIC_URL"] + prefixes[lang],
        "OTHER_LANGS": [
            {"code": other, "url": settings["SITE_ORIGIN"] + prefixes[other],
             "public_url": settings["PUBLIC_URL"] + prefixes[other], "name": catalogue[f"lang.{other}"][other]}
            for other in languages
            if other != lang
        ],
        "countries": lambda: load_countries(lang),
        # Each language named in its own words, whatever the page's language.
        "LANGUAGE_OPTIONS": [(code, catalogue[f"lang.{code}"][code]) for code in languages],
    }


def register():
    signals.initialized.connect(install)
