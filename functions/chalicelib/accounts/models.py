"""The accounts area's own items (keys: see chalicelib/db.py)."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from ..db import Item


class Token(Item, discriminator="token"):
    """An e-mailed single-use secret (reset, verify, invitation). pk = TOKEN#<sha256>."""

    @staticmethod
    def key(token_hash: str) -> tuple[str, str]:
        return f"TOKEN#{token_hash}", "TOKEN"

    purpose = UnicodeAttribute()
    client_id = UnicodeAttribute()
    contact_id = UnicodeAttribute(null=True)
    email = UnicodeAttribute()
    # Security answers tried on a reset link (reserved before each is judged).
    answer_failures = NumberAttribute(default=0)
    # Reset links: the sign-in's password_generation when the link was issued.
    password_generation = NumberAttribute(default=0)
