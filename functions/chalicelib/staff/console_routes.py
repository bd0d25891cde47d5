"""/staff: the home, client lookup, a client's page and notes, the audit trail."""

from .. import audit
from ..api import Routes, staff
from ..auth.staff import ADMIN, ROLES
from ..db import parse_limit
from . import clients, home, notes, present

bp = Routes(__name__)

# Every role looks clients up, reads a client's page and adds notes (the rule).
EVERY_ROLE = ROLES


@bp.operation("GET", "/staff/home", access=staff(*EVERY_ROLE), answer="StaffHome",
              summary="What waits for staff: a part per area (empty parts left out)")
def home_route(principal):
    return {"parts": home.parts(principal)}


@bp.operation("GET", "/staff/clients", access=staff(*EVERY_ROLE),
              answer="StaffClientResultPage",
              summary="Look a client up (?q=): by e-mail, name, company, tax id (with or without "
                      "ES, spaces, dashes) or id; case- and accent-insensitive, prefixes match")
def clients_route(query):
    items, cursor = clients.search(query)
    return {"items": items, "next": cursor}


@bp.operation("GET", "/staff/clients/{client_id}", access=staff(*EVERY_ROLE),
              answer="StaffClient",
              summary="A client's page: its essentials and each area's sections")
def client_route(principal, client_id):
    return clients.page(principal, client_id)


@bp.operation("GET", "/staff/clients/{client_id}/notes", access=staff(*EVERY_ROLE),
              answer="StaffNotePage", summary="Staff notes on a client, newest first")
def notes_route(client_id, query):
    items, cursor = notes.listing(client_id, query)
    return {"items": [present.note(n) for n in items], "next": cursor}


@bp.operation("POST", "/staff/clients/{client_id}/notes", access=staff(*EVERY_ROLE),
              body="StaffNoteCreate", answer="StaffNote", status=201,
              summary="Add a staff note (never shown to the customer; its activity log says "
                      "staff acted)")
def add_note_route(principal, body, client_id):
    return present.note(notes.add(principal, client_id, body.text))


@bp.operation("GET", "/staff/audit", access=staff(ADMIN), answer="StaffAuditPage",
              summary="The audit trail, newest first: all of it, ?staff_id= a member's, "
                      "?client_id= a client's, or both")
def audit_route(query):
    items, cursor = audit.listing(staff_id=query.get("staff_id") or None,
                                  client_id=query.get("client_id") or None,
                                  limit=parse_limit(query.get("limit")),
                                  cursor=query.get("cursor"))
    return {"items": [audit.present(i) for i in items], "next": cursor}
