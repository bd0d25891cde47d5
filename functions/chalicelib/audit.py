"""The audit trail: every staff action that changes something, who did it, when, from
where, on what, and the fields before and after (secrets redacted). Append-only.

Any area's staff operation records through `record(principal, action, ...)` (or adds
`entries(...)` to its own transaction, so the change and its record happen together).
Actions are declared by their area's descriptor (`audit_actions`), with their words.

An audit record is written once, on condition that it does not exist, and this module
offers no way to change or remove one: `Audit.update` and `Audit.delete` refuse, and no
other module names the model (tests/unit/test_audit.py). Admins read the trail through
the staff console (newest first, all of it, by member or by client).

Items (db.py's key table):
  AUDIT / AUDIT#<id>                 every record, newest first; in gsi1 under
                                     AUDIT#STAFF#<staff id> / <id> (by member)
  CLIENT#<cid> / AUDIT#<id>          a copy of a record about a client, in its partition
                                     (by client; customers' routes never read it)
One partition holds the whole trail: staff actions come a few a minute, far below a
partition's 1,000 writes a second; a trail that ever came near would be split by month.
"""

import json
import re
from datetime import datetime

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from . import context, registry
from .db import Item, client_pk, gsi1_page, iso, new_id, transaction, utcnow
from .db import page as db_page

REDACTED = "[redacted]"
# Field names whose values are never written down: passwords, secrets, tokens, second
# factors, backup codes, security answers, domains' transfer (EPP/auth) codes.
SECRET_FIELD = re.compile(r"password|secret|token|totp|backup_code|answer|auth_code|epp",
                          re.IGNORECASE)


class Audit(Item, discriminator="audit"):
    PREFIX = "AUDIT#"

    @staticmethod
    def key(audit_id: str) -> tuple[str, str]:
        return "AUDIT", f"AUDIT#{audit_id}"

    @staticmethod
    def client_key(client_id: str, audit_id: str) -> tuple[str, str]:
        return client_pk(client_id), f"AUDIT#{audit_id}"

    @staticmethod
    def by_staff_key(staff_id: str, audit_id: str) -> tuple[str, str]:
        return f"AUDIT#STAFF#{staff_id}", audit_id

    audit_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    staff_id = UnicodeAttribute()
    staff_email = UnicodeAttribute()
    ip = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    action = UnicodeAttribute()
    object_type = UnicodeAttribute()
    object_id = UnicodeAttribute(default="")
    client_id = UnicodeAttribute(null=True)
    changes = UnicodeAttribute(default="{}")  # JSON: {field: {"before": ..., "after": ...}}

    def update(self, *args, **kwargs):
        raise TypeError("audit records are never changed")

    def delete(self, *args, **kwargs):
        raise TypeError("audit records are never deleted")

    def save(self, *args, **kwargs):
        kwargs["condition"] = Audit.pk.does_not_exist()
        return super().save(*args, **kwargs)


def _plain(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def redact(field: str, value):
    """A value as the trail keeps it: a secret's only as whether there is one."""
    if SECRET_FIELD.search(field) and value not in (None, "", [], False):
        return REDACTED
    return _plain(value)


def changes(before: dict | None, after: dict | None) -> dict:
    """The fields that differ, each {"before": ..., "after": ...}, secrets redacted."""
    before, after = before or {}, after or {}
    found = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            found[field] = {"before": redact(field, old), "after": redact(field, new)}
    return found


def entries(who, action: str, *, object_type: str, object_id: str = "",
            client_id: str | None = None, before: dict | None = None,
            after: dict | None = None) -> list[Audit]:
    """Build (not save) the record, and its copy in the client's partition when it is
    about a client, for the caller's transaction (tx.save(item, condition=...new())).

    `who` is the acting member of staff's Principal (or anything with `staff_id` and
    `email`: an operator's script names itself)."""
    if action not in registry.audit_actions():
        raise ValueError(f"unknown audit action {action!r}: declare it in its area's descriptor")
    staff = getattr(who, "staff", None) or who
    request = context.current()
    audit_id = new_id()
    values = dict(audit_id=audit_id, at=utcnow(), staff_id=staff.staff_id,
                  staff_email=staff.email, ip=request.ip, user_agent=request.user_agent[:300],
                  action=action, object_type=object_type, object_id=object_id,
                  client_id=client_id,
                  changes=json.dumps(changes(before, after), ensure_ascii=False))
    record = Audit(*Audit.key(audit_id), **values)
    record.gsi1pk, record.gsi1sk = Audit.by_staff_key(staff.staff_id, audit_id)
    found = [record]
    if client_id:
        found.append(Audit(*Audit.client_key(client_id, audit_id), **values))
    return found


def new():
    """The condition every audit write carries: it adds a record, never replaces one."""
    return Audit.pk.does_not_exist()


def add(tx, items: list[Audit]) -> None:
    """Put records built by entries() into a transaction."""
    for item in items:
        tx.save(item, condition=new())


def record(who, action: str, **what) -> Audit:
    """Write one record (and its client copy) now."""
    items = entries(who, action, **what)
    if len(items) == 1:
        items[0].save()
    else:
        with transaction() as tx:
            add(tx, items)
    return items[0]


def listing(*, staff_id: str | None = None, client_id: str | None = None, limit: int,
            cursor: str | None) -> tuple[list[Audit], str | None]:
    """One page of the trail, newest first: all of it, a member's, a client's, or a
    member's actions on a client."""
    if client_id:
        pk, _ = Audit.client_key(client_id, "")
        only = (Audit.staff_id == staff_id) if staff_id else None
        return db_page(Audit, pk, Audit.PREFIX, limit=limit, cursor=cursor,
                       filter_condition=only)
    if staff_id:
        gsi1pk, _ = Audit.by_staff_key(staff_id, "")
        return gsi1_page(Audit, gsi1pk, limit=limit, cursor=cursor, ascending=False)
    pk, _ = Audit.key("")
    return db_page(Audit, pk, Audit.PREFIX, limit=limit, cursor=cursor)


def present(item: Audit) -> dict:
    return {"id": item.audit_id, "at": iso(item.at), "staff_id": item.staff_id,
            "staff_email": item.staff_email, "ip": item.ip, "user_agent": item.user_agent,
            "action": item.action, "object_type": item.object_type,
            "object_id": item.object_id, "client_id": item.client_id,
            "changes": json.loads(item.changes or "{}")}
