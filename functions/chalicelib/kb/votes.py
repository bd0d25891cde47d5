""""¿Fue útil la respuesta?": one vote per visitor and article, counted atomically.

A first vote creates the visitor's Vote item (only if it does not exist) and ADDs one
to a counter, in one transaction; changing a vote flips the Vote item (only if it still
holds the old answer) and moves one from one counter to the other, in one transaction.
Repeating the same vote changes nothing. Two concurrent requests of one visitor can
therefore never count twice: the loser's condition fails and it is retried against
the new state.
"""

import secrets

from pynamodb.exceptions import TransactWriteError

from .. import content as manifest
from ..db import Item, condition_failed, transaction, utcnow
from ..errors import Conflict, NotFound
from .models import Vote, VoteCounts

VISITOR_COOKIE = "portico_visitor"
VISITOR_MAX_AGE = 365 * 24 * 3600
ATTEMPTS = 3


def new_visitor() -> str:
    return secrets.token_urlsafe(24)


def valid_visitor(value: str | None) -> bool:
    return bool(value) and 20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()


def article_key(slug: str) -> str:
    """The published article's vote key, or 404."""
    key = manifest.article_key(slug)
    if key is None:
        raise NotFound()
    return key


def tally(key: str, visitor: str | None) -> dict:
    """Return the counts and this visitor's vote (True, False or None): one BatchGetItem."""
    keys = [VoteCounts.key(key)] + ([Vote.key(key, visitor)] if visitor else [])
    found = {i.sk: i for i in Item.batch_get(keys, consistent_read=True)}
    counts = found.get(keys[0][1])
    mine = found.get(keys[1][1]) if visitor else None
    return {
        "helpful": int(counts.helpful) if isinstance(counts, VoteCounts) else 0,
        "not_helpful": int(counts.not_helpful) if isinstance(counts, VoteCounts) else 0,
        "my_vote": mine.helpful if isinstance(mine, Vote) else None,
    }


def cast(key: str, visitor: str, helpful: bool) -> dict:
    """Record this visitor's vote (or change it) and return the new tally."""
    for _ in range(ATTEMPTS):
        previous = tally(key, visitor)["my_vote"]
        if previous is helpful:
            return tally(key, visitor)
        try:
            _write(key, visitor, helpful, previous)
        except TransactWriteError as exc:
            if condition_failed(exc):
                continue  # another request of this visitor won: look again
            raise
        return tally(key, visitor)
    raise Conflict()


def _write(article: str, visitor: str, helpful: bool, previous: bool | None) -> None:
    counts = VoteCounts(*VoteCounts.key(article))
    gained = VoteCounts.helpful if helpful else VoteCounts.not_helpful
    lost = VoteCounts.not_helpful if helpful else VoteCounts.helpful
    with transaction() as t:
        if previous is None:
            t.save(Vote(*Vote.key(article, visitor), helpful=helpful, voted_at=utcnow()), condition=Vote.sk.does_not_exist())
            t.update(counts, actions=[gained.add(1), VoteCounts.kind.set(VoteCounts)])
        else:
            vote = Vote(*Vote.key(article, visitor))
            t.update(vote, actions=[Vote.helpful.set(helpful), Vote.voted_at.set(utcnow())],
                     condition=Vote.helpful == previous)
            t.update(counts, actions=[gained.add(1), lost.add(-1), VoteCounts.kind.set(VoteCounts)])
