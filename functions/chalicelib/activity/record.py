"""Write activity-log entries: every state change that matters to the customer.

Any area records through `record(who, event, detail)`: `who` is the Principal acting, or
any subject with a `client_id` and an `actor` (a sign-in, `Subject`) when nobody is
signed in yet, or a member of staff acts on a client (`Subject(client_id, STAFF)`). Where and how (IP, device) come from the request context. Events are
declared by their area's descriptor, with their words.
"""

from dataclasses import dataclass

from .. import context, registry
from ..auth.devices import device_name
from ..db import iso, new_id, utcnow
from .models import Activity

STAFF = "staff"


@dataclass(frozen=True)
class Subject:
    """Whose log, and who did it, when no Principal acts on its own account (a reset
    link, a new sign-up; a member of staff acting on a client: actor "staff")."""

    client_id: str
    actor: str = "owner"


def entry(who, event: str, detail: str = "") -> Activity:
    """Build (not save) an entry, so callers can write it in the same batch or transaction."""
    if event not in registry.events():
        raise ValueError(f"unknown activity event {event!r}: declare it in its area's descriptor")
    request = context.current()
    event_id = new_id()
    # A staff action shows in the customer's log as "staff", without the member's
    # address or device: who exactly is in the audit trail, for admins.
    staff = who.actor == STAFF
    return Activity(*Activity.key(who.client_id, event_id), event_id=event_id,
                    at=utcnow(), event=event, ip="" if staff else request.ip,
                    user_agent="" if staff else request.user_agent[:300], actor=who.actor,
                    detail=detail[:500])


def record(who, event: str, detail: str = "") -> Activity:
    item = entry(who, event, detail)
    item.save()
    return item


def present(item: Activity) -> dict:
    return {"id": item.event_id, "at": iso(item.at), "event": item.event, "ip": item.ip,
            "user_agent": item.user_agent,
            # The same words as Seguridad's sessions ("Chrome · Linux").
            "device": device_name(item.user_agent) if item.user_agent else "",
            "actor": item.actor, "detail": item.detail}
