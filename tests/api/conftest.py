"""API tests: the Chalice app through chalice.test.Client, on moto's mock_aws.

Each test gets a fresh emulated AWS: the table created from the models, SES with a
verified sender. Helpers sign people up and in the way a browser would.
"""

import json
from dataclasses import dataclass, field

import pytest
from moto import mock_aws

from tests.support import contract, stack

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def aws():
    with mock_aws():
        stack.create_resources()
        yield


@pytest.fixture
def override_settings():
    """Change settings for one test (they are frozen for the app's sake)."""
    from chalicelib.config import settings

    saved = {}

    def override(**values):
        for name, value in values.items():
            saved.setdefault(name, getattr(settings, name))
            object.__setattr__(settings, name, value)

    yield override
    for name, value in saved.items():
        object.__setattr__(settings, name, value)


@pytest.fixture
def app(aws):
    from app import app as chalice_app

    return chalice_app


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    @property
    def error(self):
        return (self.json or {}).get("error", {})


@dataclass
class Browser:
    """A client that keeps its cookies, as a browser on the site would."""

    client: object
    cookies: dict = field(default_factory=dict)
    language: str = "es"
    user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
    ip: str = "198.51.100.7"
    # Every answer is checked against the OpenAPI document (tests/support/contract.py).
    check_contract: bool = True
    # After each answer, run the jobs the request queued (tests/support/jobs.py), so a test
    # sees their effects (e-mails, Mis Emails) as if they had run inside the request.
    run_jobs: bool = True

    def request(self, method, path, body=None, *, headers=None, raw=None):
        sent = {"Accept-Language": self.language, "User-Agent": self.user_agent,
                "CloudFront-Viewer-Address": f"{self.ip}:40000"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        if data and raw is None:
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        r = self.client.http.request(method, path, headers=sent, body=data)
        for header, value in r.headers.items():
            if header.lower() == "set-cookie":
                for cookie in value if isinstance(value, list) else [value]:
                    name, _, rest = cookie.partition("=")
                    val = rest.split(";")[0]
                    if "Max-Age=0" in cookie:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = val
        if self.check_contract:
            contract.check_answer(method, path, r.status_code, dict(r.headers), r.body)
        if self.run_jobs:
            from tests.support.jobs import run_jobs

            run_jobs()
        return Response(r.status_code, dict(r.headers), r.body)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, body, **kw)


@pytest.fixture
def chalice_client(app):
    from chalice.local import LocalChalice
    from chalice.test import Client

    # Chalice keeps one current_request per app; parallel requests in a test would read
    # each other's. Like the local stack (infra/local/server.py), give each thread its own.
    original = app.__class__
    if not isinstance(app, LocalChalice):
        app.__class__ = type("ThreadLocalChalice", (LocalChalice, original), {})
    try:
        with Client(app, stage_name="test", project_dir=str(stack.FUNCTIONS)) as client:
            yield client
    finally:
        app.__class__ = original


@pytest.fixture
def browser(chalice_client):
    return Browser(chalice_client)


@pytest.fixture
def new_browser(chalice_client):
    """Make more browsers (other people, other devices) on the same app."""
    return lambda **kw: Browser(chalice_client, **kw)


def registration(email="ana@example.com", **overrides):
    body = {"email": email, "password": "castillo-de-arena-42", "first_name": "Ana",
            "last_name": "García", "address1": "Calle Mayor 1", "city": "Madrid",
            "postcode": "28013", "country": "ES", "phone": "+34 612 345 678",
            "language": "es", "accept_terms": True}
    body.update(overrides)
    return body


@pytest.fixture
def customer(browser):
    """A registered, signed-in customer."""
    r = browser.post("/auth/register", registration())
    assert r.status == 201, r.body
    return browser


@pytest.fixture
def signed_in_contact(customer, new_browser):
    """A login contact (invited by `customer`, the owner) that accepted and signed in."""
    from tests.api.test_contacts import CONTACT_PASSWORD, add
    from tests.support import mail
    from tests.support.accounts import login

    def make(permissions, email="luis@example.com"):
        contact = add(customer, email=email, permissions=permissions).json
        token = mail.token_from(mail.last_to(email))
        assert new_browser().post("/auth/accept-invitation",
                                  {"token": token, "password": CONTACT_PASSWORD}).status == 204
        b = new_browser(user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/130.0")
        assert login(b, email=email, password=CONTACT_PASSWORD).status == 200
        return contact, b
    return make
