"""Help site: knowledge base, announcements, downloads, search and legal pages.

Editors commit Markdown under content/; this plugin checks it (catalog.py), gives each
KB article its URL /kb/<category>/<slug>/ and its related articles, and writes the pages
Pelican has no notion of: category indexes, the paged announcements list and its feeds
and JSON index, the downloads listing, the search page, the legal pages, the 404 page,
the sitemap, and the manifest the API reads (published vote slugs and restricted files).

One Pelican run per language (see site/build.py): every run reads both languages, so
it can link each page to its translation, and writes only its own.
"""

from __future__ import annotations

import logging

from pelican import signals

from . import catalog as _catalog
from .generator import HelpSiteGenerator, format_date
from .sitemap import write_sitemap

logger = logging.getLogger(__name__)

_CATALOGS: dict[str, _catalog.Catalog] = {}


def catalog_for(settings) -> _catalog.Catalog:
    """Return the checked catalog of this run's content folder (read once per process)."""
    path = settings["PATH"]
    if path not in _CATALOGS:
        _CATALOGS[path] = _catalog.read_catalog(path, settings["LANGUAGES"])
    return _CATALOGS[path]


def check_content(pelican) -> None:
    settings = pelican.settings
    _CATALOGS.pop(settings["PATH"], None)  # a new run may follow an edit (tests, autoreload)
    problems = _catalog.check_catalog(catalog_for(settings), settings.get("COMPANY", {}))
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise _catalog.ContentError(f"help-site content has {len(problems)} problem(s):\n{listing}")
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "help_date": format_date}
    # Legal pages by Key, at their path in this run's language (each language has its own
    # words: legal/privacidad/, en/legal/privacy/): for the footer and the forms' links.
    cat = catalog_for(settings)
    settings["JINJA_GLOBALS"] = {
        **settings.get("JINJA_GLOBALS", {}),
        "legal_paths": {e.key: cat.path_of(e) for e in cat.of("legal", settings["DEFAULT_LANG"])},
    }
    # Each run renders only its own language: the other language's files (named
    # <name>.<lang>.md, which the checks enforce) are linked from the catalog, not read.
    others = [lang for lang in settings["LANGUAGES"] if lang != settings["DEFAULT_LANG"]]
    settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []), *(f"*.{lang}.md" for lang in others)]


def place_article(instance) -> None:
    """Give a KB article its category URL and its template; others keep the defaults."""
    section = instance.metadata.get("section")
    if section not in ("kb", "announcements") or not hasattr(instance, "settings"):
        return
    instance.template = "help/kb_article" if section == "kb" else "help/announcement"
    if section != "kb":
        return
    settings = instance.settings
    cat = catalog_for(settings)
    folder = instance.relative_source_path.replace("\\", "/").split("/")[1]
    path = f"kb/{cat.category_slug(folder, instance.lang)}/{instance.slug}/"
    instance.override_url = path
    # The other language's file is only linked to here; its own run writes it.
    instance.override_save_as = path + "index.html" if instance.lang == settings["DEFAULT_LANG"] else ""


def get_generators(pelican):
    return HelpSiteGenerator


def register():
    signals.initialized.connect(check_content)
    signals.content_object_init.connect(place_article)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_sitemap)
