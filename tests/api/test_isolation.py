"""One customer can never see or change another's things: a foreign id answers 404."""

import pytest

from tests.api.conftest import registration
from tests.support.contract import operations


@pytest.fixture
def victim(new_browser):
    """A second customer with one of everything that has an id."""
    b = new_browser(ip="192.0.2.200")
    b.post("/auth/register", registration(email="victima@example.com"))
    contact = b.post("/account/contacts", {"first_name": "V", "last_name": "C",
                                           "email": "vc@example.com"}).json
    ids = {
        "contact_id": contact["id"],
        "email_id": b.get("/account/emails").json["items"][0]["id"],
        "session_id": b.get("/auth/sessions").json["items"][0]["id"],
    }
    return b, ids


# Every route with an id in its path, and a body that would change something.
ID_ROUTES = {
    ("DELETE", "/auth/sessions/{session_id}"): None,
    ("GET", "/account/contacts/{contact_id}"): None,
    ("PATCH", "/account/contacts/{contact_id}"): {"first_name": "Hacked"},
    ("DELETE", "/account/contacts/{contact_id}"): None,
    ("GET", "/account/emails/{email_id}"): None,
    ("GET", "/account/emails/{email_id}/html"): None,
}


def test_every_signed_in_route_with_an_id_is_covered_here():
    # Public routes' ids (an article, a download) are nobody's: their areas test them.
    # Staff routes reach every client by design (tests/api/test_staff_*.py).
    with_ids = {(op.method, op.path) for op in operations()
                if "{" in op.path and op.access.kind == "customer"}
    assert with_ids == set(ID_ROUTES), "add the new route to ID_ROUTES with a victim id"


@pytest.mark.parametrize("method, path", sorted(ID_ROUTES))
def test_foreign_id_is_404_and_changes_nothing(customer, victim, method, path):
    owner, ids = victim
    before = {"contacts": owner.get("/account/contacts").json, "sessions": owner.get("/auth/sessions").json,
              "emails": owner.get("/account/emails").json}
    r = customer.request(method, path.format(**ids), ID_ROUTES[(method, path)])
    assert (r.status, r.error["code"]) == (404, "not_found")
    after = {"contacts": owner.get("/account/contacts").json, "sessions": owner.get("/auth/sessions").json,
             "emails": owner.get("/account/emails").json}
    assert after == before


def test_lists_show_only_ones_own_things(customer, victim):
    for path in ("/account/contacts", "/account/emails", "/account/activity", "/auth/sessions"):
        body = customer.get(path).body.decode()
        assert "victima@example.com" not in body and "vc@example.com" not in body, path


def test_a_cursor_from_another_listing_is_refused(customer, victim):
    owner, _ = victim
    for i in range(3):
        owner.patch("/account", {"city": f"City {i}"})
    foreign_cursor = owner.get("/account/activity?limit=1").json["next"]
    r = customer.get(f"/account/activity?cursor={foreign_cursor}")
    assert (r.status, r.error["code"]) == (422, "validation_failed") and "cursor" in r.error["fields"]
