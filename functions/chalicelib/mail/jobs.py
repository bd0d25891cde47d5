"""The job "mail.send": deliver one queued e-mail through SES and record how it went.

The message was rendered when it was queued (send.py); here it goes to the person it is
for and to the contacts who subscribed to its kind (read now, so a contact added in
between gets it), except addresses that bounced for good or complained (bounces.py).
The log entry becomes "sent", "suppressed" (nobody left to send to) or "failed" (SES
refused the message, or every try failed) in the transaction that marks the job done.

SES failing for a while (throttling, an outage) is retried by the jobs kernel with
backoff; only on the last attempt is the e-mail marked failed. SES has no SMTPUTF8: an
internationalised domain is sent in Punycode, and user text reaches a header only
through the header classes, folded to one line. On the local stack each e-mail is also
written to the outbox folder as an .eml.
"""

import logging
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .. import company, registry
from ..config import settings
from ..db import utcnow
from ..email_addresses import ascii_form, canonical
from .bounces import suppressed
from .models import SentEmail

log = logging.getLogger("portico")


def send(job) -> dict:
    p = job.payload
    client_id, email_id, to = p["client_id"], p["email_id"], p["to"]
    copies = [a for a in subscribed_contacts(client_id, p["kind"]) if canonical(a) != canonical(to)]
    blocked = suppressed([to, *copies])
    recipients = [a for a in [to, *copies] if canonical(a) not in blocked]
    # An address SES cannot take (a non-ASCII local part kept from before the schemas
    # refused them) is skipped, not sent garbled.
    sendable = [a for a in (ascii_form(r) for r in recipients) if a]
    message = None
    if not recipients:
        status = "suppressed"
    elif not sendable:
        status = "failed"
    else:
        message = _mime(email_id, to, p["to_name"], copies, p["subject"], p["text"], p["html"])
        try:
            status = "sent" if _deliver(message, sendable, client_id, email_id) else "failed"
        except Exception:
            if job.final:
                # The job dies with this error; the log must not say "queued" for ever.
                _mark(client_id, email_id, "failed", [to, *copies])
            raise
    job.tx.update(SentEmail(*SentEmail.key(client_id, email_id)),
                  actions=[SentEmail.status.set(status), SentEmail.to.set([to, *copies])],
                  condition=SentEmail.pk.exists())
    if settings.outbox_dir and message is not None:
        _write_outbox(email_id, message)
    return {"status": status, "recipients": len(sendable) if status == "sent" else 0}


def subscribed_contacts(client_id: str, kind: str) -> list[str]:
    """The contacts that asked for copies of this kind. Kinds a contact may subscribe to are
    the areas' (registry); "account" e-mails (links, security notices) go only to the
    person they concern."""
    if kind not in {k.name for k in registry.email_kinds()}:
        return []
    from ..auth.models import Client, Contact

    return [c.email for c in Contact.query(Client.key(client_id)[0],
                                           Contact.sk.startswith(Contact.PREFIX))
            if kind in c.email_preferences]


def _mark(client_id: str, email_id: str, status: str, to: list[str]) -> None:
    try:
        SentEmail(*SentEmail.key(client_id, email_id)).update(
            actions=[SentEmail.status.set(status), SentEmail.to.set(to)],
            condition=SentEmail.pk.exists())
    except Exception:
        log.exception("e-mail %s: its log entry could not be marked %s", email_id, status)


def _one_line(text: str) -> str:
    # str.split() also splits on U+2028, U+0085 and the other line breaks a header cannot hold.
    return " ".join(text.split())


def _address(address: str, name: str = "") -> Address:
    """A header address: the domain in Punycode, the display name encoded by the header
    classes (RFC 2047), never pasted into the header text."""
    local, _, domain = ascii_form(address).rpartition("@")
    return Address(display_name=_one_line(name), username=local, domain=domain)


def _mime(email_id, to, to_name, copies, subject, text, html) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = _one_line(subject)
    message["From"] = _address(settings.mail_from, company.current().trade_name)
    message["To"] = _address(to, to_name)
    cc = [_address(a) for a in copies if ascii_form(a)]
    if cc:
        message["Cc"] = cc
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(idstring=email_id, domain="portico")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _deliver(message: EmailMessage, recipients: list[str], client_id: str, email_id: str) -> bool:
    """One try. False when SES refuses this message (trying again cannot help); any other
    failure raises, and the job is tried again later."""
    from botocore.exceptions import ClientError

    from ..aws import client

    # The tags let a bounce find the e-mail in the right customer's log.
    stage_set = ({"ConfigurationSetName": settings.mail_configuration_set}
                 if settings.mail_configuration_set else {})
    try:
        client("ses").send_raw_email(
            Source=settings.mail_from, Destinations=recipients,
            RawMessage={"Data": message.as_bytes()}, **stage_set,
            Tags=[{"Name": "client", "Value": client_id}, {"Name": "email", "Value": email_id}])
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        log.error("e-mail %s not sent: %s", email_id, code)
        if code == "MessageRejected":
            return False
        raise
    except Exception as exc:
        log.error("e-mail %s not sent: %s", email_id, type(exc).__name__)
        raise
    return True


def _write_outbox(email_id: str, message: EmailMessage) -> None:
    outbox = Path(settings.outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    (outbox / f"{stamp}-{email_id}.eml").write_bytes(message.as_bytes())


# How SES feedback tags a staff e-mail's "client": no customer's log holds it.
STAFF_TAG = "staff"


def send_staff(job) -> dict:
    """The job "mail.send_staff": an e-mail to a member of staff (send.send_to_staff),
    to that address alone, with no log entry to update (none is kept)."""
    p = job.payload
    to, email_id = p["to"], p["email_id"]
    sendable = ascii_form(to)
    message = None
    if suppressed([to]):
        status = "suppressed"
    elif not sendable:
        status = "failed"
    else:
        message = _mime(email_id, to, p["to_name"], [], p["subject"], p["text"], p["html"])
        status = "sent" if _deliver(message, [sendable], STAFF_TAG, email_id) else "failed"
    if settings.outbox_dir and message is not None:
        _write_outbox(email_id, message)
    return {"status": status}
