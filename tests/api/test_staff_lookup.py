"""Looking a client up: by e-mail, name, company, tax id or id; case- and accent-
insensitive, a tax id with or without ES, spaces or dashes, prefixes of names; never a
Scan (an index accounts keeps up to date in its own transactions)."""

from urllib.parse import urlencode

import pytest

from bench.dynamodb_calls import counting
from tests.api.conftest import registration
from tests.support.accounts import PASSWORD


@pytest.fixture
def lucia(new_browser):
    b = new_browser()
    r = b.post("/auth/register", registration(
        email="Lucia.Fernandez@Example.com", first_name="Lucía", last_name="Fernández Ruiz",
        company="Taller Creativo Ruiz S.L.", tax_id="B12345674"))
    assert r.status == 201
    return r.json["id"], b


@pytest.fixture
def staff(staff_as):
    return staff_as("support")[1]


def search(staff, **query):
    return staff.get("/staff/clients?" + urlencode(query))


def found(staff, q):
    r = search(staff, q=q)
    assert r.status == 200, r.body
    return [(c["id"], c["matched"]) for c in r.json["items"]]


@pytest.mark.parametrize("q, matched", [
    ("lucia.fernandez@example.com", "email"), ("LUCIA.FERNANDEZ@EX", "email"),
    ("lucía.fernández@", "email"), ("LUCIA.FERN", "name"),  # no "@": a name (its first words)
    ("Lucía", "name"), ("lucia", "name"), ("LUCIA FERNANDEZ", "name"), ("fernandez", "name"),
    ("Fernández Ruiz", "name"), ("ruiz", "name"), ("fern", "name"),
    ("taller crea", "name"), ("Creativo", "name"), ("TALLER CREATIVO RUIZ S.L.", "name"),
    ("B12345674", "tax_id"), ("b12345674", "tax_id"), ("ES-B12345674", "tax_id"),
    ("es b 1234 5674", "tax_id"), ("ESB12345674", "tax_id"), ("B-123", "tax_id"),
    ("Fernande\u0301z", "name"),  # the accent as a combining mark
    ("ＦＥＲＮＡＮＤＥＺ", "name"),  # full-width letters
])
def test_a_client_is_found_however_the_query_is_written(staff, lucia, q, matched):
    client_id, _ = lucia
    assert found(staff, q) == [(client_id, matched)]


@pytest.mark.parametrize("q", ["ernandez", "uiz s", "garcía", "12345674", "B99", "lucia@",
                               "lucia.f@", "S.L.", "example.com", "@example.com"])
def test_no_match_is_only_a_match_from_the_start(staff, lucia, q):
    assert found(staff, q) == []


def test_by_id(staff, lucia):
    client_id, _ = lucia
    assert found(staff, client_id) == [(client_id, "id")]
    assert found(staff, client_id.upper()) == [(client_id, "id")]
    assert found(staff, "0" * 21) == []


def test_a_company_name_with_digits_is_still_found_by_name(staff, new_browser):
    b = new_browser()
    client_id = b.post("/auth/register", registration(company="Web 2.0 Estudio")).json["id"]
    assert found(staff, "web 2") == [(client_id, "name")]


def test_the_index_follows_profile_changes(staff, lucia):
    client_id, b = lucia
    r = b.patch("/account", {"last_name": "Gómez", "company": "", "tax_id": "12345678Z"})
    assert r.status == 200
    assert found(staff, "gomez") == [(client_id, "name")]
    assert found(staff, "fernandez") == [] and found(staff, "taller") == []
    assert found(staff, "12345678z") == [(client_id, "tax_id")]
    assert found(staff, "B12345674") == []
    r = b.patch("/account", {"email": "nueva@example.com", "current_password": PASSWORD})
    assert r.status == 200
    assert found(staff, "nueva@") == [(client_id, "email")]
    assert found(staff, "lucia.fernandez@") == []
    # what a result shows is the profile as it is now
    (result,) = staff.get("/staff/clients?q=gomez").json["items"]
    assert (result["name"], result["email"], result["company"]) == ("Lucía Gómez", "nueva@example.com", "")


def test_a_parallel_change_of_a_looked_up_field_is_read_again_never_left_stale(staff, lucia):
    from chalicelib.accounts.profile import _update
    from chalicelib.auth.models import Client

    client_id, _ = lucia
    stale = Client.get(*Client.key(client_id))  # what this request read ...
    other = Client.get(*Client.key(client_id))
    _update(other, {"last_name": "Otero"}, [Client.last_name.set("Otero")])  # ... then another wrote
    _update(stale, {"first_name": "Ana"}, [Client.first_name.set("Ana")])
    stored = Client.get(*Client.key(client_id), consistent_read=True)
    assert (stored.first_name, stored.last_name) == ("Ana", "Otero")  # both changes stay
    assert (stale.first_name, stale.last_name) == ("Ana", "Otero")  # and the answer says so
    assert found(staff, "ana otero") == [(client_id, "name")]
    assert found(staff, "lucia") == [] and found(staff, "fernandez") == []


def test_results_page_on_without_repeats(staff, new_browser):
    ids = set()
    for n in range(13):
        b = new_browser(ip=f"192.0.2.{n + 1}")
        r = b.post("/auth/register", registration(email=f"p{n}@example.com", last_name="Pardo Sanz"))
        ids.add(r.json["id"])
    seen, cursor = [], None
    while True:
        r = search(staff, q="pardo", limit="5", **({"cursor": cursor} if cursor else {}))
        assert r.status == 200
        seen += [c["id"] for c in r.json["items"]]
        cursor = r.json["next"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids)


def test_a_cursor_of_another_search_is_refused(staff, lucia):
    r = staff.get("/staff/clients?q=lucia&cursor=t.bm9wZQ")
    assert (r.status, r.error["code"]) == (422, "validation_failed") and "cursor" in r.error["fields"]
    r = staff.get("/staff/clients?q=lucia&cursor=nonsense")
    assert (r.status, r.error["code"]) == (422, "validation_failed")


@pytest.mark.parametrize("q", ["", " ", "a", "x" * 201])
def test_a_query_too_short_or_long_is_refused(staff, q):
    r = search(staff, q=q)
    assert (r.status, r.error["code"]) == (422, "validation_failed") and "q" in r.error["fields"]


@pytest.mark.parametrize("q", ["lucia", "B12345674", "lucia.fernandez@", "ruiz"])
def test_a_lookup_is_one_query_of_the_index_never_a_scan(staff, lucia, q):
    with counting() as calls:
        assert found(staff, q)
    assert [op for service, op in calls if service == "dynamodb"] == ["BatchGetItem", "Query"]


def test_clients_created_before_the_index_are_found_after_the_backfill(staff, lucia):
    from chalicelib.auth import lookup
    from chalicelib.auth.models import Client

    client_id, _ = lucia
    # As a client created before the index existed: no companions, no place by sign-up date.
    for item in lookup.ClientLookup.query(*Client.key(client_id)[:1],
                                          lookup.ClientLookup.sk.startswith("LOOKUP#")):
        item.delete()
    Client(*Client.key(client_id)).update(actions=[Client.gsi1pk.remove(), Client.gsi1sk.remove()])
    assert found(staff, "lucia") == []
    from infra.lookup_backfill import backfill_table

    assert backfill_table() == 1
    assert found(staff, "lucia") == [(client_id, "name")]
    assert found(staff, "es-b12345674") == [(client_id, "tax_id")]
    assert backfill_table() == 1  # again: nothing changes
    assert found(staff, "lucia") == [(client_id, "name")]
