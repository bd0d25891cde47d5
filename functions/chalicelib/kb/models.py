"""Votes on knowledge-base articles (keys: see chalicelib/db.py).

pk = KB#<article key>: the key the build gives both language versions of an article,
so the Spanish and English pages show one count and one visitor votes once.
"""

import hashlib

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UTCDateTimeAttribute

from ..db import Item


def kb_pk(article: str) -> str:
    return f"KB#{article}"


class VoteCounts(Item, discriminator="kb_votes"):
    """The counters of one article. sk = VOTES; changed only by atomic ADDs."""

    @staticmethod
    def key(article: str) -> tuple[str, str]:
        return kb_pk(article), "VOTES"

    helpful = NumberAttribute(default=0)
    not_helpful = NumberAttribute(default=0)


class Vote(Item, discriminator="kb_vote"):
    """One visitor's vote on one article. sk = VOTE#<hash of the visitor cookie>."""

    @staticmethod
    def key(article: str, visitor: str) -> tuple[str, str]:
        # The table keeps a hash: the cookie value alone never identifies a stored vote.
        return kb_pk(article), "VOTE#" + hashlib.sha256(visitor.encode()).hexdigest()[:40]

    helpful = BooleanAttribute()
    voted_at = UTCDateTimeAttribute()
