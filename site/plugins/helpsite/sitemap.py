"""Write sitemap.xml for one language run, and robots.txt at the site root.

The sitemap lists every page the run wrote, whoever's template made it, except the
404 page, client-area and staff pages and pages marked noindex. Every address in it is
on the public address (PUBLIC_URL, from SITE_URL). Each page's hreflang
alternates are read back from its own <link rel="alternate"> tags, so the sitemap
and the page can never disagree.
"""

from __future__ import annotations

import os
import re
from xml.sax.saxutils import escape, quoteattr

ALTERNATE_RE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"')
NOINDEX_RE = re.compile(r'<meta name="robots" content="[^"]*noindex')
SKIP_PREFIXES = ("clientarea/", "staff/", "drafts/", "theme/", "pagefind/")


def _origin(settings) -> str:
    return settings["PUBLIC_URL"]


def write_sitemap(pelican) -> None:
    settings = pelican.settings
    lang = settings["DEFAULT_LANG"]
    prefixes = settings["LANG_PREFIX"]
    others = {p.strip("/") for code, p in prefixes.items() if code != lang and p.strip("/")}
    out = settings["OUTPUT_PATH"]
    origin = _origin(settings)
    base = origin + prefixes[lang]

    urls = []
    for root, dirs, files in os.walk(out):
        if root == out:
            dirs[:] = [d for d in dirs if d not in others]  # the other language's run owns those
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(root, name), out).replace(os.sep, "/")
            if rel == "404.html" or rel.startswith(SKIP_PREFIXES):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                html = f.read()
            if NOINDEX_RE.search(html):
                continue
            path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            alternates = [(code, href if "://" in href else origin + href) for code, href in ALTERNATE_RE.findall(html)]
            urls.append((f"{base}/{path}", alternates))

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for loc, alternates in urls:
        lines.append(f"<url><loc>{escape(loc)}</loc>")
        for code, href in alternates:
            lines.append(f'  <xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(href)}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    with open(os.path.join(out, "sitemap.xml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    if not prefixes[lang].strip("/"):
        sitemaps = "\n".join(f"Sitemap: {origin}{p}/sitemap.xml" for p in prefixes.values())
        # Client-area (and staff) pages are kept out of results by their own noindex,
        # which a crawler can only read if robots.txt lets it fetch them.
        with open(os.path.join(out, "robots.txt"), "w", encoding="utf-8") as f:
            f.write(f"User-agent: *\nDisallow: /api/\n{sitemaps}\n")
