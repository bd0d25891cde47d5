"""Mis Emails: every e-mail sent to a customer, as logged. sk = EMAIL#<email_id>."""

from pynamodb.attributes import ListAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..db import Item


class SentEmail(Item, discriminator="sent_email"):
    email_id = UnicodeAttribute()
    sent_at = UTCDateTimeAttribute()
    email_kind = UnicodeAttribute()  # general, invoices, ... or account
    template = UnicodeAttribute()
    subject = UnicodeAttribute()
    to = ListAttribute(of=UnicodeAttribute)
    # The logged copy: any secret the real e-mail carried (a link's token) is redacted.
    body_text = UnicodeAttribute()
    body_html = UnicodeAttribute()
    # "sent", "failed" (SES refused it), "suppressed" (every address bounced before),
    # then "bounced" or "complained" when SES reports so (bounces.py).
    status = UnicodeAttribute(default="sent")
