"""Build the real site once per test session and give tests a way to read its pages."""

import re
import runpy
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site" / "plugins"))

from helpsite import catalog as hs_catalog  # noqa: E402

from chalicelib import areas, registry  # noqa: E402

areas.load()
# The client-area pages, as the areas declare them (registry.Page: path, template, title,
# script, signed_in); the site build renders exactly these.
PAGES = registry.pages()

LANG_ROOTS = {"es": "/", "en": "/en/"}
CONTENT = ROOT / "content"
COMPANY = runpy.run_path(str(ROOT / "site" / "pelicanconf.py"))["COMPANY"]


def public_address(site_dir: Path) -> str:
    """The address the build was made for, as robots.txt names it."""
    first = re.search(r"^Sitemap: (\S+)/sitemap\.xml$", (site_dir / "robots.txt").read_text(), re.M)
    return first.group(1)


@pytest.fixture
def content_copy(tmp_path):
    """A copy of content/ a test may break, for the editors' checks."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def problems(content_dir) -> list[str]:
    """What the editors' check reports for a content folder."""
    return hs_catalog.check_catalog(hs_catalog.read_catalog(str(content_dir), list(LANG_ROOTS)), company=COMPANY)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"site build failed:\n{done.stdout}\n{done.stderr}"
    return out


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[str]]] = []  # (tag, attrs, open ancestors)
        self.texts: dict[int, str] = {}  # element index -> its text
        self._stack: list[tuple[str, int]] = []
        self.feed(html)

    VOID = {"input", "link", "meta", "br", "img", "hr", "source", "area", "base", "col", "wbr"}

    def handle_starttag(self, tag, attrs):
        index = len(self.elements)
        self.elements.append((tag, dict(attrs), [t for t, _ in self._stack]))
        self.texts[index] = ""
        if tag not in self.VOID:
            self._stack.append((tag, index))

    def handle_endtag(self, tag):
        for pos in range(len(self._stack) - 1, -1, -1):
            if self._stack[pos][0] == tag:
                del self._stack[pos:]
                break

    def handle_data(self, data):
        for _tag, index in self._stack:
            self.texts[index] += data

    def find(self, tag, **attrs):
        """Elements with this tag whose attributes include `attrs` (None = present)."""
        found = []
        for index, (t, a, ancestors) in enumerate(self.elements):
            if t != tag:
                continue
            if all((k in a) if v is None else a.get(k) == v for k, v in attrs.items()):
                found.append((a, self.texts[index].strip(), ancestors))
        return found


@pytest.fixture(scope="session")
def page(site_dir):
    cache: dict[str, Page] = {}

    def read(url: str) -> Page:
        """Parse the built page at a site URL such as /en/clientarea/login/."""
        if url not in cache:
            path = site_dir / url.lstrip("/")
            if url.endswith("/"):
                path = path / "index.html"
            cache[url] = Page(path.read_text(encoding="utf-8"))
        return cache[url]

    return read


@pytest.fixture(scope="session")
def all_pages(site_dir):
    """Every built HTML page as (site URL, path)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        pages.append((url, path))
    return pages


def shell_urls(lang: str) -> list[str]:
    return [LANG_ROOTS[lang] + shell.path for shell in PAGES]
