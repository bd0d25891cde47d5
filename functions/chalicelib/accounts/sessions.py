"""Sessions: an opaque cookie, stored hashed, ended by logout, expiry or idleness.

The cookie is `<client_id>.<contact_id or ->.<secret>`; the table keeps only the
secret's hash. Knowing whose session it claims to be lets one BatchGetItem fetch the
session, the account profile and (for a contact) the contact with its live permissions,
so revoking a contact or changing its rights takes effect on its very next request.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.exceptions import UpdateError

from ..config import settings
from ..db import Item, client_pk, utcnow
from ..errors import Forbidden, Unauthenticated
from ..http import client_ip, cookie_header, cookies, user_agent
from ..i18n import current_language
from .models import PERMISSIONS, Client, Contact, Session
from .passwords import hash_secret

COOKIE = "portico_session"
# Seen-at is refreshed at most this often, so most requests cost no write.
TOUCH_EVERY = timedelta(minutes=5)
_COOKIE_SHAPE = re.compile(r"^([0-9a-f]{21})\.([0-9a-f]{21}|-)\.([A-Za-z0-9_-]{43})$")


@dataclass
class Auth:
    """Who is making this request: an account owner, or one of its login contacts."""

    client: Client
    session: Session
    contact: Contact | None

    @property
    def client_id(self) -> str:
        return self.client.client_id

    @property
    def contact_id(self) -> str | None:
        return self.contact.contact_id if self.contact else None

    @property
    def person(self) -> Client | Contact:
        """The person signed in: the owner's profile, or the contact."""
        return self.contact or self.client

    @property
    def email(self) -> str:
        return self.person.email

    @property
    def actor(self) -> str:
        """How the activity log names this user: "owner" or the contact's address."""
        return self.contact.email if self.contact else "owner"

    @property
    def permissions(self) -> tuple[str, ...]:
        return tuple(self.contact.permissions) if self.contact else PERMISSIONS

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise Forbidden()


def device_name(agent: str) -> str:
    """A person-readable device from a user agent: "Firefox on Windows"."""
    browsers = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"))
    systems = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Windows", "Windows"),
               ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))
    browser = next((name for mark, name in browsers if mark in agent), "")
    system = next((name for mark, name in systems if mark in agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or (agent[:40] if agent else "?")


def device_fingerprint(device: str) -> str:
    """What "a device seen before" compares: browser and system, not the IP."""
    return hash_secret(device)[:16]


def new_session(client_id: str, contact_id: str | None, request) -> tuple[Session, str]:
    """Build (not save) a session for this request; return it and the cookie value."""
    secret = secrets.token_urlsafe(32)
    token_hash = hash_secret(secret)
    now = utcnow()
    agent = user_agent(request)
    session = Session(client_pk(client_id), f"SESSION#{token_hash}", session_id=token_hash[:16],
                      contact_id=contact_id, ip=client_ip(request), user_agent=agent,
                      device=device_name(agent), created_at=now, last_seen_at=now,
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


def current_auth(request) -> Auth | None:
    """Return who is signed in on this request, or None."""
    match = _COOKIE_SHAPE.match(cookies(request).get(COOKIE, ""))
    if not match:
        return None
    client_id, contact_id, secret = match.groups()
    contact_id = None if contact_id == "-" else contact_id
    pk = client_pk(client_id)
    keys = [(pk, f"SESSION#{hash_secret(secret)}"), (pk, "PROFILE")]
    if contact_id:
        keys.append((pk, f"CONTACT#{contact_id}"))
    found = {item.sk: item for item in Item.batch_get(keys)}
    session = found.get(keys[0][1])
    client = found.get("PROFILE")
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
    current_language.set(client.language)
    return Auth(client=client, session=session, contact=contact)


def require_auth(request, permission: str | None = None) -> Auth:
    """The signed-in user, or 401; with a permission, 403 for a contact that lacks it."""
    auth = current_auth(request)
    if auth is None:
        raise Unauthenticated()
    if permission:
        auth.require(permission)
    return auth


def user_sessions(client_id: str, contact_id: str | None) -> list[Session]:
    """Every live session of one user (the owner, or one contact) of an account."""
    items = Session.query(client_pk(client_id), Session.sk.startswith("SESSION#"))
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
