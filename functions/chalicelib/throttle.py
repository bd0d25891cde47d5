"""Fixed-window attempt counters in the table (sign-in failures, resets, sign-ups, votes).

A limit allows `max` attempts per `window` seconds for one subject (an address, an IP, a
user). The window index is part of the key, so a new window starts from zero and an old
one is never read again (TTL only cleans up). Subjects are hashed so the table holds no
addresses in plain text.

Checking and counting are one conditional UpdateItem per limit (ADD 1 only while the
count is below `max`): a slot is reserved before the attempt is judged, so however many
requests arrive at once, at most `max` are judged. Where only failures count (sign-in,
two-factor codes, current passwords), a success gives its slot back. Plain UpdateItems,
not a transaction: concurrent transactions on one counter would be cancelled with
TransactionConflict, refusing people who did nothing wrong.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import UpdateError

from .config import settings
from .db import Item, now
from .errors import TooManyAttempts


class Counter(Item, discriminator="throttle"):
    count = NumberAttribute(default=0)


@dataclass(frozen=True)
class Limit:
    scope: str
    subject: str
    max: int
    window: int
    # Fixed when the limit is made, so a slot given back later in the same request goes
    # back to the window it was taken from, even if a new window started meanwhile.
    index: int = field(default=-1, compare=False)

    def __post_init__(self):
        if self.index < 0:
            object.__setattr__(self, "index", now() // self.window)

    @property
    def key(self) -> tuple[str, str]:
        digest = hashlib.sha256(self.subject.lower().encode()).hexdigest()[:32]
        return f"THROTTLE#{self.scope}#{digest}#{self.index}", "THROTTLE"

    @property
    def retry_after(self) -> int:
        return (self.index + 1) * self.window - now()


def per_ip(scope: str, ip: str, max: int, window: int) -> list[Limit]:
    """A per-IP limit, or none for an exempt IP (settings.throttle_exempt_ips)."""
    return [] if ip in settings.throttle_exempt_ips else [Limit(scope, ip, max, window)]


def reserve(*limits: Limit) -> list[Limit]:
    """Take one slot of every limit, or none: 429 with Retry-After if any is used up.

    Returns the limits taken, to give back with release() if the attempt succeeds.
    """
    taken: list[Limit] = []
    for lim in limits:
        pk, sk = lim.key
        try:
            Counter(pk, sk).update(
                actions=[Counter.count.add(1),
                         Counter.expires_at.set(timedelta(seconds=2 * lim.window)),
                         Counter.kind.set(Counter)],
                condition=Counter.count.does_not_exist() | (Counter.count < lim.max))
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            release(*taken)
            raise TooManyAttempts(retry_after=lim.retry_after) from exc
        taken.append(lim)
    return taken


def take(*limits: Limit) -> None:
    """Count an attempt that is limited whatever its outcome (sign-ups, resets, votes)."""
    reserve(*limits)


def release(*limits: Limit) -> None:
    """Give back slots taken by reserve(): the attempt succeeded and does not count."""
    for lim in limits:
        pk, sk = lim.key
        try:
            Counter(pk, sk).update(actions=[Counter.count.add(-1)], condition=Counter.pk.exists())
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise  # else the counter is gone (TTL), so nothing is held
