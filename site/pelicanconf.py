"""Pelican settings for the Portico site (development build).

`site/build.py` runs Pelican once per language with these settings plus a few
per-language overrides (DEFAULT_LANG, OUTPUT_PATH, SITEURL); see LANGUAGES below.

Content conventions (shared with the help-site half):
- every Markdown file under `content/` declares `Lang: es` or `Lang: en`
  (a file without `Lang` is Spanish); the `lang_split` plugin keeps only the run's
  language, so each language has its own lists, categories and feeds;
- Pelican pairs the two language versions of one text by ARTICLE_TRANSLATION_ID
  (`article.translations`); the language switch links to that counterpart;
- the first folder under `content/` is the `section` metadata (kb, announcements,
  downloads); KB categories come from the folder below `content/kb/`.
"""

import os
import sys

SITE_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(SITE_DIR)

SITENAME = "Portico"
AUTHOR = "Portico"
TIMEZONE = "UTC"

PATH = os.path.join(REPO_DIR, "content")
THEME = os.path.join(SITE_DIR, "theme")
PLUGIN_PATHS = [os.path.join(SITE_DIR, "plugins")]
PLUGINS = ["portico_i18n", "lang_split", "clientarea", "staffconsole", "table_wrap", "pricing"]

# Languages: Spanish at /, English at /en/. build.py picks one per run.
LANGUAGES = ["es", "en"]
DEFAULT_LANG = "es"
LANG_PREFIX = {"es": "", "en": "/en"}
# The public address people and search engines reach the site at (scheme://host[:port]).
# Canonical and hreflang links, feeds, sitemaps and robots.txt use it. ONE setting for
# every build: SITE_URL in the environment (`make site`/`make run` set it from PORT, a
# deploy from infra/aws/settings/<stage>.json); the API reads the same variable.
PUBLIC_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The origin of the site's own links ("" = root-relative links); publishconf sets it.
SITE_ORIGIN = ""
SITEURL = ""
RELATIVE_URLS = False

# Theme assets are copied once, by the Spanish run, and shared by both languages.
THEME_STATIC_DIR = "theme"
THEME_URL = "/theme"

# Catalogue of words for people: site/i18n/*.json, merged; see plugins/portico_i18n.py.
I18N_DIR = os.path.join(SITE_DIR, "i18n")

# Pretty URLs everywhere: a folder with index.html.
ARTICLE_PATHS = ["kb", "announcements", "downloads"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PATH_METADATA = r"(?P<section>[^/]+)/.*"
USE_FOLDER_AS_CATEGORY = True
ARTICLE_TRANSLATION_ID = "slug"

ARTICLE_URL = "{section}/{slug}/"
ARTICLE_SAVE_AS = "{section}/{slug}/index.html"
# Translations belong to the other language's run: link to them, never write them here.
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ""
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = ""
CATEGORY_URL = "kb/category/{slug}/"
CATEGORY_SAVE_AS = "kb/category/{slug}/index.html"

# Only the pages we have templates for.
DIRECT_TEMPLATES = ["index"]
INDEX_SAVE_AS = "index.html"
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = False

# Feeds need an absolute SITEURL: publishconf turns them on.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DELETE_OUTPUT_DIRECTORY = False  # build.py empties the output itself, once for both runs
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
TYPOGRIFY = False
SLUGIFY_SOURCE = "basename"

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# ---- Help site (knowledge base, announcements, downloads, search, legal) ----
# Help site: the `helpsite` plugin checks content/ (a wrong file stops the build, naming
# the file and the field), writes /kb/<category>/<slug>/ and the pages around it, the
# feeds, /announcements/index.json, the sitemap and the API manifest (build/manifest.json).
PLUGINS = PLUGINS + ["helpsite"]
# Downloads and legal texts are not articles: helpsite reads them itself.
ARTICLE_PATHS = ["kb", "announcements"]
# The es and en files of one text share `Key` (their slugs are in their own language).
ARTICLE_TRANSLATION_ID = "key"
# KB categories are written by helpsite at kb/<category>/, not by Pelican.
CATEGORY_SAVE_AS = ""
CATEGORY_FEED_ATOM = None
HELP_ANNOUNCEMENTS_PER_PAGE = 10
# The company behind the site, as the legal pages (LSSI-CE art. 10, RGPD art. 13) and the
# footer show it: the stage's company file (functions/chalicelib/company/<stage>.json, the
# one the functions read; docs/company.md), checked when the site is built. The stage is
# STAGE in the environment (a deploy sets it; `make site` builds the local stack's).
STAGE = os.environ.get("STAGE", "local")
sys.path.insert(0, os.path.join(REPO_DIR, "functions"))
from chalicelib.company import load as _load_company  # noqa: E402

_company = _load_company(STAGE)
# What a legal page writes as {{ company.<key> }}; a value given per language ({"es", "en"})
# is shown in the page's language.
COMPANY = {
    "legal_name": _company.legal_name,
    "trade_name": _company.trade_name,
    "nif": _company.nif,
    "vat_number": _company.vat_number,
    "registry": _company.registry,
    "address": {lang: _company.address.line(lang) for lang in LANGUAGES},
    "email": _company.email,
    "privacy_email": _company.privacy_email,
    "phone": _company.phone_display,
    "phone_e164": _company.phone,
    # Not the company's identity but the legal texts' own facts.
    "hosting_region": {"es": "Unión Europea (AWS, región eu-west-1, Irlanda)",
                       "en": "European Union (AWS, eu-west-1 region, Ireland)"},
    "jurisdiction": _company.address.city,
}
# ---- end help site ----
