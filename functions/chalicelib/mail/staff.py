"""Mis Emails' section of a client's page in the staff console: the latest e-mails sent to
the account, as logged (every secret they carried is already redacted in the log)."""

from ..console import column, section
from ..db import iso
from .models import SentEmail

SHOWN = 10


def client_section(_principal, client) -> list[dict]:
    pk, _ = SentEmail.key(client.client_id, "")
    emails = SentEmail.query(pk, SentEmail.sk.startswith(SentEmail.PREFIX),
                             scan_index_forward=False, limit=SHOWN)
    rows = [{"sent_at": iso(e.sent_at), "subject": e.subject, "to": ", ".join(e.to),
             "kind": e.email_kind, "status": e.status} for e in emails]
    columns = [column("sent_at", "mail.staff.sent_at", "datetime"),
               column("subject", "mail.staff.subject"),
               column("to", "mail.staff.to"),
               column("kind", "mail.staff.kind", "status"),
               column("status", "mail.staff.status", "status")]
    return [section("mail", "recent", "mail.staff.recent", columns, rows)]
