"""One-time links to choose a staff password: 256-bit secrets, stored hashed, expiring
(settings.staff_link_ttl), used once, and useless once the member's password changed."""

import secrets
from datetime import timedelta

from pynamodb.exceptions import DeleteError

from ..auth.secrets import hash_secret
from ..auth.staff import Staff
from ..config import settings
from ..db import utcnow
from ..errors import InvalidToken
from .models import StaffToken


def url(language: str, secret: str) -> str:
    prefix = "" if language == "es" else "/en"
    return f"{settings.site_url}{prefix}/staff/set-password/?token={secret}"


def new_link(staff: Staff) -> tuple[StaffToken, str]:
    """Build (not save) a link's token for this member; return it and the secret."""
    secret = secrets.token_urlsafe(32)
    token = StaffToken(*StaffToken.key(hash_secret(secret)), staff_id=staff.staff_id,
                       password_generation=staff.password_generation,
                       expires_at=utcnow() + timedelta(seconds=settings.staff_link_ttl))
    return token, secret


def find(secret: str) -> StaffToken:
    """The live token of a secret, or 400 invalid_token."""
    if not isinstance(secret, str) or not 20 <= len(secret) <= 100:
        raise InvalidToken()
    try:
        token = StaffToken.get(*StaffToken.key(hash_secret(secret)), consistent_read=True)
    except (StaffToken.DoesNotExist, ValueError):
        raise InvalidToken() from None
    if token.expires_at <= utcnow():
        raise InvalidToken()
    return token


def consume(token: StaffToken) -> None:
    try:
        token.delete(condition=StaffToken.pk.exists())
    except DeleteError as exc:
        raise InvalidToken() from exc
