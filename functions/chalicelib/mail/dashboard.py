"""Mail's part of the dashboard: the latest e-mails this person may read."""

from ..db import FILTERED_PAGE_SIZE, iso
from .models import SentEmail, visible_filter

RECENT_EMAILS = 3


def part(principal, _counts: dict) -> dict:
    if not principal.may("emails"):
        return {}
    pk, _ = SentEmail.key(principal.client_id, "")
    emails = SentEmail.query(pk, SentEmail.sk.startswith(SentEmail.PREFIX),
                             scan_index_forward=False, limit=RECENT_EMAILS,
                             page_size=FILTERED_PAGE_SIZE, filter_condition=visible_filter(principal))
    return {"recent_emails": [{"id": e.email_id, "subject": e.subject, "sent_at": iso(e.sent_at)}
                              for e in emails]}
