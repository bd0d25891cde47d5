"""One port for the site and the API, as CloudFront gives them in production.

`/api/...` goes to the Chalice app through Chalice's own local gateway (prefix stripped,
as API Gateway's `api` stage does); everything else is a static file of the Pelican
output. Like CloudFront, the server sets CloudFront-Viewer-Address from the connection
(a client cannot forge it) and answers unknown `/api` paths with the JSON 404 envelope
and unknown pages with the site's own 404 page. Like CloudFront's response-headers
policy, it adds the security headers of infra/security_headers.py to every response,
site and API (so browser tests run under the production CSP). Relies on chalice.local
internals: chalice is pinned in pyproject.toml.
"""

import functools
import json
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalGateway,
    ThreadedHTTPServer,
)

from infra import security_headers

API_PREFIX = "/api"
OVERRIDDEN = security_headers.overridden()


class PorticoHandler(ChaliceRequestHandler, SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # As S3 serves them once deployed: text with its charset, Pagefind's WebAssembly typed.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".js": "text/javascript; charset=utf-8", ".json": "application/json",
                      ".xml": "application/xml; charset=utf-8", ".wasm": "application/wasm",
                      ".svg": "image/svg+xml"}

    def __init__(self, request, client_address, server, *, app_object, config, site_dir):
        self.local_gateway = LocalGateway(app_object, config)
        self.site_dir = site_dir
        SimpleHTTPRequestHandler.__init__(self, request, client_address, server,
                                          directory=site_dir)

    def _is_api(self) -> bool:
        path = self.path.split("?", 1)[0]
        return path == API_PREFIX or path.startswith(API_PREFIX + "/")

    def _api(self) -> None:
        self.serving_api = True
        self.path = self.path[len(API_PREFIX):] or "/"
        if not self.path.startswith("/"):
            self.path = "/" + self.path
        del self.headers["CloudFront-Viewer-Address"]
        self.headers["CloudFront-Viewer-Address"] = "%s:%s" % self.client_address[:2]
        self._generic_handle()

    def do_GET(self):
        self._api() if self._is_api() else SimpleHTTPRequestHandler.do_GET(self)

    def do_HEAD(self):
        self._api() if self._is_api() else SimpleHTTPRequestHandler.do_HEAD(self)

    def _api_only(self):
        if self._is_api():
            self._api()
        else:
            self.send_error(405)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _api_only

    def _send_error_response(self, error) -> None:
        """The gateway found no route: answer as API Gateway's gateway response does."""
        from chalicelib.i18n import pick_language, t

        language = pick_language(self.headers.get("Accept-Language"))
        body = json.dumps({"error": {"code": "not_found", "message": t("not_found", language)}},
                          ensure_ascii=False).encode()
        self._send_http_response(404, {"Content-Type": "application/json"}, body)

    def send_error(self, code, message=None, explain=None):
        page = self._error_page() if code == 404 else None
        if page is None:
            return SimpleHTTPRequestHandler.send_error(self, code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error_page(self) -> Path | None:
        english = self.path.startswith("/en/") or self.path == "/en"
        page = Path(self.site_dir) / ("en/404.html" if english else "404.html")
        return page if page.is_file() else None

    def list_directory(self, path):
        self.send_error(404)  # no folder listings: a folder without index.html is not a page

    def send_response(self, code, message=None):
        self._sent_headers = set()
        super().send_response(code, message)

    def send_header(self, keyword, value):
        name = keyword.lower()
        if name in OVERRIDDEN:
            return  # the edge replaces these with its own (end_headers adds them)
        getattr(self, "_sent_headers", set()).add(name)
        super().send_header(keyword, value)

    def end_headers(self):
        # Plain http here: HSTS only comes with https, as CloudFront sends it.
        for name, value in security_headers.for_response(getattr(self, "_sent_headers", set()), https=False):
            super().send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass  # the app logs what matters; access lines would drown it


class PorticoServer(ThreadedHTTPServer):
    allow_reuse_address = True
    # The listen backlog: socketserver's default of 5 drops the SYNs of a burst (a page's
    # parallel requests, a test's 50 threads), which then wait 1-7 s for a retry or fail.
    request_queue_size = 1024


def make_server(app, config, host: str, port: int, site_dir: str) -> ThreadedHTTPServer:
    # What chalice.local.create_local_server does: a per-thread current_request.
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    handler = functools.partial(PorticoHandler, app_object=app, config=config, site_dir=site_dir)
    return PorticoServer((host, port), handler)
