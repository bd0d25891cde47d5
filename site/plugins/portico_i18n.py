"""Give templates the words of the current language from one catalogue.

The catalogue is every `site/i18n/*.json` file merged: `{"key": {"es": "...", "en": "..."}}`.
Each engineer keeps their own file; a key defined twice or missing a language stops the
build, so no page ships half-translated. Templates call `_("key")`; keys starting with
`js.` are also handed to the page scripts (see `js_strings`).
"""

import json
import os

from pelican import signals

SITE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


def load_countries(lang: str) -> list[tuple[str, str]]:
    with open(os.path.join(SITE_DIR, "data", "countries.json"), encoding="utf-8") as f:
        names = json.load(f)
    names.pop("_comment", None)
    return sorted(((code, n[lang]) for code, n in names.items()), key=lambda c: c[1].casefold())


def install(pelican) -> None:
    settings = pelican.settings
    lang = settings["DEFAULT_LANG"]
    languages = settings["LANGUAGES"]
    catalogue = load_catalogue(settings["I18N_DIR"], languages)

    def translate(key: str) -> str:
        try:
            return catalogue[key][lang]
        except KeyError:
            raise CatalogueError(f"no catalogue entry {key!r} (add it to site/i18n/)") from None

    def js_strings(prefix: str = "js.") -> dict[str, str]:
        return {k[len(prefix):]: v[lang] for k, v in catalogue.items() if k.startswith(prefix)}

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
    }


def register():
    signals.initialized.connect(install)
