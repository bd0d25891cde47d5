"""Browser tests: Debian's Chromium driven by Playwright (never `playwright install`).

`site_url` is the base URL the tests open: `live_server`, the real local stack (site and
API on one port, moto as AWS, demo data) started as `make run` starts it.
"""

import threading
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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
