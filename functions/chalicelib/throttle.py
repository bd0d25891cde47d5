"""Fixed-window attempt counters in the table (sign-in failures, resets, sign-ups, votes).

A limit allows `max` hits per `window` seconds for one subject (an address, an IP, a
user). Counters are atomic ADDs on an item per window; the window index is part of the
key, so a new window starts from zero and an old one is never read again (TTL only
cleans up). Subjects are hashed so the table holds no addresses in plain text.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.attributes import NumberAttribute

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

    @property
    def _index(self) -> int:
        return now() // self.window

    @property
    def key(self) -> tuple[str, str]:
        digest = hashlib.sha256(self.subject.lower().encode()).hexdigest()[:32]
        return f"THROTTLE#{self.scope}#{digest}#{self._index}", "THROTTLE"

    @property
    def retry_after(self) -> int:
        return (self._index + 1) * self.window - now()


def per_ip(scope: str, ip: str, max: int, window: int) -> list[Limit]:
    """A per-IP limit, or none for an exempt IP (settings.throttle_exempt_ips)."""
    return [] if ip in settings.throttle_exempt_ips else [Limit(scope, ip, max, window)]


def raise_if_exceeded(limits: list[Limit], counters: dict[tuple[str, str], int]) -> None:
    """Answer 429 if any limit is used up, given counts already fetched by key."""
    exceeded = [lim for lim in limits if counters.get(lim.key, 0) >= lim.max]
    if exceeded:
        raise TooManyAttempts(retry_after=max(lim.retry_after for lim in exceeded))


def counts(items) -> dict[tuple[str, str], int]:
    return {(i.pk, i.sk): int(i.count) for i in items if isinstance(i, Counter)}


def check(*limits: Limit) -> None:
    """Fetch the counters (one BatchGetItem) and answer 429 if any is used up."""
    if not limits:
        return
    raise_if_exceeded(list(limits), counts(Item.batch_get([lim.key for lim in limits])))


def take(*limits: Limit) -> None:
    """Count an attempt that is limited whatever its outcome: 429 if used up, else hit."""
    check(*limits)
    hit(*limits)


def hit(*limits: Limit) -> None:
    """Count one attempt against each limit, atomically."""
    for lim in limits:
        pk, sk = lim.key
        Counter(pk, sk).update(actions=[Counter.count.add(1),
                                        Counter.expires_at.set(timedelta(seconds=2 * lim.window)),
                                        Counter.kind.set(Counter)])
