"""Keep only the current run's language in each Pelican run.

build.py runs Pelican once per language. Pelican reads every file and pairs translations
by slug; this plugin then drops the other language from the lists (so categories, feeds
and indexes are per language) while `article.translations` still points at the
counterpart, which the language switch links to. A file without `Lang` is Spanish.
"""

from pelican import signals


def _belongs(item, lang: str, default: str) -> bool:
    return item.metadata.get("lang", default) == lang


def _keep_run_language(items, settings) -> None:
    lang = settings["DEFAULT_LANG"]
    default = settings["LANGUAGES"][0]
    items[:] = [i for i in items if _belongs(i, lang, default)]


def filter_articles(generator) -> None:
    for name in ("articles", "drafts", "hidden_articles"):
        _keep_run_language(getattr(generator, name), generator.settings)


def filter_pages(generator) -> None:
    for name in ("pages", "hidden_pages", "draft_pages"):
        _keep_run_language(getattr(generator, name), generator.settings)


def register():
    signals.article_generator_pretaxonomy.connect(filter_articles)
    signals.page_generator_finalized.connect(filter_pages)
