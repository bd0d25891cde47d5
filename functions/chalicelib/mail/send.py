"""Every e-mail Portico sends goes through send(), which never waits for SES.

send() renders the template in the recipient's language, logs the message in the
customer's Mis Emails (secrets redacted) with status "queued", and enqueues the job
"mail.send" that delivers it (jobs.py: copies to the contacts who subscribed to that kind,
SES, then "sent" or "failed"). Log entry and job are written in one transaction, the
caller's when it passes one: the e-mail goes out if and only if the change it tells of is
committed, and a request that sends mail answers without waiting for SES.
"""

import logging
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .. import company, jobs, registry
from ..config import settings
from ..db import Transaction, new_id, transaction, utcnow
from .models import SentEmail

log = logging.getLogger("portico")

REDACTED = "REDACTED"
JOB = "mail.send"  # the job that delivers a queued e-mail (jobs.py)


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


def send(*, client_id: str, to: str, language: str, template: str, kind: str = "account",
         context: dict | None = None, secrets: dict | None = None,
         to_name: str = "", tx: Transaction | None = None) -> SentEmail:
    """Queue one e-mail to `to` (and subscribed contacts) and log it; return the log entry.

    With `tx`, the log entry and the job are written in the caller's transaction, so the
    e-mail is sent if and only if the change it tells of is committed. Without, in a
    transaction of their own: a failure there is logged, never raised."""
    context = context or {}
    secrets = secrets or {}
    subject, text, html = render(template, language, {**context, **secrets})
    logged = render(template, language, {**context, **{k: redact(v) for k, v in secrets.items()}})
    email_id = new_id()
    entry = SentEmail(*SentEmail.key(client_id, email_id), email_id=email_id,
                      sent_at=utcnow(), email_kind=kind, template=template, subject=logged[0],
                      to=[to], body_text=logged[1], body_html=logged[2], status="queued")
    # The job carries the real message (its link): jobs.py delivers it, the log keeps the copy.
    payload = {"client_id": client_id, "email_id": email_id, "to": to, "to_name": to_name,
               "kind": kind, "template": template, "subject": subject, "text": text,
               "html": html}
    if tx is not None:
        _queue(tx, entry, payload)
        return entry
    try:
        with transaction() as own:
            _queue(own, entry, payload)
    except Exception:
        log.exception("e-mail %s (%s) not queued", email_id, template)
    return entry


def _queue(tx: Transaction, entry: SentEmail, payload: dict) -> None:
    tx.save(entry, condition=SentEmail.pk.does_not_exist())
    jobs.enqueue(tx, JOB, payload, key=f"mail-{entry.email_id}")


STAFF_JOB = "mail.send_staff"  # delivers an e-mail to a member of staff (jobs.py)


def send_to_staff(*, to: str, language: str, template: str, tx: Transaction,
                  context: dict | None = None, secrets: dict | None = None,
                  to_name: str = "") -> None:
    """Queue an e-mail to a member of staff (an invitation, a password link) in the
    caller's transaction: rendered like a customer's, but copied to nobody and logged in
    no customer's Mis Emails (it carries a one-time link, so no copy of it is kept)."""
    subject, text, html = render(template, language, {**(context or {}), **(secrets or {})})
    email_id = new_id()
    jobs.enqueue(tx, STAFF_JOB, {"email_id": email_id, "to": to, "to_name": to_name,
                                 "template": template, "subject": subject, "text": text,
                                 "html": html}, key=f"mail-{email_id}")
