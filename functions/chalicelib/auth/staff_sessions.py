"""Staff sessions: their own cookie, shorter lives, ended at once when a member is disabled.

The cookie is `portico_staff=<staff_id>.<secret>`, `Path=/api/staff`, `SameSite=Strict`:
the browser sends it to the staff API only, and the customer loader (auth/sessions.py)
reads only `portico_session`, so a staff cookie never authenticates a customer route and
a customer cookie never a staff route. The table keeps the secret's hash. One BatchGetItem
reads the session and the member, so a disabled member, a changed role or a reset second
factor takes effect on the very next request. Lifetimes: settings.staff_session_lifetime
(8 h) and staff_session_idle (30 min).

`settings.staff_networks`, when set, lists the address ranges the staff console is used
from; a staff request from elsewhere is refused (403) before any session is read. The
deploy turns the same setting into a WAF rule in front of /staff/ and /api/staff/.
"""

import re
import secrets
from datetime import timedelta
from functools import cache

from pynamodb.exceptions import UpdateError

from .. import context
from ..config import settings
from ..db import Item, utcnow
from ..errors import Forbidden
from ..http import cookie_header, cookies
from .principal import Principal
from .secrets import hash_secret
from .staff import Staff, StaffSession

COOKIE = "portico_staff"
COOKIE_PATH = "/api/staff"
TOUCH_EVERY = timedelta(minutes=5)
_COOKIE_SHAPE = re.compile(r"^([0-9a-f]{21})\.([A-Za-z0-9_-]{43})$")


@cache
def _networks(ranges: tuple[str, ...]):
    import ipaddress  # only where the setting is used

    return tuple(ipaddress.ip_network(r, strict=False) for r in ranges)


def network_allowed(ip: str) -> bool:
    """Is this address one the staff console may be used from (any, when unset)?"""
    if not settings.staff_networks:
        return True
    import ipaddress

    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in _networks(settings.staff_networks))


def require_staff_network() -> None:
    if not network_allowed(context.current().ip):
        raise Forbidden()


def new_staff_session(staff: Staff, *, setup_only: bool) -> tuple[StaffSession, str]:
    """Build (not save) a session; return it and the cookie value."""
    secret = secrets.token_urlsafe(32)
    token_hash = hash_secret(secret)
    now = utcnow()
    request = context.current()
    session = StaffSession(*StaffSession.key(staff.staff_id, token_hash),
                           session_id=token_hash[:16], setup_only=setup_only, ip=request.ip,
                           user_agent=request.user_agent, created_at=now, last_seen_at=now,
                           expires_at=now + timedelta(seconds=settings.staff_session_lifetime))
    return session, f"{staff.staff_id}.{secret}"


def staff_cookie(value: str) -> str:
    return cookie_header(COOKIE, value, max_age=settings.staff_session_lifetime,
                         path=COOKIE_PATH, same_site="Strict")


def cleared_staff_cookie() -> str:
    return cookie_header(COOKIE, "", max_age=0, path=COOKIE_PATH, same_site="Strict")


def is_live(session: StaffSession, now) -> bool:
    return (session.expires_at > now
            and now - session.last_seen_at <= timedelta(seconds=settings.staff_session_idle))


def current_staff(request) -> Principal | None:
    """The member of staff signed in on this request, or None."""
    match = _COOKIE_SHAPE.match(cookies(request).get(COOKIE, ""))
    if not match:
        return None
    staff_id, secret = match.groups()
    keys = [StaffSession.key(staff_id, hash_secret(secret)), Staff.key(staff_id)]
    found = {item.sk: item for item in Item.batch_get(keys)}
    session, staff = found.get(keys[0][1]), found.get(keys[1][1])
    if not isinstance(session, StaffSession) or not isinstance(staff, Staff) or staff.disabled:
        return None
    now = utcnow()
    if not is_live(session, now):
        return None
    if now - session.last_seen_at > TOUCH_EVERY:
        try:
            session.update(actions=[StaffSession.last_seen_at.set(now)],
                           condition=StaffSession.sk.exists())
        except UpdateError:
            return None
    return Principal.staff_member(staff, session)


def staff_sessions(staff_id: str) -> list[StaffSession]:
    pk, _ = Staff.key(staff_id)
    return list(StaffSession.query(pk, StaffSession.sk.startswith(StaffSession.PREFIX)))


def end_staff_sessions(staff_id: str, *, keep: StaffSession | None = None) -> int:
    """End every session of a member, except `keep`; return how many ended."""
    ended = 0
    with StaffSession.batch_write() as batch:
        for session in staff_sessions(staff_id):
            if keep is None or session.sk != keep.sk:
                batch.delete(session)
                ended += 1
    return ended
