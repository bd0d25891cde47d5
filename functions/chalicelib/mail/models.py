"""Mis Emails: every e-mail sent to a customer, as logged. sk = EMAIL#<email_id>."""

from pynamodb.attributes import ListAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..db import Item, client_pk


class SentEmail(Item, discriminator="sent_email"):
    PREFIX = "EMAIL#"

    @staticmethod
    def key(client_id: str, email_id: str) -> tuple[str, str]:
        return client_pk(client_id), f"EMAIL#{email_id}"

    email_id = UnicodeAttribute()
    sent_at = UTCDateTimeAttribute()
    email_kind = UnicodeAttribute()  # general, invoices, ... or account
    template = UnicodeAttribute()
    subject = UnicodeAttribute()
    to = ListAttribute(of=UnicodeAttribute)
    # The logged copy: any secret the real e-mail carried (a link's token) is redacted.
    body_text = UnicodeAttribute()
    body_html = UnicodeAttribute()
    # One of STATUSES: "queued" (logged; the job "mail.send" delivers it), then "sent",
    # "failed" (SES refused it, or every try failed), "suppressed" (every address bounced
    # before), then "bounced" or "complained" when SES reports so (bounces.py).
    status = UnicodeAttribute(default="sent")


STATUSES = ("queued", "sent", "failed", "suppressed", "bounced", "complained")


# Who may read a logged e-mail. "account" e-mails (links, security notices: password
# changed, two-factor, reset, new device, address changed, verification, invitation)
# concern one person: the owner sees every e-mail of the account; a contact with
# `emails` sees the other kinds, and of these only the ones sent to itself.
PERSONAL_KIND = "account"


def visible_filter(auth):
    """The same rule as visible_to, as a query filter (None: everything is visible)."""
    if auth.contact is None:
        return None
    return (SentEmail.email_kind != PERSONAL_KIND) | (SentEmail.to[0] == auth.contact.email)


def visible_to(auth, item: SentEmail) -> bool:
    if auth.contact is None or item.email_kind != PERSONAL_KIND:
        return True
    return bool(item.to) and item.to[0] == auth.contact.email
