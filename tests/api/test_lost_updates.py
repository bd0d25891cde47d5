"""Lost updates: parallel writes of one item each keep what they changed, and a contact's
sign-in always matches its rights (issue 8, item 8)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.conftest import registration
from tests.api.test_contacts import CONTACT_PASSWORD, add
from tests.api.test_two_factor import code_for
from tests.support.accounts import PASSWORD, login

# One PATCH per field; every one of them must be kept.
CONTACT_FIELDS = {"first_name": "Luisa", "last_name": "Pérez Gil", "phone": "+34600000009",
                  "company": "ACME", "address1": "Calle Luna 3", "city": "Cádiz",
                  "postcode": "11001", "country": "ES", "email_preferences": ["general", "support"]}


def in_parallel(calls):
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def stored_login(email):
    from chalicelib.auth.models import Login

    try:
        return Login.get(*Login.key(email), consistent_read=True)
    except Login.DoesNotExist:
        return None


def consistent(contact):
    """login_status says what the LOGIN item says (PATCH/DELETE must never be stuck)."""
    signin = stored_login(contact["email"])
    ours = signin is not None and signin.contact_id == contact["id"]
    return ours == bool(contact["permissions"]) and (contact["login_status"] == "none") == (not ours)


def test_parallel_patches_of_different_fields_all_stay(customer, new_browser):
    contact = add(customer, email="luis@example.com", permissions=["invoices"]).json
    path = f"/account/contacts/{contact['id']}"
    bodies = [{k: v} for k, v in CONTACT_FIELDS.items()]
    bodies += [{"email": "luis.nuevo@example.com"}, {"permissions": ["invoices", "emails"]}]
    browsers = [new_browser(cookies=dict(customer.cookies)) for _ in range(len(bodies) * 2)]
    calls = [lambda b=b, body=body: b.patch(path, body) for b, body in zip(browsers, bodies * 2, strict=True)]
    assert len(calls) >= 14
    results = in_parallel(calls)
    assert [r.status for r in results] == [200] * len(calls), [r.body for r in results if r.status != 200]
    stored = customer.get(path).json
    assert {name: stored[name] for name in CONTACT_FIELDS} == CONTACT_FIELDS
    assert stored["email"] == "luis.nuevo@example.com"
    assert stored["permissions"] == ["invoices", "emails"]
    assert consistent(stored) and stored_login("luis@example.com") is None


def test_revoking_during_other_patches_leaves_a_consistent_removable_contact(customer, signed_in_contact, new_browser):
    contact, b = signed_in_contact(["profile"])
    path = f"/account/contacts/{contact['id']}"
    bodies = [{k: v} for k, v in CONTACT_FIELDS.items()] * 2 + [{"permissions": []}]
    browsers = [new_browser(cookies=dict(customer.cookies)) for _ in bodies]
    results = in_parallel([lambda b=b, body=body: b.patch(path, body) for b, body in zip(browsers, bodies, strict=True)])
    assert [r.status for r in results] == [200] * len(bodies)
    stored = customer.get(path).json
    assert (stored["permissions"], stored["login_status"]) == ([], "none")
    assert stored["city"] == "Cádiz" and stored["company"] == "ACME"
    assert consistent(stored)
    assert b.get("/account").status == 401
    assert login(new_browser(), email="luis@example.com", password=CONTACT_PASSWORD).status == 401
    assert customer.delete(path).status == 204


def test_parallel_grants_and_revokes_end_consistent(customer, new_browser):
    contact = add(customer, email="luis@example.com").json
    path = f"/account/contacts/{contact['id']}"
    bodies = [{"permissions": ["invoices"]}, {"permissions": []}, {"permissions": ["emails"]},
              {"email": "luis2@example.com"}, {"email": "luis3@example.com"}] * 3
    browsers = [new_browser(cookies=dict(customer.cookies)) for _ in bodies]
    results = in_parallel([lambda b=b, body=body: b.patch(path, body) for b, body in zip(browsers, bodies, strict=True)])
    assert {r.status for r in results} <= {200, 409}
    assert all(r.error["code"] == "conflict" for r in results if r.status == 409)
    stored = customer.get(path).json
    assert consistent(stored)
    # only the contact's current address may be held as its sign-in
    for email in ("luis@example.com", "luis2@example.com", "luis3@example.com"):
        if email != stored["email"]:
            assert stored_login(email) is None, email
    assert customer.delete(path).status == 204
    assert stored_login(stored["email"]) is None


@pytest.mark.parametrize("change", [{"permissions": []}, {"email": "luis.b@example.com"}, None])
def test_a_missing_sign_in_item_never_blocks_a_change_or_deletion(customer, change):
    contact = add(customer, email="luis@example.com", permissions=["invoices"]).json
    stored_login("luis@example.com").delete()  # left so by a crash or an old race
    path = f"/account/contacts/{contact['id']}"
    if change:
        assert customer.patch(path, change).status == 200
        assert consistent(customer.get(path).json)
    assert customer.delete(path).status == 204
    assert customer.get(path).status == 404


def test_a_sign_in_item_of_someone_else_is_left_alone(customer, new_browser):
    contact = add(customer, email="luis@example.com", permissions=["invoices"]).json
    stored_login("luis@example.com").delete()
    assert new_browser().post("/auth/register", registration(email="luis@example.com")).status == 201
    assert customer.delete(f"/account/contacts/{contact['id']}").status == 204
    assert login(new_browser(), email="luis@example.com").status == 200


def test_a_left_over_sign_in_item_of_the_contact_is_removed_with_it(customer, new_browser):
    contact = add(customer, email="luis@example.com", permissions=["invoices"]).json
    from chalicelib.auth.models import Contact

    client_id = customer.get("/account").json["id"]
    # a contact whose rights were dropped without its sign-in item (an old lost update)
    Contact.get(*Contact.key(client_id, contact["id"])).update(
        actions=[Contact.permissions.set([]), Contact.login_status.set("")])
    assert customer.delete(f"/account/contacts/{contact['id']}").status == 204
    assert stored_login("luis@example.com") is None
    assert new_browser().post("/auth/register", registration(email="luis@example.com")).status == 201


def test_parallel_profile_patches_all_stay(customer, new_browser):
    fields = {"first_name": "Ana María", "last_name": "García Ruiz", "company": "ACME",
              "tax_id": "B12345674", "address1": "Calle Sol 2", "address2": "3º B", "city": "Toledo",
              "state": "Toledo", "postcode": "45001", "language": "en", "marketing_opt_in": True}
    bodies = [{k: v} for k, v in fields.items()] * 2
    browsers = [new_browser(cookies=dict(customer.cookies)) for _ in bodies]
    results = in_parallel([lambda b=b, body=body: b.patch("/account", body) for b, body in zip(browsers, bodies, strict=True)])
    assert [r.status for r in results] == [200] * len(bodies)
    stored = customer.get("/account").json
    assert {k: stored[k] for k in fields} == fields


def test_parallel_two_factor_confirmations_store_the_codes_they_show(customer, new_browser):
    secret = customer.post("/account/two-factor", {"current_password": PASSWORD}).json["secret"]
    code = code_for(secret)
    browsers = [new_browser(cookies=dict(customer.cookies)) for _ in range(14)]
    results = in_parallel([lambda b=b: b.post("/account/two-factor/confirm", {"code": code}) for b in browsers])
    won = [r for r in results if r.status == 200]
    assert len(won) == 1, [r.status for r in results]
    assert {r.error["code"] for r in results if r.status != 200} == {"conflict"}
    backup = won[0].json["backup_codes"][0]
    assert login(new_browser(), totp=backup).status == 200


def test_parallel_changes_of_the_owner_address_leave_one_sign_in(customer, new_browser, override_settings):
    # Each change confirms the password, which holds a sign-in slot while it is judged:
    # room for all of them, so that this test is about the writes, not the throttle.
    override_settings(login_fail_per_address=100)
    addresses = [f"ana{n}@example.com" for n in range(14)]
    browsers = [new_browser(cookies=dict(customer.cookies)) for _ in addresses]
    results = in_parallel([lambda b=b, a=a: b.patch("/account", {"email": a, "current_password": PASSWORD})
                           for b, a in zip(browsers, addresses, strict=True)])
    assert {r.status for r in results} <= {200, 409}
    assert {r.error["code"] for r in results if r.status == 409} <= {"conflict"}  # none is taken
    final = customer.get("/account").json["email"]
    assert [r.status for r in results].count(200) >= 1 and final in addresses
    held = [a for a in ["ana@example.com", *addresses] if stored_login(a)]
    assert held == [final]
    assert login(new_browser(), email=final).status == 200
