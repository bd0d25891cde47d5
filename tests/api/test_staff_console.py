"""The staff home (a part per area, empty parts left out) and a client's page (each area's
section), its notes (never the customer's to see), and what staff never see."""

from tests.support import mail, totp
from tests.support.accounts import PASSWORD
from tests.support.staff import make_member


def test_the_home_shows_only_the_parts_with_something_waiting(staff_as, new_browser):
    _, support = staff_as("support")
    assert support.get("/staff/home").json == {"parts": []}
    from tests.api.conftest import registration

    client_id = new_browser().post("/auth/register", registration()).json["id"]
    parts = support.get("/staff/home").json["parts"]
    assert [(p["area"], p["key"]) for p in parts] == [("accounts", "new_clients")]
    (row,) = parts[0]["rows"]
    assert (row["client_id"], row["name"]) == (client_id, "Ana García")
    assert parts[0]["title"] == "Clientes nuevos (últimos 7 días)"


def test_admins_see_the_members_who_cannot_work_yet(staff_as):
    _, admin = staff_as("admin")
    _, support = staff_as("support")
    assert admin.get("/staff/home").json["parts"] == []
    make_member("nuevo@portico.example", "billing", password=None)
    make_member("medio@portico.example", "billing", two_factor=False)
    (part,) = admin.get("/staff/home").json["parts"]
    assert part["area"] == "staff"
    assert {(r["email"], r["status"]) for r in part["rows"]} == {
        ("nuevo@portico.example", "invited"), ("medio@portico.example", "two_factor_pending")}
    assert support.get("/staff/home").json["parts"] == []  # an admin's business


def test_the_home_speaks_the_pages_language(staff_as, new_browser):
    from tests.api.conftest import registration

    new_browser().post("/auth/register", registration())
    _, b = staff_as("support")
    b.language = "en"
    assert b.get("/staff/home").json["parts"][0]["title"] == "New clients (last 7 days)"


def test_a_clients_page_has_each_areas_sections(customer, staff_as):
    client_id = customer.get("/account").json["id"]
    customer.post("/account/contacts", {"first_name": "Luis", "last_name": "Pérez",
                                        "email": "luis@example.com", "permissions": ["invoices"]})
    _, b = staff_as("technical")
    r = b.get(f"/staff/clients/{client_id}")
    assert r.status == 200
    page = r.json
    assert (page["id"], page["name"], page["email"]) == (client_id, "Ana García", "ana@example.com")
    sections = {(s["area"], s["key"]): s for s in page["sections"]}
    assert list(sections) == [("accounts", "profile"), ("accounts", "contacts"),
                              ("mail", "recent"), ("activity", "recent")]
    (profile,) = sections["accounts", "profile"]["rows"]
    assert profile["email"] == "ana@example.com" and profile["two_factor"] == "no"
    assert [c["email"] for c in sections["accounts", "contacts"]["rows"]] == ["luis@example.com"]
    assert {e["to"] for e in sections["mail", "recent"]["rows"]} >= {"luis@example.com"}
    assert sections["activity", "recent"]["rows"][0]["event"] == "Contacto añadido"


def test_an_unknown_client_is_404(staff_as):
    _, b = staff_as("support")
    for path in ("/staff/clients/nope", "/staff/clients/nope/notes"):
        r = b.get(path)
        assert (r.status, r.error["code"]) == (404, "not_found")
    r = b.post("/staff/clients/nope/notes", {"text": "x"})
    assert (r.status, r.error["code"]) == (404, "not_found")


def test_staff_never_see_a_customers_secrets(customer, staff_as):
    from chalicelib.auth.models import Login

    secret = customer.post("/account/two-factor", {"current_password": PASSWORD}).json["secret"]
    codes = customer.post("/account/two-factor/confirm", {"code": totp.code(secret)}).json["backup_codes"]
    customer.post("/auth/logout")
    from tests.api.conftest import Browser

    Browser(customer.client).post("/auth/password-reset", {"email": "ana@example.com"})
    token = mail.token_from(mail.last_to("ana@example.com"))
    client_id = Login.get(*Login.key("ana@example.com")).client_id
    signin = Login.get(*Login.key("ana@example.com"))
    _, b = staff_as("admin")
    seen = "".join(b.get(path).body.decode() for path in (
        f"/staff/clients/{client_id}", "/staff/clients?q=ana", f"/staff/clients/{client_id}/notes",
        "/staff/home", f"/staff/audit?client_id={client_id}"))
    for private in (secret, token, signin.password_hash, *codes, *signin.backup_code_hashes, PASSWORD):
        assert private not in seen


def test_notes_are_listed_newest_first_and_never_shown_to_the_customer(customer, staff_as):
    client_id = customer.get("/account").json["id"]
    member, b = staff_as("billing")
    for text in ("Primera nota\ncon dos líneas", "Segunda nota"):
        assert b.post(f"/staff/clients/{client_id}/notes", {"text": text}).status == 201
    notes = b.get(f"/staff/clients/{client_id}/notes").json["items"]
    assert [n["text"] for n in notes] == ["Segunda nota", "Primera nota\ncon dos líneas"]
    assert notes[0]["staff_id"] == member.id and notes[0]["staff_name"] == "Marta Equipo"
    for path in ("/account", "/dashboard", "/account/activity", "/account/emails",
                 "/account/contacts", "/auth/me", "/auth/sessions"):
        assert "nota" not in customer.get(path).body.decode().lower(), path


def test_a_note_is_checked(customer, staff_as):
    client_id = customer.get("/account").json["id"]
    _, b = staff_as("support")
    for text, field in (("", "text"), ("   ", "text"), ("x" * 4001, "text"), ("a\u202eb", "text")):
        r = b.post(f"/staff/clients/{client_id}/notes", {"text": text})
        assert (r.status, r.error["code"]) == (422, "validation_failed") and field in r.error["fields"]
