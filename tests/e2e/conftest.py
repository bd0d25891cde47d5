"""Browser tests: Debian's Chromium driven by Playwright (never `playwright install`).

`site_url` is the base URL the tests open: `live_server`, the real local stack (site and
API on one port, moto as AWS, demo data) started as `make run` starts it. That stack sends
the production security headers (infra/security_headers.py), and every browser context a
test opens is watched: a Content-Security-Policy violation on any page or frame fails the
test (`csp_violations`).
"""

import contextlib
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.site.conftest import site_dir  # noqa: F401  (the session's built site)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason="install Debian's chromium (apt-get install chromium) to run browser tests"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def base_url_static(site_dir):  # noqa: F811
    """Serve the built site (no API) on a free port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def local_stack_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("local-stack")


@pytest.fixture(scope="session")
def live_server(site_dir, local_stack_dir):  # noqa: F811
    """The real local stack (site + API + demo data on one port); yield its base URL."""
    from tests.support.live import local_stack

    with local_stack(site_dir, local_stack_dir) as url:
        yield url


@pytest.fixture(scope="session")
def outbox(live_server, local_stack_dir):
    """The folder where the live stack writes every e-mail it sends (.eml, newest last)."""
    return local_stack_dir / "outbox"


@pytest.fixture(scope="session")
def site_url(live_server):
    return live_server


# Chromium reports a violation in the console ("Refused to ... because it violates the
# following Content Security Policy directive"); the event adds where it happened.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => console.error(
  `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.href}:${e.lineNumber}`));
"""


def is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or text.startswith("CSP violation:")


# A round trip to the page after letting its queued tasks run: the violation events and
# console messages the page had produced by then have reached this process.
FLUSH = "() => new Promise((resolve) => setTimeout(resolve, 0))"


@dataclass
class Violation:
    test: str  # the test during which the browser context was opened
    text: str

    def __str__(self):
        return f"{self.text}  (context of {self.test})"


def flush(page) -> None:
    if page.is_closed():
        return
    from playwright.sync_api import Error

    with contextlib.suppress(Error):  # navigating or crashed: nothing more to learn from it
        page.evaluate(FLUSH)


def watch_csp(context, found: list[Violation], test: str):
    """Record every CSP violation of every page and frame of a browser context, with the
    test that opened it; its pages are flushed when it closes, so none arrives later."""
    context.add_init_script(script=CSP_LISTENER)
    context.on("console", lambda msg: is_csp_violation(msg.text) and found.append(
        Violation(test, f"{msg.location.get('url', '?')}: {msg.text}")))
    context.on("weberror", lambda err: is_csp_violation(str(err.error)) and found.append(Violation(test, str(err.error))))
    close = context.close

    def flushed_close(*args, **kwargs):
        for page in context.pages:
            flush(page)
        close(*args, **kwargs)

    context.close = flushed_close
    return context


@pytest.fixture(scope="session")
def csp_violations() -> list[Violation]:
    return []


@pytest.fixture(scope="session")
def current_test() -> dict:
    """{"id": node id of the test running}, for the contexts opened now."""
    return {"id": "?"}


@pytest.fixture(scope="session")
def browser(csp_violations, current_test):
    """Chromium; each context it opens (new_context or new_page) is watched for CSP violations."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            return watch_csp(new_context(*args, **kwargs), csp_violations, current_test["id"])

        def watched_page(*args, **kwargs):
            context = watched_context(*args, **kwargs)
            page = context.new_page()
            close = page.close
            page.close = lambda *a, **k: (flush(page), close(*a, **k))[1]
            page.on("close", lambda _page: context.close())
            return page

        browser.new_context = watched_context
        browser.new_page = watched_page
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violation(request, csp_violations, current_test):
    """Fail the browser test during which any page broke the production CSP. Pages still
    open are flushed first, so a late violation is not left for the next test; one that
    still comes late names the test whose context it came from."""
    current_test["id"] = request.node.nodeid
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = len(csp_violations)
    yield
    for context in browser.contexts:
        for page in context.pages:
            flush(page)
    new = csp_violations[before:]
    if new:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(map(str, new)), pytrace=False)


@pytest.fixture
def signed_in_tab(browser, site_url):
    """open(path, **context options): a new page signed in as the demo customer, at path,
    its API calls answered. Its context closes after the test."""
    from tests.support.browser import settle_fetches, signed_in_context

    contexts = []

    def open_tab(path, **options):
        contexts.append(signed_in_context(browser, site_url, **options))
        tab = contexts[-1].new_page()
        tab.goto(site_url + path)
        settle_fetches(tab)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser):
    """A fresh browser page; `page.console_errors` collects errors and uncaught exceptions."""
    context = browser.new_context()
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    yield tab
    context.close()
