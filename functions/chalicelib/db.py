"""The one DynamoDB table and its key design.

Portico keeps everything in a single table (`settings.table_name`) with generic keys
`pk` / `sk` and a `kind` discriminator (PynamoDB polymorphism), so that "everything this
page needs" is one GetItem, BatchGetItem or Query. Each area subclasses `Item` in its own
models.py; the keys it uses are listed here, in one place:

    pk                          sk                      kind         owner
    CLIENT#<client_id>          PROFILE                 client       auth (the account owner's profile)
    CLIENT#<client_id>          SESSION#<token_hash>    session      auth
    CLIENT#<client_id>          CONTACT#<contact_id>    contact      auth
    CLIENT#<client_id>          SUMMARY                 summary      summary (the dashboard's counts)
    CLIENT#<client_id>          EMAIL#<email_id>        sent_email   mail
    CLIENT#<client_id>          ACTIVITY#<event_id>     activity     activity
    CLIENT#<client_id>          LOOKUP#<term>           client_lookup  auth (lookup.py: how staff find a client)
    CLIENT#<client_id>          NOTE#<note_id>          staff_note   staff (staff notes on a client, never shown to it)
    CLIENT#<client_id>          AUDIT#<audit_id>        audit        audit (a copy of each record about the client)
    LOGIN#<address>             LOGIN                   login        auth (one per canonical address, see email_addresses.py)
    TOKEN#<token_hash>          TOKEN                   token        accounts (e-mailed links)
    SUPPRESSED#<address>        SUPPRESSED              suppressed   mail (bounced or complained)
    THROTTLE#<scope>#<key>#<w>  THROTTLE                throttle     throttle
    KB#<article key>            VOTES                   kb_votes     kb (es and en share one key)
    KB#<article key>            VOTE#<visitor hash>     kb_vote      kb
    COUNTER#<series>            COUNTER                 counter      counters (gapless numbers)
    CATALOG                     VERSION#<8 digits>      catalog      billing (one per published catalogue)
    JOB#<job_id>                JOB                     job          jobs (a background job, its own outbox entry)
    TASK#<task name>            LAST                    task_mark    jobs (the last date a daily task finished)
    TASK#<task name>            DAY#<YYYY-MM-DD>        task_day     jobs (one date of a daily task)
    AUDIT                       AUDIT#<audit_id>        audit        audit (the staff audit trail, append-only)
    STAFF#<staff_id>            PROFILE                 staff        auth (a member of staff and its sign-in's secrets)
    STAFF#<staff_id>            SESSION#<token_hash>    staff_session  auth (staff_sessions.py)
    STAFFLOGIN#<address>        STAFFLOGIN              staff_login  auth (one per canonical staff address)
    STAFFTOKEN#<token_hash>     TOKEN                   staff_token  staff (links to choose a staff password)

Columns are separated by two spaces or more (tests/unit/test_keys.py reads this table).
Each model builds its own keys (`Contact.key(client_id, contact_id)`).

One generic global secondary index, `gsi1` (keys `gsi1pk` / `gsi1sk`, every attribute
projected), answers the questions a partition cannot: "across all clients, ordered by".
It is sparse: an item is in it only while it has `gsi1pk`, so an area removes the
attribute (saves None) when the item should leave the list (an invoice paid, a service
cancelled). An item has one gsi1 pair; a second lookup of the same item is a small
companion item that carries its own pair. The planned shapes (date = YYYY-MM-DD, so that
text order is date order):

    gsi1pk                      gsi1sk                      on the item         used by
    DUE#UNPAID                  <due date>#<doc id>         unpaid document     billing (coming)
    SERVICE#DUE                 <next due date>#<svc id>    active service      services (coming)
    DOMAIN#EXPIRY               <expiry date>#<domain id>   domain              domains (coming)
    LOOKUP#EMAIL                <folded e-mail>#<cid>       CLIENT#<cid> LOOKUP#EMAIL       staff: find a client
    LOOKUP#NAME                 <name term>#<cid>           CLIENT#<cid> LOOKUP#NAME#<term> staff: find a client
    LOOKUP#NIF                  <normalised tax id>#<cid>   CLIENT#<cid> LOOKUP#NIF         staff: find a client
    CLIENT#CREATED              <created at>#<cid>          client profile      staff home: new clients
    STAFF#MEMBERS               <canonical e-mail>#<sid>    STAFF#<sid> PROFILE staff: the list of staff
    AUDIT#STAFF#<staff id>      <audit id>                  AUDIT AUDIT#<id>    staff: a member's trail
    JOBS#OPEN                   <due time>#<job id>         job not done yet    jobs (the sweeper)
    JOBS#DEAD                   <failed at>#<job id>        job that gave up    jobs (failures, for staff)

The index is read eventually consistent: it finds items, it never decides a write (a
conditional write reads the item itself by its key). No code path scans the table.

Ids are time-ordered (see new_id), so a Query in reverse gives "newest first".
Every client-scoped read builds its pk from the session's client id, never from input.
TTL (`expires_at`) only cleans up: code that reads an expiring item checks it itself.
"""

import base64
import binascii
import json
import secrets
import time
from datetime import datetime, timezone
from functools import cache

from pynamodb.attributes import DiscriminatorAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from .config import settings
from .errors import field_error


class Gsi1(GlobalSecondaryIndex):
    """The generic secondary index (shapes in the table above)."""

    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Item(Model):
    class Meta:
        table_name = settings.table_name
        region = settings.region
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()
    expires_at = TTLAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    by_gsi1 = Gsi1()


@cache
def _connection() -> Connection:
    return Connection(region=settings.region)


class Transaction(TransactWrite):
    """A TransactWriteItems that can also run code once it has committed (jobs.enqueue
    sends its job to the queue then, never before: a job of a cancelled change is never
    sent)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._after_commit: list = []

    def after_commit(self, callback) -> None:
        self._after_commit.append(callback)

    def __exit__(self, exc_type, exc_val, exc_tb):
        result = super().__exit__(exc_type, exc_val, exc_tb)
        if exc_type is None:
            for callback in self._after_commit:
                callback()
        return result


def transaction() -> Transaction:
    """A TransactWriteItems: every write in it happens, or none does."""
    return Transaction(connection=_connection())


def condition_failed(exc: TransactWriteError) -> bool:
    """Did a transaction fail because one of its conditions did not hold?"""
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)


def new_id() -> str:
    """Return a new id that sorts by creation time: 11 hex digits of ms, 10 random."""
    return f"{int(time.time() * 1000):011x}{secrets.token_hex(5)}"


def client_pk(client_id: str) -> str:
    return f"CLIENT#{client_id}"


def now() -> int:
    return int(time.time())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(value: datetime) -> str:
    """Format a time as docs/api.md wants it: 2026-11-26T18:40:00Z."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# Paging: a cursor is the key of the last item of a page, opaque to the client: (pk, sk)
# in a partition, (gsi1pk, gsi1sk, pk, sk) in the index.

def _pack(values: list[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _unpack(cursor: str, size: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise field_error("cursor", "cursor") from exc
    if not (isinstance(values, list) and len(values) == size
            and all(isinstance(v, str) for v in values)):
        raise field_error("cursor", "cursor")
    return values


def encode_cursor(item: Item) -> str:
    return _pack([item.pk, item.sk])


def decode_cursor(cursor: str, *, pk: str, sk_prefix: str) -> dict:
    """Turn a client's cursor back into a start key, refusing one from another listing."""
    cpk, csk = _unpack(cursor, 2)
    if cpk != pk or not csk.startswith(sk_prefix):
        raise field_error("cursor", "cursor")
    return {"pk": {"S": cpk}, "sk": {"S": csk}}


def parse_limit(raw: str | None, default: int = 20) -> int:
    if raw is None:
        return default
    # isdigit() alone takes "²" or "١" for digits (and int() takes "١"): ASCII digits only.
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 100:
        raise field_error("limit", "limit")
    return int(raw)


FILTERED_PAGE_SIZE = 100


def page_for(query: dict, model: type[Item], pk: str, sk_prefix: str,
             filter_condition=None) -> tuple[list, str | None]:
    """One page of a listing as the query string asks for it (`?limit=`, `?cursor=`)."""
    return page(model, pk, sk_prefix, limit=parse_limit(query.get("limit")),
                cursor=query.get("cursor"), filter_condition=filter_condition)


def page(model: type[Item], pk: str, sk_prefix: str, *, limit: int, cursor: str | None,
         newest_first: bool = True, filter_condition=None) -> tuple[list, str | None]:
    """Return one page of a partition's items under sk_prefix, and the next cursor or None.

    With a filter, DynamoDB drops items after reading them, so PynamoDB's `limit` keeps
    querying until the page is full (or the partition ends): never a short page.
    """
    start = decode_cursor(cursor, pk=pk, sk_prefix=sk_prefix) if cursor else None
    # Ask for one more than the page so `next` is null exactly when nothing follows. A
    # filter may drop most of what is read: read in large pages then, not limit+1 at a time.
    page_size = limit + 1 if filter_condition is None else max(limit + 1, FILTERED_PAGE_SIZE)
    results = list(model.query(pk, model.sk.startswith(sk_prefix),
                               scan_index_forward=not newest_first, limit=limit + 1,
                               page_size=page_size, last_evaluated_key=start,
                               filter_condition=filter_condition))
    items = results[:limit]
    return items, (encode_cursor(items[-1]) if len(results) > limit else None)


def gsi1_page(model: type[Item], gsi1pk: str, sk_prefix: str = "", *, limit: int,
              cursor: str | None, ascending: bool = True,
              filter_condition=None) -> tuple[list, str | None]:
    """One page of the index's gsi1pk under sk_prefix (oldest date first), as page() does
    for a partition. Through a subclass, only that kind's items come back."""
    start = None
    if cursor:
        gpk, gsk, cpk, csk = _unpack(cursor, 4)
        if gpk != gsi1pk or not gsk.startswith(sk_prefix):
            raise field_error("cursor", "cursor")
        start = {"gsi1pk": {"S": gpk}, "gsi1sk": {"S": gsk}, "pk": {"S": cpk}, "sk": {"S": csk}}
    page_size = limit + 1 if filter_condition is None else max(limit + 1, FILTERED_PAGE_SIZE)
    condition = model.gsi1sk.startswith(sk_prefix) if sk_prefix else None
    results = list(model.by_gsi1.query(gsi1pk, condition, scan_index_forward=ascending,
                                       limit=limit + 1, page_size=page_size,
                                       last_evaluated_key=start,
                                       filter_condition=filter_condition))
    items = results[:limit]
    more = len(results) > limit
    return items, (_pack([items[-1].gsi1pk, items[-1].gsi1sk, items[-1].pk, items[-1].sk])
                   if more else None)
