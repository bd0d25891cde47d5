"""Send every e-mail Portico sends, through one function.

send() renders the template in the recipient's language, copies it to the contacts who
subscribed to that kind of e-mail, sends it through SES, logs it in the customer's
Mis Emails (with secrets redacted), and on the local stack writes an .eml to the outbox.
A failed send is retried, then logged and recorded as failed: the state change that
caused it is already committed and is never rolled back by a mail problem, and never
answered with a 500 (send() does not raise). SES has no SMTPUTF8: an internationalised
domain is sent in Punycode, and user text reaches a header only through the header
classes, folded to one line.
"""

import logging
import time
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .. import company, registry
from ..config import settings
from ..db import new_id, utcnow
from ..email_addresses import ascii_form, canonical
from .bounces import suppressed
from .models import SentEmail

log = logging.getLogger("portico")

REDACTED = "REDACTED"


def template_folders() -> list[Path]:
    """The shared layout (mail/templates), then each area's own e-mails (<area>/emails/
    <language>/<name>.txt.jinja and .html.jinja)."""
    chalicelib = Path(__file__).parents[1]
    areas = [chalicelib / area.name / "emails" for area in registry.areas()]
    return [Path(__file__).with_name("templates"), *(a for a in areas if a.is_dir())]


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    # Each e-mail is two templates: <name>.txt.jinja (subject and plain text, not escaped)
    # and <name>.html.jinja, escaped by default because of its name: no template has to
    # remember to ask for it.
    return Environment(loader=FileSystemLoader(template_folders()), undefined=StrictUndefined,
                       autoescape=select_autoescape(enabled_extensions=("html.jinja",),
                                                    default_for_string=False, default=False),
                       keep_trailing_newline=False)


# Who sends, under every e-mail (LSSI-CE art. 10), from the company's file.
FOOTER = {"es": "{legal_name} · NIF {nif} · {address}",
          "en": "{legal_name} · Tax ID (NIF) {nif} · {address}"}


def footer(language: str) -> str:
    sender = company.current()
    return FOOTER[language].format(legal_name=sender.legal_name, nif=sender.nif,
                                   address=sender.address.line(language))


def render(template: str, language: str, context: dict) -> tuple[str, str, str]:
    """Return (subject, text, html) of a template in a language."""
    env = _environment()
    values = {"company": company.current().trade_name, "company_footer": footer(language),
              "site_url": settings.site_url, "language": language, **context}
    text = env.get_template(f"{language}/{template}.txt.jinja")
    ctx = text.new_context(values)
    subject, body = ("".join(text.blocks[name](ctx)).strip() for name in ("subject", "text"))
    # The plain-text templates have no shared layout: the footer is added here.
    body = f"{body}\n\n-- \n{values['company_footer']}"
    html = env.get_template(f"{language}/{template}.html.jinja").render(values).strip()
    return subject, body, html


def redact(value: str) -> str:
    """Hide a secret: a link keeps its address but loses its token."""
    if value.startswith(("http://", "https://")):
        parts = urlsplit(value)
        query = [(k, REDACTED if k == "token" else v) for k, v in parse_qsl(parts.query)]
        return urlunsplit(parts._replace(query=urlencode(query)))
    return REDACTED


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


def send(*, client_id: str, to: str, language: str, template: str, kind: str = "account",
         context: dict | None = None, secrets: dict | None = None,
         to_name: str = "") -> SentEmail:
    """Send one e-mail to `to` (and subscribed contacts), log it, and return the log entry."""
    context = context or {}
    secrets = secrets or {}
    subject, text, html = render(template, language, {**context, **secrets})
    logged = render(template, language, {**context, **{k: redact(v) for k, v in secrets.items()}})
    copies = [a for a in subscribed_contacts(client_id, kind) if canonical(a) != canonical(to)]
    email_id = new_id()
    message, status = None, "failed"
    try:
        # Addresses that bounced for good or complained are never mailed again (bounces.py).
        blocked = suppressed([to, *copies])
        recipients = [a for a in [to, *copies] if canonical(a) not in blocked]
        # An address SES cannot take (a non-ASCII local part kept from before the schemas
        # refused them) is skipped, not sent garbled.
        sendable = [a for a in (ascii_form(r) for r in recipients) if a]
        if not recipients:
            status = "suppressed"
        elif sendable:
            message = _mime(email_id, to, to_name, copies, subject, text, html)
            status = "sent" if _deliver(message, sendable, client_id, email_id) else "failed"
    except Exception:
        log.exception("e-mail %s (%s) not sent", email_id, template)
    entry = SentEmail(*SentEmail.key(client_id, email_id), email_id=email_id,
                      sent_at=utcnow(), email_kind=kind, template=template, subject=logged[0],
                      to=[to, *copies], body_text=logged[1], body_html=logged[2], status=status)
    try:
        entry.save()
        if settings.outbox_dir and message is not None:
            _write_outbox(email_id, message)
    except Exception:
        log.exception("e-mail %s (%s) not logged", email_id, template)
    return entry


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
    from botocore.exceptions import BotoCoreError, ClientError

    from ..aws import client

    for attempt in range(3):
        try:
            # The tags let a bounce find the e-mail in the right customer's log.
            stage_set = ({"ConfigurationSetName": settings.mail_configuration_set}
                         if settings.mail_configuration_set else {})
            client("ses").send_raw_email(
                Source=settings.mail_from, Destinations=recipients,
                RawMessage={"Data": message.as_bytes()}, **stage_set,
                Tags=[{"Name": "client", "Value": client_id}, {"Name": "email", "Value": email_id}])
            return True
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            log.error("e-mail %s not sent (attempt %d): %s", email_id, attempt + 1, code)
            if code == "MessageRejected":
                return False
        except BotoCoreError as exc:
            log.error("e-mail %s not sent (attempt %d): %s", email_id, attempt + 1,
                      type(exc).__name__)
        time.sleep(0.2 * (attempt + 1))
    return False


def _write_outbox(email_id: str, message: EmailMessage) -> None:
    outbox = Path(settings.outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    (outbox / f"{stamp}-{email_id}.eml").write_bytes(message.as_bytes())
