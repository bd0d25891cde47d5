"""The README's figures, each operation held to its own: DynamoDB requests per call, and
never a Scan on a request path.

Sign-in is the exception: reserving a slot of each throttle before the password is judged
and giving it back when it is right (issue 8) adds four UpdateItems from a counted IP."""

import pytest

from bench.dynamodb_calls import counting
from tests.support.accounts import PASSWORD

BUDGET = {("POST", "/auth/login"): 7, ("GET", "/account"): 1, ("GET", "/dashboard"): 3}


@pytest.mark.parametrize("method, path", sorted(BUDGET))
def test_dynamodb_requests_per_call_stay_within_budget(customer, method, path):
    customer.post("/account/contacts", {"first_name": "X", "last_name": "Y", "email": "x@example.com"})
    body = {"email": "ana@example.com", "password": PASSWORD} if path == "/auth/login" else None
    with counting() as seen:
        assert customer.request(method, path, body).status == 200
    dynamodb = [op for service, op in seen if service == "dynamodb"]
    # Exactly the README's figure: fewer is good news that the README should tell.
    assert len(dynamodb) == BUDGET[(method, path)], dynamodb
    assert "Scan" not in dynamodb


def test_api_answers_are_never_cached_or_sniffed(customer):
    for r in (customer.get("/account"), customer.request("PUT", "/health"),
              customer.post("/auth/login", {})):
        assert r.headers.get("Cache-Control") == "no-store"
        assert r.headers.get("X-Content-Type-Options") == "nosniff"
