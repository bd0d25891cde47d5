"""Votes on knowledge-base articles (keys: see chalicelib/db.py).

pk = KB#<article key>: the key the build gives both language versions of an article,
so the Spanish and English pages show one count and one visitor votes once.
"""

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UTCDateTimeAttribute

from ..db import Item


def kb_pk(key: str) -> str:
    return f"KB#{key}"


class VoteCounts(Item, discriminator="kb_votes"):
    """The counters of one article. sk = VOTES; changed only by atomic ADDs."""

    helpful = NumberAttribute(default=0)
    not_helpful = NumberAttribute(default=0)


class Vote(Item, discriminator="kb_vote"):
    """One visitor's vote on one article. sk = VOTE#<hash of the visitor cookie>."""

    helpful = BooleanAttribute()
    voted_at = UTCDateTimeAttribute()
