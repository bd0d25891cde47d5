"""Gapless numbers: the next number of a series is taken in its document's own transaction.

Invoice numbers must run 1, 2, 3... within a series (e.g. "F2026") with no gap and no
number twice. So a number is never reserved ahead of its document; both are written in
one TransactWriteItems:

  1. read the series' counter item (strongly consistent): value n, or none yet (n = 0);
  2. the caller adds the writes of document number n + 1 to the transaction;
  3. the transaction also sets the counter to n + 1, on condition that it still holds n
     (or, for the first number, that it does not exist).

Either all of it commits or none of it: a number is consumed only by a document that was
written (no gaps), and of two writers that read the same n, the second one's counter
condition fails, cancelling its whole transaction (no duplicates). That writer then reads
again and builds its document with the next number, after a short random pause
(optimistic.retry): normal contention never reaches the client. If the transaction fails
for one of the caller's own conditions instead, nothing is retried and nothing is used:
the error goes back to the caller as it is.

    def write(number, tx):
        invoice = Invoice(pk, sk, number=number, ...)
        tx.save(invoice, condition=Invoice.sk.does_not_exist())
        return invoice

    invoice = issue_numbered("F2026", write)
"""

from collections.abc import Callable
from typing import TypeVar

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from .db import Item, transaction
from .optimistic import ATTEMPTS, retry, transaction_conflict

T = TypeVar("T")

SORT_KEY = "COUNTER"


class SeriesCounter(Item, discriminator="counter"):
    """The last number used in a series. pk = COUNTER#<series>, sk = COUNTER."""

    value = NumberAttribute()

    @staticmethod
    def key(series: str) -> tuple[str, str]:
        return counter_pk(series), SORT_KEY


def counter_pk(series: str) -> str:
    if not series or not series.isprintable():
        raise ValueError(f"not a series name: {series!r}")
    return f"COUNTER#{series}"


def _read(pk: str) -> SeriesCounter | None:
    try:
        return SeriesCounter.get(pk, SORT_KEY, consistent_read=True)
    except SeriesCounter.DoesNotExist:
        return None


def last_number(series: str) -> int:
    """The last number issued in a series (0 if none yet)."""
    counter = _read(counter_pk(series))
    return counter.value if counter else 0


def issue_numbered(series: str, write: Callable[[int, TransactWrite], T], *,
                   attempts: int = ATTEMPTS) -> T:
    """Write a document under the next number of `series`, in one transaction with the
    counter (module docstring). `write(number, tx)` adds the document's writes to `tx`
    and returns what the caller wants back; it may be called again with another number,
    so it must build everything from `number` and change nothing outside `tx`."""
    pk = counter_pk(series)

    def attempt() -> T:
        counter = _read(pk)
        last = counter.value if counter else 0
        condition = (SeriesCounter.pk.does_not_exist() if counter is None
                     else SeriesCounter.value == last)
        with transaction() as tx:  # commits at the end of the block, unless write() raised
            result = write(last + 1, tx)
            # ALL_OLD: a failed counter condition comes back with the counter item: that is
            # how a conflict on the number is told apart from a document's own condition.
            tx.save(SeriesCounter(pk, SORT_KEY, value=last + 1), condition=condition,
                    return_values="ALL_OLD")
        return result

    return retry(attempt, lambda exc: _number_taken(exc, pk), attempts=attempts)


def _number_taken(exc: Exception, pk: str) -> bool:
    if not isinstance(exc, TransactWriteError):
        return False
    if transaction_conflict(exc):
        return True
    return any(r is not None and r.code == "ConditionalCheckFailed" and r.raw_item
               and r.raw_item.get("pk", {}).get("S") == pk
               for r in exc.cancellation_reasons)
