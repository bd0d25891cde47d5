"""Write activity-log entries: every state change that matters to the customer."""

from ..db import client_pk, iso, new_id, utcnow
from .models import Activity

EVENTS = ("login", "login_failed", "logout", "password_changed", "password_reset",
          "security_question_changed", "two_factor_enabled", "two_factor_disabled",
          "profile_changed", "email_verified", "contact_added",
          "contact_changed", "contact_removed", "invitation_accepted", "session_ended",
          "signed_out_everywhere", "registered", "backup_codes_renewed")


def entry(client_id: str, event: str, *, ip: str = "", user_agent: str = "",
          actor: str = "owner", detail: str = "") -> Activity:
    """Build (not save) an entry, so callers can write it in the same batch or transaction."""
    if event not in EVENTS:
        raise ValueError(f"unknown activity event {event!r}: add it to EVENTS and the pages' words")
    event_id = new_id()
    return Activity(client_pk(client_id), f"ACTIVITY#{event_id}", event_id=event_id,
                    at=utcnow(), event=event, ip=ip,
                    user_agent=user_agent[:300], actor=actor, detail=detail[:500])


def present(item: Activity) -> dict:
    from ..accounts.sessions import device_name  # accounts imports this module

    return {"id": item.event_id, "at": iso(item.at), "event": item.event, "ip": item.ip,
            "user_agent": item.user_agent,
            # The same words as Seguridad's sessions ("Chrome · Linux").
            "device": device_name(item.user_agent) if item.user_agent else "",
            "actor": item.actor, "detail": item.detail}

