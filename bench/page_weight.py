"""Page weight: the CSS and JavaScript each built page loads before any interaction.

For every HTML page of a built site, follow its <link rel=stylesheet> and <script src>
(and, for JavaScript, the static imports of each module, recursively) and add up the
gzipped size of each file once. Dynamic `import()` is not followed: it happens on
interaction. Budget: BUDGET_BYTES per page.

    python -m bench.page_weight build/site
"""

import gzip
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

BUDGET_BYTES = 30 * 1024

# `import x from "./a.js"`, `import "./a.js"`, `export {x} from "./a.js"`; not import().
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\s+(?:[^'"();]*?\s+from\s+)?['"]([^'"]+)['"]""",
    re.MULTILINE,
)


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split() and attrs.get("href"):
            self.styles.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def page_assets(html: str) -> tuple[list[str], list[str]]:
    """Return the stylesheet and script URLs a page's HTML names."""
    parser = _Assets()
    parser.feed(html)
    return parser.styles, parser.scripts


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def page_url(site_dir: str, html_path: str) -> str:
    rel = os.path.relpath(html_path, site_dir).replace(os.sep, "/")
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


class _Sizer:
    def __init__(self, site_dir: str):
        self.site_dir = site_dir
        self._gz: dict[str, int] = {}

    def file_for(self, url: str) -> str:
        path = os.path.normpath(os.path.join(self.site_dir, urlsplit(url).path.lstrip("/")))
        if not path.startswith(os.path.abspath(self.site_dir)) or not os.path.isfile(path):
            raise FileNotFoundError(f"{url} is not a file of the built site")
        return path

    def gz_size(self, path: str) -> int:
        if path not in self._gz:
            with open(path, "rb") as f:
                self._gz[path] = len(gzip.compress(f.read(), compresslevel=9, mtime=0))
        return self._gz[path]

    def module_graph(self, url: str, seen: set[str]) -> None:
        """Add a script and everything it statically imports to `seen` (as URLs)."""
        if url in seen:
            return
        seen.add(url)
        with open(self.file_for(url), encoding="utf-8") as f:
            source = f.read()
        for spec in STATIC_IMPORT.findall(source):
            if spec.startswith((".", "/")):
                self.module_graph(urljoin(url, spec), seen)


def measure(site_dir: str) -> dict[str, int]:
    """Map each page's URL to the gzipped bytes of CSS + JS it loads up front."""
    site_dir = os.path.abspath(site_dir)
    sizer = _Sizer(site_dir)
    weights: dict[str, int] = {}
    for root, _dirs, files in os.walk(site_dir):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(root, name)
            url = page_url(site_dir, path)
            with open(path, encoding="utf-8") as f:
                styles, scripts = page_assets(f.read())
            assets: set[str] = set()
            for href in styles:
                if not is_external(href):
                    assets.add(urljoin(url, href))
            for src in scripts:
                if not is_external(src):
                    sizer.module_graph(urljoin(url, src), assets)
            weights[url] = sum(sizer.gz_size(sizer.file_for(a)) for a in assets)
    return dict(sorted(weights.items()))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.page_weight SITE_DIR", file=sys.stderr)
        return 2
    weights = measure(argv[0])
    width = max((len(u) for u in weights), default=4)
    print(f"{'page':<{width}}  {'CSS+JS gz':>10}  budget {BUDGET_BYTES} B")
    over = 0
    for url, size in weights.items():
        flag = "" if size <= BUDGET_BYTES else "  OVER BUDGET"
        over += bool(flag)
        print(f"{url:<{width}}  {size:>10}{flag}")
    print(f"{len(weights)} pages, heaviest {max(weights.values(), default=0)} B")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
