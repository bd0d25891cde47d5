"""/account/emails: Mis Emails, every e-mail sent to the customer and its contacts."""

import re

from ..api import HTML, Answer, Routes, customer
from ..db import iso, page_for
from ..errors import NotFound
from .models import SentEmail, visible_filter, visible_to

bp = Routes(__name__)


def _summary(item: SentEmail) -> dict:
    return {"id": item.email_id, "sent_at": iso(item.sent_at), "subject": item.subject,
            "to": list(item.to), "kind": item.email_kind, "status": item.status}


@bp.operation("GET", "/account/emails", access=customer("emails"), answer="EmailPage",
              summary="Mis Emails, newest first")
def emails_route(principal, query):
    pk, _ = SentEmail.key(principal.client_id, "")
    items, cursor = page_for(query, SentEmail, pk, SentEmail.PREFIX,
                             filter_condition=visible_filter(principal))
    return {"items": [_summary(i) for i in items], "next": cursor}


# The e-mail's HTML as its own document, for the message view's sandboxed frame: its own
# policy allows the e-mail's inline styles and nothing else (no script, no request, a
# sandbox), so the site's strict CSP stays strict. The site's edge keeps an origin's CSP
# and frame options (infra/security_headers.py).
EMAIL_HTML_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                  "form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox")


def _own_email(auth, email_id: str) -> SentEmail:
    """One e-mail of this account that this person may read (else 404, as for another's)."""
    try:
        item = SentEmail.get(*SentEmail.key(auth.client_id, email_id))
    except (SentEmail.DoesNotExist, ValueError):
        raise NotFound() from None
    if not visible_to(auth, item):
        raise NotFound()
    return item


@bp.operation("GET", "/account/emails/{email_id}", access=customer("emails"), answer="Email",
              summary="One e-mail: body_text and the sanitised body_html (secrets redacted); "
                      "pages show the HTML through the /html document")
def email_route(principal, email_id):
    item = _own_email(principal, email_id)
    # Only whether there is HTML: the page shows it through the /html document below, so
    # sending it here too would fetch it twice (and show it outside its own CSP).
    # body_html is docs/api.md's contract (sanitised, for integrators); the page shows the HTML
    # only through the /html document, under that document's own CSP.
    return {**_summary(item), "body_text": item.body_text, "body_html": _safe_html(item.body_html)}


@bp.operation("GET", "/account/emails/{email_id}/html", access=customer("emails"), answer=HTML,
              summary="One e-mail's sanitised HTML, for a sandboxed frame (its own CSP)")
def email_html_route(principal, email_id):
    item = _own_email(principal, email_id)
    if not item.body_html:
        raise NotFound()
    return Answer("<!doctype html>\n" + _safe_document(item.body_html), {
        "Content-Security-Policy": EMAIL_HTML_CSP, "X-Frame-Options": "SAMEORIGIN"})


BODY_STYLE_RE = re.compile(r'<body\b[^>]*?\sstyle="([^"]*)"', re.IGNORECASE)


def _safe_document(html: str) -> str:
    """The sanitised e-mail as a page of its own: the fragment sanitiser drops <body>, so
    its style (the e-mail's background and type) moves to a wrapping <div>."""
    body_style = BODY_STYLE_RE.search(html)
    if body_style:
        html = f'<div style="{body_style.group(1)}">{html}</div>'
    return _safe_html(html)


def _safe_html(html: str) -> str:
    """Our own templates, sanitised again so a stored e-mail can never carry a script,
    and without images, so opening one loads nothing from elsewhere."""
    import nh3

    tags = (nh3.ALLOWED_TAGS - {"img"}) | {"html", "head", "body", "title", "meta"}
    return nh3.clean(html, tags=tags, attributes={"*": {"style", "lang"}, "a": {"href"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
