"""Customer sessions: an opaque cookie, stored hashed, ended by logout, expiry or idleness.

The cookie is `<client_id>.<contact_id or ->.<secret>`; the table keeps only the
secret's hash. Knowing whose session it claims to be lets one BatchGetItem fetch the
session, the account profile and (for a contact) the contact with its live permissions,
so revoking a contact or changing its rights takes effect on its very next request.
"""

import re
import secrets
from datetime import timedelta

from pynamodb.exceptions import UpdateError

from .. import context
from ..config import settings
from ..db import Item, utcnow
from ..http import cookie_header, cookies
from .devices import device_name
from .models import Client, Contact, Session
from .principal import Principal
from .secrets import hash_secret

COOKIE = "portico_session"
# Seen-at is refreshed at most this often, so most requests cost no write.
TOUCH_EVERY = timedelta(minutes=5)
_COOKIE_SHAPE = re.compile(r"^([0-9a-f]{21})\.([0-9a-f]{21}|-)\.([A-Za-z0-9_-]{43})$")


def new_session(client_id: str, contact_id: str | None) -> tuple[Session, str]:
    """Build (not save) a session for this request; return it and the cookie value."""
    secret = secrets.token_urlsafe(32)
    token_hash = hash_secret(secret)
    now = utcnow()
    request = context.current()
    session = Session(*Session.key(client_id, token_hash), session_id=token_hash[:16],
                      contact_id=contact_id, ip=request.ip, user_agent=request.user_agent,
                      device=device_name(request.user_agent), created_at=now, last_seen_at=now,
                      expires_at=now + timedelta(seconds=settings.session_lifetime))
    return session, f"{client_id}.{contact_id or '-'}.{secret}"


def session_cookie(value: str) -> str:
    return cookie_header(COOKIE, value, max_age=settings.session_lifetime)


def cleared_cookie() -> str:
    return cookie_header(COOKIE, "", max_age=0)


def is_live(session: Session, now) -> bool:
    """Not past its lifetime nor idle too long (TTL deletes it later, maybe days later)."""
    return (session.expires_at > now
            and now - session.last_seen_at <= timedelta(seconds=settings.session_idle))


def current_customer(request) -> Principal | None:
    """The customer (owner or contact) signed in on this request, or None."""
    match = _COOKIE_SHAPE.match(cookies(request).get(COOKIE, ""))
    if not match:
        return None
    client_id, contact_id, secret = match.groups()
    contact_id = None if contact_id == "-" else contact_id
    keys = [Session.key(client_id, hash_secret(secret)), Client.key(client_id)]
    if contact_id:
        keys.append(Contact.key(client_id, contact_id))
    found = {item.sk: item for item in Item.batch_get(keys)}
    session = found.get(keys[0][1])
    client = found.get(keys[1][1])
    contact = found.get(keys[2][1]) if contact_id else None
    if not isinstance(session, Session) or not isinstance(client, Client):
        return None
    if session.contact_id != contact_id or (contact_id and not (contact and contact.permissions)):
        return None
    now = utcnow()
    if not is_live(session, now):
        return None
    if now - session.last_seen_at > TOUCH_EVERY:
        try:
            # The condition keeps a concurrently ended session from being written back.
            session.update(actions=[Session.last_seen_at.set(now)], condition=Session.sk.exists())
        except UpdateError:
            return None
    return Principal.customer(client, session, contact)


def user_sessions(client_id: str, contact_id: str | None) -> list[Session]:
    """Every live session of one user (the owner, or one contact) of an account."""
    pk, _ = Client.key(client_id)
    items = Session.query(pk, Session.sk.startswith(Session.PREFIX))
    return [s for s in items if s.contact_id == contact_id]


def end_sessions(client_id: str, contact_id: str | None, *, keep: Session | None = None) -> int:
    """End every session of one user, except `keep`; return how many ended."""
    ended = 0
    with Session.batch_write() as batch:
        for session in user_sessions(client_id, contact_id):
            if keep is None or session.sk != keep.sk:
                batch.delete(session)
                ended += 1
    return ended
