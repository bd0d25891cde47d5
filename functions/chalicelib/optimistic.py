"""Optimistic concurrency: read, decide, write on condition that nothing changed; else again.

Money and balances are never changed by a blind write. An item that holds an amount
declares `version = VersionAttribute()` (PynamoDB): every save() of it, alone or in a
transaction (tx.save / tx.update / tx.delete), then carries the condition "the version is
still the one I read" and raises the version by one. Two requests that read the same
version cannot both write: the second one's condition fails, and it starts again from a
fresh read (update_with_retry below), after a short random pause so that the writers
spread out instead of colliding again in step. Normal contention is never the client's
problem: no 409, no 500, unless the item stays contended through every attempt (then
`Contention`, a logged 500: something is wrong, not merely busy).

Never use `update(actions=...)` with add_version_condition=False on such an item, nor
decide a write from a read of the index (eventually consistent): read the item by its key.
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

from pynamodb.exceptions import PutError, TransactWriteError

T = TypeVar("T")
M = TypeVar("M")  # a model with a VersionAttribute

ATTEMPTS = 10
BASE_PAUSE = 0.01   # seconds: the first pause is up to this long
MAX_PAUSE = 0.4     # ... and each later one up to twice the last, at most this


class Contention(Exception):
    """Every attempt met a conflict: not the client's fault, so an internal error (logged)."""


def pause(attempt: int) -> None:
    """Sleep a random time, up to a bound that doubles with each attempt ("full jitter")."""
    time.sleep(random.uniform(0, min(MAX_PAUSE, BASE_PAUSE * 2 ** attempt)))


def retry(operation: Callable[[], T], conflicted: Callable[[Exception], bool], *,
          attempts: int = ATTEMPTS) -> T:
    """Run `operation` until it succeeds; after a failure that `conflicted` recognises,
    pause and run it again (it must read afresh). Any other failure is raised at once."""
    for attempt in range(attempts):
        try:
            return operation()
        except Exception as exc:
            if not conflicted(exc):
                raise
            if attempt + 1 == attempts:
                raise Contention(f"still conflicting after {attempts} attempts") from exc
        pause(attempt)
    raise AssertionError("unreachable")


def version_conflict(exc: Exception) -> bool:
    """Did a save() fail because the item's version moved since it was read? (In a
    transaction, only the caller knows which condition is the version's: see counters.)"""
    return isinstance(exc, PutError) and \
        exc.cause_response_code == "ConditionalCheckFailedException"


def transaction_conflict(exc: TransactWriteError) -> bool:
    """Was a transaction cancelled because another one was writing the same item? DynamoDB
    says so (TransactionConflict) instead of waiting: contention, try again."""
    return any(r is not None and r.code == "TransactionConflict" for r in exc.cancellation_reasons)


def update_with_retry(load: Callable[[], M], change: Callable[[M], None], *,
                      attempts: int = ATTEMPTS) -> M:
    """Load a versioned item, change it in memory, save it; on a version conflict, do it
    all again from a fresh load. `load` must read consistently (consistent_read=True) or
    build a new item (version None: the save is then "create if absent"). `change` may
    raise (e.g. a 422 for an amount the balance does not cover): nothing is written.
    Returns the item as saved."""

    def attempt() -> M:
        item = load()
        if getattr(type(item), "_version_attribute_name", None) is None:
            raise TypeError(f"{type(item).__name__} has no VersionAttribute: its saves would "
                            "overwrite each other")
        change(item)
        item.save()  # PynamoDB: on condition that the version is the one loaded
        return item

    return retry(attempt, version_conflict, attempts=attempts)
