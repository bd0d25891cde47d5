"""/account/emails: Mis Emails, every e-mail sent to the customer and its contacts."""

from ..accounts.sessions import require_auth
from ..db import client_pk, iso, page_for
from ..errors import NotFound
from ..http import Routes, reply
from .models import SentEmail, visible_filter, visible_to

bp = Routes(__name__)


def _summary(item: SentEmail) -> dict:
    return {"id": item.email_id, "sent_at": iso(item.sent_at), "subject": item.subject,
            "to": list(item.to), "kind": item.email_kind, "status": item.status}


@bp.route("/account/emails", methods=["GET"])
def emails_route():
    auth = require_auth(bp.current_request, "emails")
    items, cursor = page_for(bp.current_request, SentEmail, client_pk(auth.client_id), "EMAIL#",
                             filter_condition=visible_filter(auth))
    return reply({"items": [_summary(i) for i in items], "next": cursor})


@bp.route("/account/emails/{email_id}", methods=["GET"])
def email_route(email_id):
    auth = require_auth(bp.current_request, "emails")
    try:
        item = SentEmail.get(client_pk(auth.client_id), f"EMAIL#{email_id}")
    except (SentEmail.DoesNotExist, ValueError):
        raise NotFound() from None
    if not visible_to(auth, item):
        raise NotFound()
    return reply({**_summary(item), "body_text": item.body_text, "body_html": _safe_html(item.body_html)})


def _safe_html(html: str) -> str:
    """Our own templates, sanitised again so a stored e-mail can never carry a script,
    and without images, so opening one loads nothing from elsewhere."""
    import nh3

    tags = (nh3.ALLOWED_TAGS - {"img"}) | {"html", "head", "body", "title", "meta"}
    return nh3.clean(html, tags=tags, attributes={"*": {"style", "lang"}, "a": {"href"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
