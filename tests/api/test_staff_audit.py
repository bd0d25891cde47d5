"""The audit trail: every staff write leaves a record (who, when, from which IP, what, on
which object or client, the fields before and after, secrets redacted); records are never
changed or removed; admins list them by member and by client; the client's activity log
shows staff actions as "staff" and nothing about the member."""

import json
from pathlib import Path

import pytest

from tests.api.conftest import registration
from tests.support import mail, totp
from tests.support.contract import operations
from tests.support.staff import STAFF_PASSWORD, make_member, sign_in

CHALICELIB = Path(__file__).resolve().parents[2] / "functions" / "chalicelib"


def audit_records():
    from chalicelib.audit import Audit

    return list(Audit.query("AUDIT", Audit.sk.startswith(Audit.PREFIX)))


@pytest.fixture
def world(staff_as, new_browser):
    """An admin, a member to act on, a client, a member still setting up its second factor."""
    _, admin = staff_as("admin")
    member = make_member("equipo@portico.example", "support")
    client = new_browser()
    client_id = client.post("/auth/register", registration()).json["id"]
    newcomer = make_member("nuevo@portico.example", "billing", two_factor=False)
    setup = new_browser()
    assert sign_in(setup, newcomer).json["two_factor_setup_required"] is True
    return {"admin": admin, "member": member, "client_id": client_id, "setup": setup,
            "new_browser": new_browser}


# Each staff operation that changes something, done successfully.
WRITES = {
    ("POST", "/staff/auth/login"):
        lambda w: sign_in(w["new_browser"](), w["member"]),
    ("POST", "/staff/auth/logout"):
        lambda w: w["admin"].post("/staff/auth/logout"),
    ("POST", "/staff/auth/logout-others"):
        lambda w: w["admin"].post("/staff/auth/logout-others"),
    ("POST", "/staff/auth/two-factor"):
        lambda w: w["setup"].post("/staff/auth/two-factor"),
    ("POST", "/staff/auth/two-factor/confirm"):
        lambda w: w["setup"].post("/staff/auth/two-factor/confirm", {
            "code": totp.code(w["setup"].post("/staff/auth/two-factor").json["secret"])}),
    ("POST", "/staff/auth/password"):
        lambda w: _set_password_from_link(w),
    ("POST", "/staff/me/password"):
        lambda w: w["admin"].post("/staff/me/password", {"current_password": STAFF_PASSWORD,
                                                         "new_password": "faro-renovado-55"}),
    ("POST", "/staff/me/backup-codes"):
        lambda w: _renew_codes(w),
    ("POST", "/staff/clients/{client_id}/notes"):
        lambda w: w["admin"].post(f"/staff/clients/{w['client_id']}/notes", {"text": "Llamada"}),
    ("POST", "/staff/members"):
        lambda w: w["admin"].post("/staff/members", {"email": "otro@portico.example",
                                                     "name": "Otro", "role": "technical"}),
    ("PATCH", "/staff/members/{member_id}"):
        lambda w: w["admin"].patch(f"/staff/members/{w['member'].id}", {"role": "billing"}),
    ("POST", "/staff/members/{member_id}/two-factor-reset"):
        lambda w: w["admin"].post(f"/staff/members/{w['member'].id}/two-factor-reset"),
    ("POST", "/staff/members/{member_id}/password-link"):
        lambda w: w["admin"].post(f"/staff/members/{w['member'].id}/password-link"),
}


def _set_password_from_link(w):
    w["admin"].post(f"/staff/members/{w['member'].id}/password-link")
    token = mail.token_from(mail.last_to("equipo@portico.example"))
    return w["new_browser"]().post("/staff/auth/password", {"token": token,
                                                            "password": "faro-elegido-66"})


def _renew_codes(w):
    from chalicelib.auth.staff import find_staff_by_email

    secret = find_staff_by_email("admin@portico.example").totp_secret
    return w["admin"].post("/staff/me/backup-codes", {"current_password": STAFF_PASSWORD,
                                                      "code": totp.code(secret)})


def test_every_staff_write_is_in_the_table_above():
    writes = {(op.method, op.path) for op in operations()
              if op.path.startswith("/staff/") and op.method != "GET"}
    assert writes == set(WRITES), "add the new staff operation to WRITES"


@pytest.mark.parametrize("method, path", sorted(WRITES))
def test_every_staff_write_leaves_an_audit_record(world, method, path):
    from chalicelib import registry

    before = {r.audit_id for r in audit_records()}
    r = WRITES[(method, path)](world)
    assert r.status < 300, r.body
    new = [rec for rec in audit_records() if rec.audit_id not in before]
    assert new, f"{method} {path} left no audit record"
    for record in new:
        assert record.action in registry.audit_actions()
        assert record.staff_id and record.staff_email and record.at
        assert record.ip in ("203.0.113.20", "198.51.100.7"), record.ip
        assert record.object_type


def test_a_record_says_who_when_where_what_and_before_after(staff_as):
    member, admin = staff_as("admin")
    target = make_member("equipo@portico.example", "support")
    assert admin.patch(f"/staff/members/{target.id}", {"role": "billing", "disabled": True}).status == 200
    (record,) = admin.get(f"/staff/audit?staff_id={member.id}&limit=1").json["items"]
    assert record["action"] == "member_changed"
    assert (record["staff_id"], record["staff_email"], record["ip"]) == (
        member.id, "admin@portico.example", "203.0.113.20")
    assert (record["object_type"], record["object_id"], record["client_id"]) == ("staff", target.id, None)
    assert record["changes"] == {"role": {"before": "support", "after": "billing"},
                                 "disabled": {"before": False, "after": True}}


def test_secrets_are_never_written_down(world):
    from chalicelib.auth.staff import find_staff_by_email

    # Every write, in an order where each one works (signing out last).
    order = ["/staff/auth/login", "/staff/auth/two-factor", "/staff/auth/two-factor/confirm",
             "/staff/clients/{client_id}/notes", "/staff/members", "/staff/members/{member_id}",
             "/staff/members/{member_id}/password-link", "/staff/auth/password",
             "/staff/members/{member_id}/two-factor-reset", "/staff/me/backup-codes",
             "/staff/me/password", "/staff/auth/logout-others", "/staff/auth/logout"]
    assert set(order) == {path for _m, path in WRITES}
    for path in order:
        (write,) = [w for (_m, p), w in WRITES.items() if p == path]
        assert write(world).status < 300, path
    text = json.dumps([r.attribute_values for r in audit_records()], default=str)
    for address in ("admin@portico.example", "equipo@portico.example", "nuevo@portico.example"):
        staff = find_staff_by_email(address)
        for secret in (staff.password_hash, staff.totp_secret, *staff.backup_code_hashes):
            assert not secret or secret not in text
    for secret in (STAFF_PASSWORD, "faro-renovado-55", "faro-elegido-66"):
        assert secret not in text
    assert "token=" not in text
    changed = [json.loads(r.changes) for r in audit_records() if r.action == "staff_password_changed"]
    assert changed == [{"password": {"before": "[redacted]", "after": "[redacted]"}}]


@pytest.mark.parametrize("field", ["password", "new_password", "totp_secret", "backup_codes",
                                   "reset_token", "security_answer", "epp_code", "auth_code",
                                   "client_secret"])
def test_redaction_by_field_name(field):
    from chalicelib.audit import changes

    assert changes({field: "old-value"}, {field: "new-value"}) == {
        field: {"before": "[redacted]", "after": "[redacted]"}}
    # whether there is one still shows
    assert changes({field: None}, {field: "v"}) == {field: {"before": None, "after": "[redacted]"}}


def test_unchanged_and_ordinary_fields_are_kept_as_they_are():
    from chalicelib.audit import changes

    assert changes({"role": "a", "name": "X"}, {"role": "b", "name": "X"}) == {
        "role": {"before": "a", "after": "b"}}


def test_records_are_never_changed_or_removed(world):
    from chalicelib.audit import Audit

    WRITES[("POST", "/staff/members")](world)
    record = audit_records()[0]
    with pytest.raises(TypeError):
        record.update(actions=[Audit.action.set("nothing")])
    with pytest.raises(TypeError):
        record.delete()
    record.action = "rewritten"
    with pytest.raises(Exception):  # noqa: B017 (PutError: a record is only ever added)
        record.save()
    assert {r.action for r in audit_records()} >= {"member_invited"}
    assert "rewritten" not in {r.action for r in audit_records()}


def test_only_the_audit_module_names_its_items_and_the_api_only_reads_them():
    users = [p.relative_to(CHALICELIB) for p in CHALICELIB.rglob("*.py")
             if "Audit(" in p.read_text() or "import Audit" in p.read_text()
             or "audit.Audit" in p.read_text()]
    assert users == [Path("audit.py")]
    assert {op.method for op in operations() if op.path.startswith("/staff/audit")} == {"GET"}


def test_admins_list_the_trail_by_member_and_by_client(staff_as, new_browser):
    first, admin = staff_as("admin")
    second, other = staff_as("support")
    clients = []
    for n in range(2):
        b = new_browser(ip=f"192.0.2.{n + 1}")
        clients.append(b.post("/auth/register", registration(email=f"c{n}@example.com")).json["id"])
    admin.post(f"/staff/clients/{clients[0]}/notes", {"text": "a"})
    other.post(f"/staff/clients/{clients[0]}/notes", {"text": "b"})
    other.post(f"/staff/clients/{clients[1]}/notes", {"text": "c"})

    def actions(query):
        r = admin.get(f"/staff/audit?{query}")
        assert r.status == 200
        return [(i["staff_id"], i["client_id"], i["changes"].get("text", {}).get("after"))
                for i in r.json["items"] if i["action"] == "note_added"]

    assert actions(f"client_id={clients[0]}") == [(second.id, clients[0], "b"), (first.id, clients[0], "a")]
    assert actions(f"staff_id={second.id}") == [(second.id, clients[1], "c"), (second.id, clients[0], "b")]
    assert actions(f"staff_id={second.id}&client_id={clients[0]}") == [(second.id, clients[0], "b")]
    assert len(actions("")) == 3
    page = admin.get("/staff/audit?limit=2").json
    assert len(page["items"]) == 2 and page["next"]
    rest = admin.get(f"/staff/audit?limit=100&cursor={page['next']}").json
    assert not {i["id"] for i in rest["items"]} & {i["id"] for i in page["items"]}


def test_the_clients_log_says_staff_acted_and_nothing_about_the_member(customer, staff_as):
    member, b = staff_as("support")
    client_id = customer.get("/account").json["id"]
    assert b.post(f"/staff/clients/{client_id}/notes", {"text": "Nota interna secreta"}).status == 201
    entry = customer.get("/account/activity").json["items"][0]
    assert (entry["event"], entry["actor"], entry["ip"], entry["user_agent"], entry["device"],
            entry["detail"]) == ("staff_note_added", "staff", "", "", "", "")
    for path in ("/account/activity", "/dashboard", "/account", "/account/emails"):
        body = customer.get(path).body.decode()
        for private in ("support@portico.example", "Nota interna secreta", "203.0.113.20", member.id):
            assert private not in body, (path, private)
