"""Roles, from the declarations: every staff operation names the roles that may call it,
each role is refused everywhere else, admin may call everything, every role looks clients
up, reads a client's page and adds notes."""

import pytest

from tests.api.conftest import registration
from tests.support.contract import operations
from tests.support.staff import ROLES

STAFF_OPERATIONS = [op for op in operations() if op.access.kind == "staff"]
# The two staff operations nobody is signed in for: signing in, choosing a password.
PUBLIC_STAFF = {("POST", "/staff/auth/login"), ("POST", "/staff/auth/password")}
REFUSED = sorted({(op.method, op.path, role) for op in STAFF_OPERATIONS for role in ROLES
                  if role != "admin" and role not in op.access.roles})


def test_every_staff_operation_names_its_roles():
    from chalicelib.auth.staff import ROLES as DECLARED

    assert set(ROLES) == set(DECLARED)
    for op in operations():
        if op.path.startswith("/staff/") and (op.method, op.path) not in PUBLIC_STAFF:
            assert op.access.kind == "staff", (op.method, op.path)
        if op.access.kind == "staff":
            assert op.access.roles and set(op.access.roles) <= set(ROLES), (op.method, op.path)
    assert {(op.method, op.path) for op in operations() if op.path.startswith("/staff/")
            and op.access.kind == "public"} == PUBLIC_STAFF


def test_a_staff_operation_without_roles_cannot_be_declared():
    from chalicelib.api import staff

    with pytest.raises(ValueError):
        staff()
    with pytest.raises(ValueError):
        staff("superuser")


def test_some_operations_are_closed_to_some_roles():
    assert len(REFUSED) >= 15  # the audit trail and staff management, for three roles


@pytest.mark.parametrize("method, path, role", REFUSED)
def test_a_role_is_refused_outside_its_operations(staff_as, method, path, role):
    _, b = staff_as(role)
    r = b.request(method, path.replace("{", "x").replace("}", ""), {} if method != "GET" else None)
    assert (r.status, r.error["code"]) == (403, "forbidden")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_looks_clients_up_reads_them_and_adds_notes(staff_as, new_browser, role):
    client = new_browser()
    client_id = client.post("/auth/register", registration(last_name="Quintana")).json["id"]
    _, b = staff_as(role)
    assert [c["id"] for c in b.get("/staff/clients?q=quintana").json["items"]] == [client_id]
    assert b.get(f"/staff/clients/{client_id}").status == 200
    assert b.post(f"/staff/clients/{client_id}/notes", {"text": f"Nota de {role}"}).status == 201
    assert b.get(f"/staff/clients/{client_id}/notes").json["items"][0]["text"] == f"Nota de {role}"
    assert b.get("/staff/home").status == 200


def test_admin_may_call_every_staff_operation():
    for op in STAFF_OPERATIONS:
        from chalicelib.auth.principal import Principal

        admin = Principal("staff", None, roles=("admin",))
        assert admin.has_role(*op.access.roles), (op.method, op.path)
