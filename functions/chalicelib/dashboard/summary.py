"""The dashboard's figures, each only for who may see it.

Services, domains, invoices and tickets arrive with their own areas; until then their
counts are truthfully zero and each area adds its part here. A part the signed-in
person may not see (a contact without that permission) is left out of the answer, and
so is the request that would fetch it: at most a COUNT of contacts and the latest
e-mails on top of the session lookup.
"""

from ..accounts.models import Contact
from ..db import FILTERED_PAGE_SIZE, client_pk, iso
from ..mail.models import SentEmail, visible_filter

RECENT_EMAILS = 3

# Placeholders until each area exists, and the permission that shows each.
_AREAS = {
    "services": lambda: {"active": 0, "items": []},
    "domains": lambda: {"active": 0, "items": []},
    "invoices": lambda: {"unpaid": 0, "total_due": {"amount": 0, "currency": "EUR"}, "items": []},
    "tickets": lambda: {"open": 0, "items": []},
}


def summary(auth) -> dict:
    pk = client_pk(auth.client_id)
    allowed = set(auth.permissions)
    answer = {}
    if "profile" in allowed:
        client = auth.client
        answer["client"] = {"first_name": client.first_name, "last_name": client.last_name,
                            "email": client.email, "email_verified": client.email_verified,
                            "two_factor_enabled": client.two_factor_enabled}
    for area, placeholder in _AREAS.items():
        if area in allowed:
            answer[area] = placeholder()
    if "contacts" in allowed:
        answer["contacts"] = Contact.count(pk, Contact.sk.startswith("CONTACT#"))
    if "emails" in allowed:
        emails = SentEmail.query(pk, SentEmail.sk.startswith("EMAIL#"), scan_index_forward=False,
                                 limit=RECENT_EMAILS, page_size=FILTERED_PAGE_SIZE,
                                 filter_condition=visible_filter(auth))
        answer["recent_emails"] = [{"id": e.email_id, "subject": e.subject,
                                    "sent_at": iso(e.sent_at)} for e in emails]
    return answer
