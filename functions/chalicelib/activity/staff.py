"""The activity log's section of a client's page in the staff console: the latest entries,
with the events named as the areas declare them."""

from .. import registry
from ..console import column, section
from ..db import iso
from ..i18n import current_language
from .models import Activity

SHOWN = 10


def client_section(_principal, client) -> list[dict]:
    pk, _ = Activity.key(client.client_id, "")
    entries = Activity.query(pk, Activity.sk.startswith(Activity.PREFIX),
                             scan_index_forward=False, limit=SHOWN)
    words = registry.events()
    language = current_language.get()
    rows = [{"at": iso(e.at), "event": words[e.event][language] if e.event in words else e.event,
             "actor": e.actor, "ip": e.ip, "detail": e.detail} for e in entries]
    columns = [column("at", "activity.staff.at", "datetime"),
               column("event", "activity.staff.event"),
               column("actor", "activity.staff.actor", "status"),
               column("ip", "activity.staff.ip"),
               column("detail", "activity.staff.detail")]
    return [section("activity", "recent", "activity.staff.recent", columns, rows)]
