"""Staff notes on a client: written by any member of staff, never shown to the customer.
Adding one is audited, and the client's activity log says staff acted (actor "staff",
without the note, the member's name, address or device)."""

from .. import audit
from ..activity.record import STAFF, Subject, entry
from ..auth.principal import Principal
from ..db import new_id, page_for, transaction, utcnow
from .clients import find
from .models import StaffNote


def add(principal: Principal, client_id: str, text: str) -> StaffNote:
    client = find(client_id)
    note_id = new_id()
    note = StaffNote(*StaffNote.key(client.client_id, note_id), note_id=note_id,
                     client_id=client.client_id, text=text, staff_id=principal.staff.staff_id,
                     staff_name=principal.staff.name, created_at=utcnow())
    records = audit.entries(principal, "note_added", object_type="note", object_id=note_id,
                            client_id=client.client_id, after={"text": text})
    with transaction() as tx:
        tx.save(note, condition=StaffNote.sk.does_not_exist())
        audit.add(tx, records)
        tx.save(entry(Subject(client.client_id, STAFF), "staff_note_added"))
    return note


def listing(client_id: str, query: dict) -> tuple[list[StaffNote], str | None]:
    client = find(client_id)
    pk, _ = StaffNote.key(client.client_id, "")
    return page_for(query, StaffNote, pk, StaffNote.PREFIX)
