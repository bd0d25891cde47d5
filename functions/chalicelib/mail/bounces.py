"""Bounces and complaints that SES reports through SNS: logged, and the address suppressed.

SES publishes them (configuration-set event destination, or identity notifications) to
the stage's feedback topic; the deploy points this handler at that topic. A bounce or
complaint marks the e-mail in the customer's Mis Emails; a permanent bounce or a
complaint also records the address as suppressed, and send() skips suppressed addresses,
as SES expects of a sender that wants to keep its reputation.

    pk                            sk            kind
    SUPPRESSED#<canonical address>   SUPPRESSED    suppressed
"""

import json
import logging

from chalice import Blueprint
from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import UpdateError

from ..db import Item, utcnow
from ..email_addresses import canonical
from .models import SentEmail

log = logging.getLogger("portico")

bp = Blueprint(__name__)

# The name the code knows; the deploy subscribes the handler to the stage's own topic.
TOPIC = "portico-mail-feedback"


class Suppression(Item, discriminator="suppressed"):
    """An address never to mail again. pk = SUPPRESSED#<canonical address>."""

    @staticmethod
    def key(address: str) -> tuple[str, str]:
        return f"SUPPRESSED#{canonical(address)}", "SUPPRESSED"

    address = UnicodeAttribute()
    reason = UnicodeAttribute()  # "bounce" or "complaint"
    detail = UnicodeAttribute(default="")
    email_id = UnicodeAttribute(default="")
    at = UTCDateTimeAttribute()


def suppressed(addresses: list[str]) -> set[str]:
    """Return the canonical addresses among these that must not be mailed (one BatchGet)."""
    keys = {Suppression.key(a) for a in addresses}
    if not keys:
        return set()
    return {canonical(s.address) for s in Suppression.batch_get(list(keys))}


@bp.on_sns_message(topic=TOPIC)
def ses_feedback(event):
    try:
        notification = json.loads(event.message)
    except ValueError:
        # Retrying cannot fix a message that is not JSON: drop it, but say so.
        log.error("SES feedback that is not JSON: %.200s", event.message)
        return
    record(notification)


def record(notification: dict) -> None:
    """Apply one SES bounce or complaint notification; ignore every other kind."""
    kind = notification.get("eventType") or notification.get("notificationType")
    mail = notification.get("mail") or {}
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        addresses = [r["emailAddress"] for r in bounce.get("bouncedRecipients", [])]
        detail = f"{bounce.get('bounceType', '')}/{bounce.get('bounceSubType', '')}"
        # A transient bounce (mailbox full, greylisting) may go through next time.
        to_suppress = addresses if bounce.get("bounceType") == "Permanent" else []
        status, reason = "bounced", "bounce"
    elif kind == "Complaint":
        complaint = notification.get("complaint") or {}
        addresses = [r["emailAddress"] for r in complaint.get("complainedRecipients", [])]
        detail = complaint.get("complaintFeedbackType", "")
        to_suppress = addresses
        status, reason = "complained", "complaint"
    else:
        return
    email_id = email_id_from(mail)
    for address in to_suppress:
        pk, sk = Suppression.key(address)
        Suppression(pk, sk, address=canonical(address), reason=reason, detail=detail,
                    email_id=email_id or "", at=utcnow()).save()
    log.warning("SES %s for e-mail %s: %s (%s)", reason, email_id, ", ".join(addresses), detail)
    client_id = client_id_from(mail, addresses)
    if email_id and client_id:
        mark_logged_email(client_id, email_id, status)


def email_id_from(mail: dict) -> str | None:
    """Our e-mail id: the `email` tag every send carries (SES replaces the Message-ID, so
    commonHeaders.messageId is SES's id), else the Message-ID send() set,
    <time.pid.random.EMAIL_ID@portico>, for notifications without tags."""
    tagged = (mail.get("tags") or {}).get("email")
    if tagged and tagged[0]:
        return tagged[0]
    message_id = (mail.get("commonHeaders") or {}).get("messageId") or ""
    if not message_id:
        for header in mail.get("headers") or []:
            if header.get("name", "").lower() == "message-id":
                message_id = header.get("value", "")
    local, _, domain = message_id.strip().strip("<>").partition("@")
    if domain != "portico" or "." not in local:
        return None
    return local.rsplit(".", 1)[1] or None


def client_id_from(mail: dict, addresses: list[str]) -> str | None:
    """The customer the e-mail was logged for: its SES tag, else the recipient's sign-in."""
    tagged = (mail.get("tags") or {}).get("client")
    if tagged:
        return tagged[0]
    from ..auth.models import Login

    for address in [*(mail.get("destination") or []), *addresses]:
        try:
            return Login.get(*Login.key(address.strip())).client_id
        except Login.DoesNotExist:
            continue
    return None


def mark_logged_email(client_id: str, email_id: str, status: str) -> None:
    entry = SentEmail(*SentEmail.key(client_id, email_id))
    try:
        # Only an e-mail logged for this customer: never create a stray half item.
        entry.update(actions=[SentEmail.status.set(status)], condition=SentEmail.pk.exists())
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        log.warning("SES feedback for e-mail %s not in the log of client %s", email_id, client_id)
