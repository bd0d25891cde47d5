"""Read and check the help-site content before Pelican renders anything.

Editors publish by committing Markdown, so the build is their proof-reader: every
problem is reported with the file and the field, all at once, and stops the build.
This module reads only the metadata header of each file (fast, no Markdown rendering)
and knows the URL every entry will get, which is also what the API manifest lists.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field

SECTIONS = ("kb", "announcements", "downloads", "legal")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# re.ASCII: without it \d also matches "٢" or "２", which no date parser reads.
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$", re.ASCII)
ACCESS_RE = re.compile(r"^(public|customers|product:[a-z0-9][a-z0-9_-]*)$")
# {filename}path links, and root-relative links, in Markdown or raw HTML.
FILENAME_LINK_RE = re.compile(r"\{filename\}([^)\s\"'#?]+)")
ABSOLUTE_LINK_RE = re.compile(r"(?:\]\(|href=[\"'])(/[^)\s\"'#?]*)")
COMPANY_RE = re.compile(r"\{\{\s*company\.([a-zA-Z_]+)\s*\}\}")

REQUIRED = {
    "kb": ("title", "slug", "lang", "key", "date"),
    "announcements": ("title", "slug", "lang", "key", "date"),
    "downloads": ("title", "lang", "key", "category", "version", "file", "access"),
    "legal": ("title", "slug", "lang", "key"),
}
# Fields that must read the same in every language of one download.
DOWNLOAD_SHARED = ("category", "version", "file", "access")


class ContentError(Exception):
    """The content has problems an editor must fix; the message lists them all."""


@dataclass
class Entry:
    """One Markdown file's metadata and where it will be published."""

    path: str  # relative to the content folder, with forward slashes
    section: str
    meta: dict[str, str]
    body: str
    folder: str = ""  # KB category folder

    @property
    def lang(self) -> str:
        return self.meta.get("lang", "")

    @property
    def key(self) -> str:
        return self.meta.get("key", "")

    @property
    def former_slugs(self) -> list[str]:
        """Slugs this page was published under before ("Former-Slugs: a, b"): each old URL
        gets a page that sends readers (and search engines) to the current one."""
        return [s.strip() for s in self.meta.get("former-slugs", "").split(",") if s.strip()]

    @property
    def slug(self) -> str:
        # A download's id is its key: the same in every language, used by /api/downloads/{id}.
        return self.meta.get("slug") or (self.key if self.section == "downloads" else "")


@dataclass
class Catalog:
    """Every help-site entry of every language, with the category settings."""

    content_dir: str
    languages: list[str]
    categories: dict
    entries: list[Entry] = field(default_factory=list)

    def of(self, section: str, lang: str | None = None) -> list[Entry]:
        return [e for e in self.entries if e.section == section and (lang is None or e.lang == lang)]

    def category_slug(self, folder: str, lang: str) -> str:
        return self.categories.get("kb", {}).get(folder, {}).get(lang, {}).get("slug", folder)

    def path_of(self, entry: Entry) -> str:
        """The page's path under its language root ("kb/correo/x/"); "" for no page."""
        if entry.section == "kb":
            return f"kb/{self.category_slug(entry.folder, entry.lang)}/{entry.slug}/"
        if entry.section in ("announcements", "legal"):
            return f"{entry.section}/{entry.slug}/"
        return ""

    def redirects(self, lang: str) -> dict[str, str]:
        """Old path -> current path of every page of `lang` that changed its slug."""
        moved = {}
        for entry in self.entries:
            current = self.path_of(entry)
            if entry.lang == lang and current:
                for old in entry.former_slugs:
                    moved[current[: -len(entry.slug) - 1] + old + "/"] = current
        return moved

    def help_paths(self, lang: str) -> set[str]:
        """Every page path the help site writes in one language."""
        paths = {"kb/", "announcements/", "downloads/", "search/"}
        for folder, names in self.categories.get("kb", {}).items():
            paths.add(f"kb/{names.get(lang, {}).get('slug', folder)}/")
        for entry in self.entries:
            if entry.lang == lang and self.path_of(entry):
                paths.add(self.path_of(entry))
        return paths


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split a Pelican Markdown file into lower-cased metadata and body."""
    meta: dict[str, str] = {}
    lines = text.splitlines()
    last = None
    for i, line in enumerate(lines):
        if not line.strip():
            return meta, "\n".join(lines[i + 1 :])
        if line[:1] in (" ", "\t") and last:
            meta[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]+", name.strip()):
            return meta, "\n".join(lines[i:])
        last = name.strip().lower()
        meta[last] = value.strip()
    return meta, ""


def load_categories(content_dir: str) -> dict:
    path = os.path.join(content_dir, "categories.toml")
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def read_catalog(content_dir: str, languages: list[str]) -> Catalog:
    """Read every help-site Markdown file's header under content_dir."""
    catalog = Catalog(content_dir, list(languages), load_categories(content_dir))
    for section in SECTIONS:
        top = os.path.join(content_dir, section)
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".md"):
                    continue
                full = os.path.join(root, name)
                rel = os.path.relpath(full, content_dir).replace(os.sep, "/")
                with open(full, encoding="utf-8") as f:
                    meta, body = parse_header(f.read())
                parts = rel.split("/")
                folder = parts[1] if section == "kb" and len(parts) > 2 else ""
                catalog.entries.append(Entry(rel, section, meta, body, folder))
    return catalog


def check_catalog(catalog: Catalog, company: dict | None = None) -> list[str]:
    """Return every problem found, each naming the file and the field."""
    problems: list[str] = []
    langs = catalog.languages
    kb_categories = catalog.categories.get("kb", {})
    dl_categories = catalog.categories.get("downloads", {})

    for section, cats in (("kb", kb_categories), ("downloads", dl_categories)):
        for slug, names in cats.items():
            for lang in langs:
                if not (names.get(lang) or {}).get("name"):
                    problems.append(f"content/categories.toml: [{section}.{slug}] has no {lang} name")

    for e in catalog.entries:
        where = f"content/{e.path}"
        for name in REQUIRED[e.section]:
            if not e.meta.get(name):
                problems.append(f"{where}: field '{name.capitalize()}' is missing")
        if e.lang and e.lang not in langs:
            problems.append(f"{where}: field 'Lang' is {e.lang!r}; use one of {', '.join(langs)}")
        elif not e.path.endswith(f".{e.lang}.md"):
            problems.append(f"{where}: the file name must end in .{e.lang or '<lang>'}.md (field 'Lang' is {e.lang!r})")
        if e.meta.get("slug") and not SLUG_RE.match(e.meta["slug"]):
            problems.append(f"{where}: field 'Slug' {e.meta['slug']!r} must be lower-case words joined by hyphens")
        for old in e.former_slugs:
            if not SLUG_RE.match(old) or old == e.slug:
                problems.append(f"{where}: field 'Former-Slugs' {old!r} must be an old slug: lower-case words joined by hyphens")
        if e.former_slugs and e.section not in ("kb", "announcements", "legal"):
            problems.append(f"{where}: field 'Former-Slugs' only applies to pages (kb, announcements, legal)")
        if e.section == "downloads" and e.key and not SLUG_RE.match(e.key):
            problems.append(f"{where}: field 'Key' {e.key!r} is the download id: lower-case words joined by hyphens")
        for name in ("date", "modified"):
            if e.meta.get(name) and not DATE_RE.match(e.meta[name]):
                problems.append(f"{where}: field '{name.capitalize()}' {e.meta[name]!r} is not a date like 2026-01-31")
        order = e.meta.get("order")
        if order and not (order.isascii() and order.isdigit()):
            problems.append(f"{where}: field 'Order' {e.meta['order']!r} must be a whole number")
        if e.section == "kb":
            if not e.folder:
                problems.append(f"{where}: a knowledge-base article must be inside a category folder (content/kb/<category>/)")
            elif e.folder not in kb_categories:
                known = ", ".join(sorted(kb_categories)) or "none"
                problems.append(f"{where}: category folder '{e.folder}' is unknown; add it to content/categories.toml (known: {known})")
        if e.section == "downloads":
            if e.meta.get("category") and e.meta["category"] not in dl_categories:
                known = ", ".join(sorted(dl_categories)) or "none"
                problems.append(f"{where}: field 'Category' {e.meta['category']!r} is unknown (known: {known})")
            if e.meta.get("access") and not ACCESS_RE.match(e.meta["access"]):
                problems.append(
                    f"{where}: field 'Access' {e.meta['access']!r} must be public, customers or product:<group>"
                )
            if e.meta.get("file") and not os.path.isfile(os.path.join(catalog.content_dir, "downloads", e.meta["file"])):
                problems.append(f"{where}: field 'File': content/downloads/{e.meta['file']} does not exist")
        if e.section == "legal" and company is not None:
            for name in COMPANY_RE.findall(e.body):
                if name not in company:
                    problems.append(f"{where}: {{{{ company.{name} }}}} is not in COMPANY in site/pelicanconf.py "
                                    "(the company's data: functions/chalicelib/company/)")

    # Slugs are unique per language and section (they are the URL, and the vote id).
    seen: dict[tuple[str, str, str], str] = {}
    for e in catalog.entries:
        if not e.slug or e.section == "downloads":
            continue
        k = (e.section, e.lang, e.slug)
        if k in seen:
            problems.append(f"content/{e.path}: field 'Slug' {e.slug!r} is already used by content/{seen[k]}")
        else:
            seen[k] = e.path
    kb_slugs: dict[str, str] = {}
    for e in catalog.of("kb"):
        if e.slug in kb_slugs and kb_slugs[e.slug] != e.key:
            problems.append(f"content/{e.path}: field 'Slug' {e.slug!r} names another article in the other language")
        kb_slugs.setdefault(e.slug, e.key)

    # Every key has exactly one file per language, and a KB article stays in one category.
    groups: dict[tuple[str, str], list[Entry]] = {}
    for e in catalog.entries:
        if e.key and e.lang in langs:
            groups.setdefault((e.section, e.key), []).append(e)
    for (section, key), items in sorted(groups.items()):
        for lang in langs:
            found = [i for i in items if i.lang == lang]
            if not found:
                others = ", ".join(f"content/{i.path}" for i in items)
                problems.append(f"{others}: field 'Key' {key!r} has no {lang} translation")
            elif len(found) > 1:
                problems.append(
                    f"{', '.join('content/' + i.path for i in found)}: field 'Key' {key!r} is used twice in {lang}"
                )
        if section == "kb" and len({i.folder for i in items}) > 1:
            problems.append(f"content/{items[0].path}: the translations of {key!r} are in different category folders")
        if section == "downloads":
            for name in DOWNLOAD_SHARED:
                values = {i.meta.get(name) for i in items}
                if len(values) > 1:
                    problems.append(
                        f"content/{items[0].path}: field '{name.capitalize()}' differs between the languages of {key!r}"
                    )

    for lang in langs:
        live = catalog.help_paths(lang)
        for old, current in sorted(catalog.redirects(lang).items()):
            if old in live:
                problems.append(f"field 'Former-Slugs': {old} ({lang}) would hide a live page; it now leads to {current}")

    problems.extend(_check_links(catalog))
    return problems


def _check_links(catalog: Catalog) -> list[str]:
    problems = []
    by_path = {e.path: e for e in catalog.entries}
    # The first language lives at the root, each other one under /<lang>/ (site/build.py).
    prefixes = {lang: ("/" if i == 0 else f"/{lang}/") for i, lang in enumerate(catalog.languages)}
    help_paths = {lang: catalog.help_paths(lang) for lang in catalog.languages}
    moved = {lang: catalog.redirects(lang) for lang in catalog.languages}
    sections = ("kb/", "announcements/", "downloads/", "legal/", "search/")
    for e in catalog.entries:
        base = os.path.dirname(e.path)
        for target in FILENAME_LINK_RE.findall(e.body):
            rel = target.lstrip("/") if target.startswith("/") else os.path.normpath(os.path.join(base, target))
            rel = rel.replace(os.sep, "/")
            linked = by_path.get(rel)
            if linked is None or not catalog.path_of(linked):
                problems.append(f"content/{e.path}: broken link {{filename}}{target} (no such page)")
            elif linked.lang != e.lang:
                problems.append(f"content/{e.path}: link {{filename}}{target} goes to the {linked.lang} version")
        for target in ABSOLUTE_LINK_RE.findall(e.body):
            lang = next((code for code, p in prefixes.items() if p != "/" and target.startswith(p)),
                        catalog.languages[0])
            path = target[len(prefixes.get(lang, "/")) :] if target.startswith(prefixes.get(lang, "/")) else ""
            if path in moved[lang]:
                new = prefixes[lang] + moved[lang][path]
                problems.append(f"content/{e.path}: link {target} has moved: link {new} instead")
            elif path.startswith(sections) and path not in help_paths[lang]:
                problems.append(f"content/{e.path}: broken link {target} (no such page)")
    return problems


def vote_ids(catalog: Catalog) -> dict[str, str]:
    """Map every published KB slug (all languages) to the key its votes count under."""
    return {e.slug: e.key for e in catalog.of("kb") if e.slug and e.key}
