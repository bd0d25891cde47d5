"""Finding a client without a Scan: small companion items in the index gsi1, written in
the same transactions as the profile they describe.

The accounts area calls `write(tx, client_id, before, after)` whenever it creates a client
or changes a looked-up field (e-mail, name, company, tax id); the staff console calls
`search(q, ...)`. The companions live in the client's partition and carry a copy of what
a search result shows (name, e-mail, company, tax id), so a search is one Query:

    pk            sk                     gsi1pk          gsi1sk
    CLIENT#<cid>  LOOKUP#EMAIL           LOOKUP#EMAIL    <folded e-mail>#<cid>
    CLIENT#<cid>  LOOKUP#NIF             LOOKUP#NIF      <normalised tax id>#<cid>
    CLIENT#<cid>  LOOKUP#NAME#<term>     LOOKUP#NAME     <term>#<cid>

A name has one term per word it can be looked up from: "Lucía Fernández Ruiz" is found
from "lucia fernandez ruiz", "fernandez ruiz" and "ruiz", the company "Taller Creativo
Ruiz S.L." the same way, and any prefix of a term matches ("fern", "taller crea").
Folding makes the search case- and accent-insensitive ("FERNANDEZ" finds "Fernández");
a tax id is compared without spaces, dashes, dots or a leading "ES".

The client's own item carries the index pair CLIENT#CREATED / <created at>#<cid>: the
clients in the order they signed up (the staff home's new clients).

Clients created before the index existed are indexed once by the operator's command
`make lookup-backfill` (infra/lookup_backfill.py, with `companions()`), which reads the
table with a Scan: an operator's script, never a request path.
"""

import re
import unicodedata

from pynamodb.attributes import UnicodeAttribute

from ..db import Item, client_pk, gsi1_page, iso
from ..email_addresses import canonical
from ..errors import field_error
from .models import Client

# The profile fields a lookup reads: a change to any of them rewrites the companions.
FIELDS = ("email", "first_name", "last_name", "company", "tax_id")
MAX_NAME_TERMS = 16
_CLIENT_ID = re.compile(r"^[0-9a-f]{21}$")


def email_pk() -> str:
    return "LOOKUP#EMAIL"


def nif_pk() -> str:
    return "LOOKUP#NIF"


def name_pk() -> str:
    return "LOOKUP#NAME"


def created_pk() -> str:
    return "CLIENT#CREATED"


class ClientLookup(Item, discriminator="client_lookup"):
    """One way to find a client (sk says which); never read by a customer's route."""

    PREFIX = "LOOKUP#"

    @staticmethod
    def key(client_id: str, term_key: str) -> tuple[str, str]:
        return client_pk(client_id), f"LOOKUP#{term_key}"

    @staticmethod
    def name_term_key(term: str) -> str:
        return f"NAME#{term}"

    client_id = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    email = UnicodeAttribute(default="")
    company = UnicodeAttribute(default="")
    tax_id = UnicodeAttribute(default="")


# Normal forms (the same for what is stored and what is asked)

def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                               if not unicodedata.combining(c)))


def fold(text: str) -> str:
    """Words as a search compares them: no case, no accents, letters and digits only,
    single spaces ("  Fernández-Ruiz, S.L." → "fernandez ruiz s l")."""
    plain = _strip_accents(text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def fold_email(text: str) -> str:
    """An address (or its beginning) as a search compares it."""
    return _strip_accents(canonical(text)).casefold()


def normal_tax_id(text: str) -> str:
    """A tax id without spaces, dashes, dots, slashes or a leading "ES" (a Spanish NIF
    never begins with E followed by S, so the prefix is never part of one)."""
    compact = re.sub(r"[\s.\-/]", "", _strip_accents(text)).upper()
    return compact[2:] if compact.startswith("ES") else compact


def name_terms(first_name: str, last_name: str, company: str) -> list[str]:
    """The terms a client's name and company are found from: each phrase from each of its
    words on (words of one letter, the "S" and "L" of "S.L.", start no term)."""
    terms: list[str] = []
    for phrase in (f"{first_name} {last_name}", company):
        words = fold(phrase).split()
        for start, word in enumerate(words):
            term = " ".join(words[start:])[:200]
            if len(word) > 1 and term not in terms:
                terms.append(term)
    return terms[:MAX_NAME_TERMS]


# Writing

def _items(client_id: str, values: dict) -> list[ClientLookup]:
    shown = {"name": f"{values.get('first_name', '')} {values.get('last_name', '')}".strip(),
             "email": values.get("email", ""), "company": values.get("company") or "",
             "tax_id": values.get("tax_id") or ""}
    pairs = []
    if shown["email"]:
        pairs.append(("EMAIL", email_pk(), fold_email(shown["email"])))
    if normal_tax_id(shown["tax_id"]):
        pairs.append(("NIF", nif_pk(), normal_tax_id(shown["tax_id"])))
    for term in name_terms(values.get("first_name", ""), values.get("last_name", ""),
                           shown["company"]):
        pairs.append((ClientLookup.name_term_key(term), name_pk(), term))
    items = []
    for term_key, gsi1pk, sort in pairs:
        item = ClientLookup(*ClientLookup.key(client_id, term_key), client_id=client_id, **shown)
        item.gsi1pk, item.gsi1sk = gsi1pk, f"{sort}#{client_id}"
        items.append(item)
    return items


def values_of(client: Client) -> dict:
    return {name: getattr(client, name) for name in FIELDS}


def changed(before: dict, after: dict) -> bool:
    return any(before.get(name) != after.get(name) for name in FIELDS)


def write(tx, client_id: str, before: dict | None, after: dict) -> None:
    """Add to a transaction what makes the client findable as `after` says (and no
    longer as `before` said): puts of the current companions, deletes of the old ones."""
    new = _items(client_id, after)
    kept = {item.sk for item in new}
    for old in _items(client_id, before) if before else []:
        if old.sk not in kept:
            tx.delete(old)
    for item in new:
        tx.save(item)


def index_new_client(client: Client) -> None:
    """Give a new client's own item its place among the clients by sign-up date."""
    client.gsi1pk = created_pk()
    client.gsi1sk = f"{iso(client.created_at)}#{client.client_id}"


def companions(client: Client) -> list[ClientLookup]:
    """The lookup items a client's profile calls for (to write outside a transaction:
    the operator's backfill, infra/lookup_backfill.py)."""
    return _items(client.client_id, values_of(client))


def needs_created_index(client: Client) -> bool:
    return client.gsi1pk != created_pk()


# Searching

def _present(item: ClientLookup | Client, matched: str) -> dict:
    if isinstance(item, Client):
        name, email = f"{item.first_name} {item.last_name}", item.email
    else:
        name, email = item.name, item.email
    return {"id": item.client_id, "name": name, "email": email, "company": item.company,
            "tax_id": item.tax_id, "matched": matched}


_INDEXES = {"e": ("email", email_pk), "t": ("tax_id", nif_pk), "n": ("name", name_pk)}


def _page(kind: str, term: str, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    matched, pk = _INDEXES[kind]
    items, nxt = gsi1_page(ClientLookup, pk(), term, limit=limit, cursor=cursor)
    found, seen = [], set()
    for item in items:
        if item.client_id not in seen:  # a name may match two terms of one client
            seen.add(item.client_id)
            found.append(_present(item, matched))
    return found, (f"{kind}.{nxt}" if nxt else None)


def search(q: str, *, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    """Clients whose e-mail, name, company or tax id begins as `q` does, or whose id it
    is; one page of them and the next cursor. An address (with "@") is looked up by
    e-mail; text with a digit as a tax id, then as a name if no tax id begins so; other
    text as a name."""
    q = q.strip()
    if _CLIENT_ID.match(q.lower()):
        try:
            return [_present(Client.get(*Client.key(q.lower())), "id")], None
        except Client.DoesNotExist:
            pass
    if cursor:
        kind, _, inner = cursor.partition(".")
        if kind not in _INDEXES or not inner:
            raise field_error("cursor", "cursor")
        return _page(kind, _term(kind, q), limit, inner)
    if "@" in q:
        return _page("e", _term("e", q), limit, None)
    tax_id = _term("t", q)
    if any(c.isdigit() for c in tax_id) and len(tax_id) >= 3:
        found = _page("t", tax_id, limit, None)
        if found[0]:
            return found
    term = _term("n", q)
    return _page("n", term, limit, None) if term else ([], None)


def _term(kind: str, q: str) -> str:
    return {"e": fold_email, "t": normal_tax_id, "n": fold}[kind](q)
