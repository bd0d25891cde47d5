"""DynamoDB requests per API call, counted at botocore (every client, PynamoDB's too).

A customer registers (and has a contact and a few e-mails); then one request of each
kind is made and the DynamoDB operations it caused are listed; then the demo member of
staff (an admin) signs in and uses the staff console. Any Scan fails the run.

    python -m bench.dynamodb_calls
"""

import json
import os
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CALLS = [
    ("POST", "/auth/login", {"email": "bench@example.com", "password": "castillo-de-arena-42"}),
    ("GET", "/account", None),
    ("GET", "/dashboard", None),
    ("GET", "/account/emails", None),
    ("GET", "/account/activity", None),
    ("GET", "/account/contacts", None),
    ("GET", "/auth/sessions", None),
]


@contextmanager
def counting():
    import botocore.client

    seen: list[tuple[str, str]] = []
    original = botocore.client.BaseClient._make_api_call

    def counted(self, operation, params):
        seen.append((self.meta.service_model.service_name, operation))
        return original(self, operation, params)

    botocore.client.BaseClient._make_api_call = counted
    try:
        yield seen
    finally:
        botocore.client.BaseClient._make_api_call = original


def measure() -> list[tuple[str, str, Counter]]:
    sys.path[:0] = [str(ROOT / "functions"), str(ROOT)]
    from moto import mock_aws

    import tests.conftest  # noqa: F401  (the test stage's settings, fake credentials)

    results = []
    with mock_aws():
        from tests.support import stack

        stack.create_resources()
        from app import app
        from chalice.test import Client

        with Client(app, stage_name="test", project_dir=str(ROOT / "functions")) as client:
            headers = {"Content-Type": "application/json", "User-Agent": "bench/1.0"}
            body = {"email": "bench@example.com", "password": "castillo-de-arena-42",
                    "first_name": "B", "last_name": "C", "address1": "A 1", "city": "Madrid",
                    "postcode": "28001", "country": "ES", "phone": "+34612345678",
                    "tax_id": "B12345674", "accept_terms": True}
            r = client.http.post("/auth/register", headers=headers, body=json.dumps(body))
            cookie = r.headers["Set-Cookie"].split(";")[0]
            client.http.post("/account/contacts", headers={**headers, "Cookie": cookie},
                             body=json.dumps({"first_name": "X", "last_name": "Y", "email": "x@example.com"}))
            for method, path, payload in CALLS:
                with counting() as seen:
                    r = client.http.request(method, path, headers={**headers, "Cookie": cookie},
                                            body=json.dumps(payload).encode() if payload else b"")
                assert r.status_code < 300, (path, r.status_code, r.body)
                dynamo = Counter(op for service, op in seen if service == "dynamodb")
                results.append((method, path, dynamo))
            results += _staff_calls(client, headers)
    return results


# The staff console, as an admin (the demo member of staff: every part of the home).
STAFF_CALLS = [
    ("GET", "/staff/home", None),
    ("GET", "/staff/clients?q=B12345674", None),
    ("GET", "/staff/clients?q=bench%40", None),
    ("GET", "/staff/clients/{client_id}", None),
    ("POST", "/staff/clients/{client_id}/notes", {"text": "Llamó por su factura"}),
]


def _staff_calls(client, headers) -> list[tuple[str, str, Counter]]:
    from chalicelib.auth.models import Login
    from chalicelib.staff import demo
    from tests.support.totp import code

    client_id = Login.get(*Login.key("bench@example.com")).client_id
    demo.seed(None, {})
    with counting() as seen:
        r = client.http.post("/staff/auth/login", headers=headers, body=json.dumps(
            {"email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD,
             "totp": code(demo.DEMO_TOTP_SECRET)}))
    cookie = r.headers["Set-Cookie"].split(";")[0]
    results = [("POST", "/staff/auth/login",
                Counter(op for service, op in seen if service == "dynamodb"))]
    for method, path, payload in STAFF_CALLS:
        path = path.format(client_id=client_id)
        with counting() as seen:
            r = client.http.request(method, path, headers={**headers, "Cookie": cookie},
                                    body=json.dumps(payload).encode() if payload else b"")
        assert r.status_code < 300, (path, r.status_code, r.body)
        results.append((method, path.replace(client_id, "{id}"),
                        Counter(op for service, op in seen if service == "dynamodb")))
    return results


def main(argv=None) -> int:
    os.environ.pop("AWS_ENDPOINT_URL", None)
    results = measure()
    print("DynamoDB requests per API call:")
    scans = False
    for method, path, ops in results:
        detail = ", ".join(f"{op} x{n}" for op, n in sorted(ops.items()))
        print(f"  {method:6} /api{path:32} {sum(ops.values()):2}  ({detail})")
        scans = scans or "Scan" in ops
    if scans:
        print("A request path used Scan.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
