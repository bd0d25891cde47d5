"""The embedded local stack as `make run` starts it, over real HTTP: one port for site and
API, the error pages of each, the outbox, and data that survives a restart."""

import json
import urllib.error
import urllib.request

import pytest

from tests.support.live import local_stack, wait_for_email

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def call(url, method="GET", body=None, cookie=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data:
        request.add_header("Content-Type", "application/json")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_site_and_api_share_one_port_and_data_survives_a_restart(site_dir, tmp_path):
    data = tmp_path / "local"
    data.mkdir()
    registration = {"email": "persist@example.com", "password": "castillo-de-arena-42",
                    "first_name": "P", "last_name": "Q", "address1": "A 1", "city": "Madrid",
                    "postcode": "28001", "country": "ES", "phone": "+34612345678",
                    "accept_terms": True}
    with local_stack(site_dir, data) as url:
        status, headers, body = call(url + "/")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        status, headers, body = call(url + "/api/health")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        # The build's catalogue was loaded at start (infra/content_sync.py).
        status, _, body = call(url + "/api/catalog")
        assert status == 200 and json.loads(body)["version"] == 1 and json.loads(body)["groups"]

        status, headers, body = call(url + "/api/no/such/path", headers={"Accept-Language": "en"})
        assert status == 404 and headers["Content-Type"] == "application/json"
        assert json.loads(body) == {"error": {"code": "not_found", "message": "Not found."}}
        status, headers, body = call(url + "/no-such-page/")
        assert status == 404 and b"<html" in body.lower()

        status, _, _ = call(url + "/api/auth/register", "POST", registration,
                            headers={"Origin": url})
        assert status == 201
        status, _, _ = call(url + "/api/auth/register", "POST", registration,
                            headers={"Origin": "https://evil.example"})
        assert status == 403
        wait_for_email(data / "outbox", "persist@example.com")  # delivered by the worker

    with local_stack(site_dir, data) as url:
        status, headers, _ = call(url + "/api/auth/login", "POST",
                                  {"email": "persist@example.com", "password": "castillo-de-arena-42"})
        assert status == 200
        # The same catalogue again is no new version.
        assert json.loads(call(url + "/api/catalog")[2])["version"] == 1
        demo = call(url + "/api/auth/login", "POST",
                    {"email": "cliente@portico.example", "password": "Portico-Demo-2026"})
        assert demo[0] == 200
        cookie = demo[1]["Set-Cookie"].split(";")[0]
        status, _, body = call(url + "/api/account/emails", cookie=cookie)
        welcomes = [e for e in json.loads(body)["items"] if e["subject"].startswith("Bienvenido")]
        assert len(welcomes) == 1, "demo data must be seeded only into an empty store"
        status, _, body = call(url + "/api/account", cookie=cookie)
        assert json.loads(body)["email_verified"] is True, "the demo shows no verification banner"
