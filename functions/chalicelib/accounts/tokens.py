"""E-mailed single-use tokens: 256-bit secrets, stored hashed, expiring, used once."""

import secrets
from datetime import timedelta

from pynamodb.exceptions import DeleteError

from ..auth.secrets import hash_secret
from ..config import settings
from ..db import utcnow
from ..email_addresses import canonical
from ..errors import InvalidToken
from .models import Token

PURPOSES = ("reset", "verify", "invite")


def link(language: str, page: str, secret: str) -> str:
    """The address a person opens from the e-mail, in their language."""
    prefix = "" if language == "es" else "/en"
    return f"{settings.site_url}{prefix}/clientarea/{page}/?token={secret}"


def new_token(purpose: str, *, client_id: str, email: str, ttl: int,
              contact_id: str | None = None) -> tuple[Token, str]:
    """Build (not save) a token item; return it and the secret to e-mail."""
    secret = secrets.token_urlsafe(32)
    item = Token(*Token.key(hash_secret(secret)), purpose=purpose, client_id=client_id,
                 contact_id=contact_id, email=canonical(email),
                 expires_at=utcnow() + timedelta(seconds=ttl))
    return item, secret


def find_token(secret: str, purpose: str) -> Token:
    """The live token for a secret, or 400 invalid_token."""
    if not isinstance(secret, str) or not 20 <= len(secret) <= 100:
        raise InvalidToken()
    try:
        item = Token.get(*Token.key(hash_secret(secret)))
    except (Token.DoesNotExist, ValueError):
        raise InvalidToken() from None
    if item.purpose != purpose or item.expires_at <= utcnow():
        raise InvalidToken()
    return item


def consume(item: Token) -> None:
    """Use a token up; a second, concurrent use of the same token fails here."""
    try:
        item.delete(condition=Token.pk.exists())
    except DeleteError as exc:
        raise InvalidToken() from exc
