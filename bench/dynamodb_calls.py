"""DynamoDB requests per API call, counted at botocore (every client, PynamoDB's too).

A customer registers (and has a contact and a few e-mails); then one request of each
kind is made and the DynamoDB operations it caused are listed. Any Scan fails the run.

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
                    "accept_terms": True}
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
    return results


def main(argv=None) -> int:
    os.environ.pop("AWS_ENDPOINT_URL", None)
    results = measure()
    print("DynamoDB requests per API call:")
    scans = False
    for method, path, ops in results:
        detail = ", ".join(f"{op} x{n}" for op, n in sorted(ops.items()))
        print(f"  {method:6} /api{path:20} {sum(ops.values()):2}  ({detail})")
        scans = scans or "Scan" in ops
    if scans:
        print("A request path used Scan.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
