"""Write the help-site pages of one language run (see the package docstring)."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from datetime import datetime, timezone

from pelican.contents import Page
from pelican.generators import Generator

from . import catalog as _catalog
from .related import Candidate, RelatedIndex

MONTHS = {
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def format_date(value, lang: str = "es") -> str:
    """Return a date as people read it in `lang` ("26 de noviembre de 2026")."""
    month = MONTHS.get(lang, MONTHS["en"])[value.month - 1]
    return f"{value.day} de {month} de {value.year}" if lang == "es" else f"{value.day} {month} {value.year}"


def human_size(size: int, lang: str) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            text = f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
            return text.replace(".", ",") if lang == "es" else text
        size /= 1024
    return ""


def file_facts(path: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return os.path.getsize(path), digest.hexdigest()


def manifest_path(settings) -> str:
    """Where the API manifest goes: beside the site output, never inside it."""
    if settings.get("HELP_MANIFEST_PATH"):
        return settings["HELP_MANIFEST_PATH"]
    root = os.path.abspath(settings["OUTPUT_PATH"])
    prefix = settings["LANG_PREFIX"][settings["DEFAULT_LANG"]].strip("/")
    if prefix:
        root = os.path.dirname(root)
    return os.path.join(os.path.dirname(root), "manifest.json")


def company_value(company: dict, name: str, lang: str) -> str:
    """A {{ company.<name> }} of a legal page, in the page's language when given per
    language, escaped: it goes into the page's HTML."""
    value = company[name]
    if isinstance(value, dict):
        value = value[lang]
    return html.escape(str(value), quote=False)


class HelpSiteGenerator(Generator):
    def generate_context(self):
        from . import catalog_for

        s = self.settings
        self.lang = s["DEFAULT_LANG"]
        self.catalog = catalog_for(s)
        articles = self.context.get("articles", [])
        self.kb = [a for a in articles if a.metadata.get("section") == "kb"]
        self.announcements = sorted(
            (a for a in articles if a.metadata.get("section") == "announcements"),
            key=lambda a: (a.date, a.slug),
            reverse=True,
        )
        self.categories = self._categories()
        self._relate()
        for article in self.kb + self.announcements:
            article.lang_path = article.url
            article.alternates = self._alternates(article)
            article.updated = getattr(article, "modified", None) or article.date
        self.downloads = self._downloads()
        self.legal = self._legal()
        self.context["help_feeds"] = {
            "atom": "feeds/announcements.atom.xml",
            "rss": "feeds/announcements.rss.xml",
        }
        self.context["help_categories"] = self.categories

    # -- knowledge base -------------------------------------------------------------

    def _categories(self) -> list[dict]:
        result = []
        for folder, names in self.catalog.categories.get("kb", {}).items():
            words = names.get(self.lang, {})
            items = [a for a in self.kb if a.relative_source_path.replace("\\", "/").split("/")[1] == folder]
            items.sort(key=lambda a: (int(a.metadata.get("order", 999)), a.title.casefold()))
            slug = words.get("slug", folder)
            category = {
                "folder": folder,
                "slug": slug,
                "name": words.get("name", folder),
                "description": words.get("description", ""),
                "order": names.get("order", 999),
                "url": f"kb/{slug}/",
                "articles": items,
                "count": len(items),
                "updated": max((getattr(a, "modified", None) or a.date for a in items), default=None),
                "alternates": {
                    lang: f"kb/{names.get(lang, {}).get('slug', folder)}/" for lang in self.catalog.languages
                },
            }
            for article in items:
                article.kb_category = category
            result.append(category)
        result.sort(key=lambda c: (c["order"], c["name"].casefold()))
        return result

    def _relate(self) -> None:
        pool = {
            a.slug: Candidate(
                id=a.slug,
                title=a.title,
                category=a.kb_category["folder"] if hasattr(a, "kb_category") else "",
                tags=frozenset(str(t) for t in getattr(a, "tags", [])),
                order=int(a.metadata.get("order", 999)),
            )
            for a in self.kb
        }
        by_slug = {a.slug: a for a in self.kb}
        index = RelatedIndex(list(pool.values()))
        for article in self.kb:
            article.related = [by_slug[c.id] for c in index.related(pool[article.slug])]

    def _alternates(self, item) -> dict[str, str]:
        """Map each language to the item's path under that language's root."""
        section, key = item.metadata.get("section"), item.metadata.get("key")
        alternates = {e.lang: self.catalog.path_of(e) for e in self.catalog.of(section) if e.key == key}
        alternates[self.lang] = item.url
        return alternates

    # -- downloads and legal pages --------------------------------------------------

    def _read(self, entry: _catalog.Entry):
        return self.readers.read_file(
            base_path=self.path, path=entry.path, content_class=Page, context=self.context
        )

    def _downloads(self) -> list[dict]:
        groups = self.catalog.categories.get("downloads", {})
        result = []
        for entry in self.catalog.of("downloads", self.lang):
            page = self._read(entry)
            source = os.path.join(self.catalog.content_dir, "downloads", entry.meta["file"])
            size, sha256 = file_facts(source)
            access = entry.meta["access"]
            filename = os.path.basename(source)
            result.append({
                "id": entry.key,
                "title": page.title,
                "description": page.content,
                "category": entry.meta["category"],
                "category_name": groups[entry.meta["category"]][self.lang]["name"],
                "category_order": groups[entry.meta["category"]].get("order", 999),
                "version": entry.meta["version"],
                "filename": filename,
                "source": source,
                "size": size,
                "size_text": human_size(size, self.lang),
                "sha256": sha256,
                "access": access,
                "public_path": f"downloads/files/{entry.key}/{filename}" if access == "public" else None,
                "private_key": f"downloads/{entry.key}/{filename}" if access != "public" else None,
            })
        result.sort(key=lambda d: (d["category_order"], d["title"].casefold()))
        return result

    def _legal(self) -> list[dict]:
        company = self.settings.get("COMPANY", {})
        pages = []
        for entry in self.catalog.of("legal", self.lang):
            page = self._read(entry)
            content = _catalog.COMPANY_RE.sub(
                lambda m: company_value(company, m.group(1), self.lang), page.content)
            alternates = {
                e.lang: self.catalog.path_of(e) for e in self.catalog.of("legal") if e.key == entry.key
            }
            pages.append({
                "title": page.title,
                "content": content,
                "path": self.catalog.path_of(entry),
                "alternates": alternates,
                "updated": page.metadata.get("modified") or page.metadata.get("date"),
            })
        return pages

    # -- output ---------------------------------------------------------------------

    def _write(self, writer, path: str, template: str, **kwargs) -> None:
        kwargs.setdefault("lang_path", path)
        kwargs.setdefault("alternates", {lang: path for lang in self.catalog.languages})
        writer.write_file(
            path + "index.html" if path.endswith("/") or not path else path,
            self.get_template(template),
            self.context,
            relative_urls=False,
            **kwargs,
        )

    def generate_output(self, writer):
        self._write(writer, "kb/", "help/kb_index", categories=self.categories, nav_key="kb")
        for category in self.categories:
            self._write(
                writer, category["url"], "help/kb_category", category=category,
                alternates=category["alternates"], nav_key="kb",
            )
        self._write_announcements(writer)
        self._write_downloads(writer)
        self._write(writer, "search/", "help/search", nav_key="search")
        for page in self.legal:
            self._write(writer, page["path"], "help/legal", legal=page, alternates=page["alternates"])
        self._write_redirects(writer)
        writer.write_file(
            "404.html", self.get_template("help/404"), self.context, lang_path="", alternates={}, noindex=True
        )
        if self.lang == self.catalog.languages[0]:
            self._write_manifest()

    def _write_redirects(self, writer) -> None:
        """An old URL (Former-Slugs) gets a page that sends readers to the current one: a
        static page works on S3 behind CloudFront and on the local server alike. It is
        noindex, its canonical is the current page, and it shows the link for the rare
        browser that does not follow the refresh."""
        alternates_of = {page["path"]: page["alternates"] for page in self.legal}
        alternates_of.update({a.url: a.alternates for a in self.kb + self.announcements})
        for old, current in sorted(self.catalog.redirects(self.lang).items()):
            self._write(writer, old, "help/redirect", target=current, noindex=True,
                        lang_path=current, alternates=alternates_of.get(current, {self.lang: current}))

    def _write_announcements(self, writer) -> None:
        per_page = self.settings.get("HELP_ANNOUNCEMENTS_PER_PAGE", 10)
        items = self.announcements
        pages = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]

        def page_path(n):
            return "announcements/" if n == 1 else f"announcements/page/{n}/"

        for n, chunk in enumerate(pages, start=1):
            pager = {
                "number": n,
                "count": len(pages),
                "previous": page_path(n - 1) if n > 1 else None,
                "next": page_path(n + 1) if n < len(pages) else None,
            }
            self._write(
                writer, page_path(n), "help/announcements", announcements=chunk, pager=pager, nav_key="announcements"
            )

        site_url = self.settings["PUBLIC_URL"] + self.settings["LANG_PREFIX"][self.lang]
        feed_context = {**self.context, "SITEURL": site_url, "FEED_DOMAIN": site_url}
        title = self.env.globals["_"]("help.announcements.title")
        for kind, path in self.context["help_feeds"].items():
            writer.write_feed(
                items, feed_context, path=path, feed_type=kind, override_output=True, feed_title=title
            )

        index = {
            "items": [
                {
                    "title": a.title,
                    "url": f"{self.settings['LANG_PREFIX'][self.lang]}/{a.url}",
                    "date": a.date.strftime("%Y-%m-%d"),
                    "summary": _plain(a.summary),
                }
                for a in items
            ]
        }
        out = os.path.join(self.output_path, "announcements", "index.json")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            json.dump(index, f, ensure_ascii=False, indent=1)

    def _write_downloads(self, writer) -> None:
        groups: list[dict] = []
        for item in self.downloads:
            if not groups or groups[-1]["category"] != item["category"]:
                groups.append({"category": item["category"], "name": item["category_name"], "items": []})
            groups[-1]["items"].append(item)
        self._write(writer, "downloads/", "help/downloads", download_groups=groups, nav_key="downloads")
        if self.lang != self.catalog.languages[0]:
            return  # public files live once, under the first language's root
        for item in self.downloads:
            if item["public_path"]:
                target = os.path.join(self.output_path, item["public_path"])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(item["source"], target)

    def _write_manifest(self) -> None:
        manifest = {
            "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "kb": _catalog.vote_ids(self.catalog),
            "downloads": {
                d["id"]: {
                    "access": d["access"],
                    "filename": d["filename"],
                    "size": d["size"],
                    "sha256": d["sha256"],
                    "public_path": "/" + d["public_path"] if d["public_path"] else None,
                    "private_key": d["private_key"],
                    "source": d["source"] if d["private_key"] else None,
                }
                for d in self.downloads
            },
        }
        path = manifest_path(self.settings)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=1, sort_keys=True)


def _plain(html: str) -> str:
    from markupsafe import Markup

    return " ".join(Markup(html or "").striptags().split())
