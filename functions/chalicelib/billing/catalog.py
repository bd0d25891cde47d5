"""The published catalogue: what may be ordered, and at what price.

Editors commit content/catalog/; the site build checks it and writes catalog.json;
publishing (infra/content_sync.py) calls `publish`, which stores it as a new
CatalogVersion when it changed. The API reads the newest version (one Query) and keeps
it in memory for a short while, as chalicelib/content.py does with the help site's
manifest: a new price reaches every Lambda within CACHE_SECONDS, with no deploy.

`price_of` and `domain_price` are what the cart and checkout call: they answer only from
the published catalogue, and refuse (a 422 naming the field) a product, cycle, option,
addon or TLD that is not in it, a retired or sold-out product, or a quantity out of range.
"""

import hashlib
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field

from ..db import utcnow
from ..errors import field_error
from ..money import Money
from .models import CatalogVersion, catalog_pk

log = logging.getLogger("portico")

CACHE_SECONDS = 60
# DynamoDB's limit is 400 KB an item; publishing refuses a catalogue near it, in time to
# think again (split the domains off, say), never at the limit itself.
MAX_BODY_BYTES = 350_000
CYCLES = ("monthly", "quarterly", "semiannually", "annually", "biennially", "triennially",
          "onetime", "free")
DOMAIN_ACTIONS = ("register", "transfer", "renew")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PublishError(Exception):
    """The catalogue could not be published (too large, or another publish won)."""


@dataclass(frozen=True)
class Catalog:
    """One published catalogue version, indexed for lookups."""

    version: int
    document: dict
    products: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    addons: dict = field(default_factory=dict)
    domains: dict = field(default_factory=dict)

    @classmethod
    def of(cls, version: int, document: dict) -> "Catalog":
        by_id = lambda items: {item["id"]: item for item in items}  # noqa: E731
        return cls(version, document, by_id(document.get("products", [])),
                   by_id(document.get("options", [])), by_id(document.get("addons", [])),
                   {d["tld"]: d for d in document.get("domains", [])})

    @property
    def currency(self) -> str:
        return self.document.get("currency", "EUR")

    def money(self, cents: int) -> Money:
        return Money(cents, self.currency)

    def listed(self, group: str) -> list[dict]:
        """The products a group shows: neither hidden nor retired."""
        return [p for p in self.document.get("products", [])
                if p["group"] == group and not (p["hidden"] or p["retired"])]


def in_cycle_order(prices: dict) -> list[str]:
    """The cycles of a price map in the API's order (stored JSON keeps keys sorted by name)."""
    return [cycle for cycle in CYCLES if cycle in prices]


EMPTY = Catalog.of(0, {"groups": [], "products": [], "options": [], "addons": [], "domains": []})

_lock = threading.Lock()
_cached: dict = {"at": float("-inf"), "catalog": EMPTY}


def current() -> Catalog:
    """The newest published catalogue (EMPTY, version 0, when none was ever published)."""
    with _lock:
        if time.monotonic() - _cached["at"] > CACHE_SECONDS:
            _cached["catalog"] = _load()
            _cached["at"] = time.monotonic()
        return _cached["catalog"]


def forget() -> None:
    """Drop the cached copy (a test, or the local stack right after publishing)."""
    with _lock:
        _cached["at"] = float("-inf")


def _load() -> Catalog:
    newest = next(iter(CatalogVersion.query(
        catalog_pk(), CatalogVersion.sk.startswith(CatalogVersion.PREFIX),
        scan_index_forward=False, limit=1)), None)
    if newest is None:
        log.warning("no catalogue published: nothing can be ordered")
        return EMPTY
    return Catalog.of(int(newest.version), json.loads(newest.body))


# -- publishing (called by infra/content_sync.py, with its own client and table name) --------

def canonical(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def publish(document: dict, dynamodb, table_name: str) -> dict:
    """Store `document` as the next version unless it equals the newest one.

    `dynamodb` is a low-level boto3 client: the publisher (a deploy, CI, the local stack)
    names its stage's table itself. Returns {"version": n, "changed": bool}.
    """
    body = canonical(document)
    if len(body.encode()) > MAX_BODY_BYTES:
        raise PublishError(f"the catalogue is {len(body.encode())} bytes; one version holds "
                           f"at most {MAX_BODY_BYTES}")
    digest = hashlib.sha256(body.encode()).hexdigest()
    found = dynamodb.query(
        TableName=table_name, ConsistentRead=True, ScanIndexForward=False, Limit=1,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": {"S": catalog_pk()}, ":prefix": {"S": CatalogVersion.PREFIX}},
        ProjectionExpression="#v, digest", ExpressionAttributeNames={"#v": "version"},
    )["Items"]
    newest = int(found[0]["version"]["N"]) if found else 0
    if found and found[0]["digest"]["S"] == digest:
        return {"version": newest, "changed": False}
    item = CatalogVersion(*CatalogVersion.key(newest + 1), version=newest + 1, digest=digest,
                          published_at=utcnow(), body=body)
    try:
        dynamodb.put_item(TableName=table_name, Item=item.serialize(),
                          ConditionExpression="attribute_not_exists(pk)")
    except dynamodb.exceptions.ConditionalCheckFailedException as exc:
        raise PublishError(f"another publish wrote catalogue version {newest + 1} meanwhile: "
                           "publish again") from exc
    return {"version": newest + 1, "changed": True}


# -- prices, for the cart and checkout ---------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One priced part of an order line: the product, an option, an addon or a domain."""

    kind: str  # "product", "option", "addon", "domain"
    id: str  # product, option or addon id; "register:es" for a domain
    name: dict  # {"es": ..., "en": ...}, to freeze on the order
    quantity: int
    price: Money  # per billing cycle (or the domain's years), quantity included
    setup_fee: Money


@dataclass(frozen=True)
class Quote:
    """What the published catalogue says one order line costs."""

    catalog_version: int
    cycle: str  # a billing cycle; "years" for a domain
    lines: tuple[Line, ...]
    domain: str | None = None

    @property
    def recurring(self) -> Money:
        return _sum(line.price for line in self.lines)

    @property
    def setup_fee(self) -> Money:
        return _sum(line.setup_fee for line in self.lines)

    @property
    def first_payment(self) -> Money:
        return self.recurring + self.setup_fee


def _sum(amounts) -> Money:
    amounts = list(amounts)
    return sum(amounts[1:], amounts[0])


def price_of(product_id: str, cycle: str, options: dict | None = None, addons=(), *,
             domain: str | None = None, field_prefix: str = "") -> Quote:
    """The price of `product_id` in `cycle` with these options ({id: quantity or choice
    id}) and addons (ids), for `domain` when the product is ordered for one.

    Raises a 422 naming the field (`product_id`, `cycle`, `options.<id>`, `addons`,
    `domain`, each after `field_prefix`, e.g. "items.0.") when the published catalogue
    does not offer it.
    """
    catalog = current()
    name = lambda f: field_prefix + f  # noqa: E731
    product = catalog.products.get(product_id) if isinstance(product_id, str) else None
    if product is None or product["retired"]:
        raise field_error(name("product_id"), "catalog_product")
    if product["stock"] == 0:
        raise field_error(name("product_id"), "catalog_sold_out")
    price = product["prices"].get(cycle) if isinstance(cycle, str) else None
    if price is None:
        raise field_error(name("cycle"), "catalog_cycle", cycles=", ".join(in_cycle_order(product["prices"])))
    lines = [Line("product", product["id"], product["name"], 1, catalog.money(price["price"]),
                  catalog.money(price["setup_fee"]))]
    lines += _option_lines(catalog, product, cycle, options or {}, name)
    lines += _addon_lines(catalog, product, cycle, addons or (), name)
    if product["requires_domain"]:
        if not domain:
            raise field_error(name("domain"), "required")
        domain = domain_name(domain, name("domain"))[0]
    else:
        domain = None
    return Quote(catalog.version, cycle, tuple(lines), domain)


def _option_lines(catalog: Catalog, product: dict, cycle: str, chosen: dict, name) -> list[Line]:
    if not isinstance(chosen, dict):
        raise field_error(name("options"), "invalid")
    for option_id in chosen:
        if option_id not in product["options"]:
            where = f"options.{option_id}" if isinstance(option_id, str) and _ID.match(option_id) else "options"
            raise field_error(name(where), "catalog_option")
    lines = []
    zero = catalog.money(0)
    for option_id in product["options"]:
        option = catalog.options[option_id]
        value = chosen.get(option_id)
        where = name(f"options.{option_id}")
        if option["kind"] == "quantity":
            count = option["min"] if value is None else value
            if isinstance(count, bool) or not isinstance(count, int) or not option["min"] <= count <= option["max"]:
                raise field_error(where, "catalog_quantity", min=option["min"], max=option["max"])
            if count:
                lines.append(Line("option", option_id, option["name"], count,
                                  catalog.money(option["prices"][cycle]) * count, zero))
        else:
            choices = {c["id"]: c for c in option["choices"]}
            picked = choices.get(option["default"] if value is None else value) if (
                value is None or isinstance(value, str)) else None
            if picked is None:
                raise field_error(where, "catalog_choice", choices=", ".join(choices))
            lines.append(Line("option", f"{option_id}:{picked['id']}",
                              {lang: f"{option['name'][lang]}: {picked['name'][lang]}" for lang in ("es", "en")},
                              1, catalog.money(picked["prices"][cycle]), zero))
    return lines


def _addon_lines(catalog: Catalog, product: dict, cycle: str, chosen, name) -> list[Line]:
    if not isinstance(chosen, (list, tuple)) or len(set(map(str, chosen))) != len(chosen):
        raise field_error(name("addons"), "catalog_addon")
    lines = []
    for addon_id in chosen:
        if addon_id not in product["addons"]:
            raise field_error(name("addons"), "catalog_addon")
        price = catalog.addons[addon_id]["prices"][cycle]
        lines.append(Line("addon", addon_id, catalog.addons[addon_id]["name"], 1,
                          catalog.money(price["price"]), catalog.money(price["setup_fee"])))
    return lines


def domain_name(text: str, where: str = "domain") -> tuple[str, str | None]:
    """A domain name as the registry knows it (lower case, Punycode for other scripts) and
    the longest TLD of the published catalogue it ends in (None if none)."""
    if not isinstance(text, str):
        raise field_error(where, "domain_name")
    name = text.strip().rstrip(".").lower()
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        raise field_error(where, "domain_name") from None
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise field_error(where, "domain_name")
    domains = current().domains
    tld = next((".".join(labels[i:]) for i in range(1, len(labels)) if ".".join(labels[i:]) in domains), None)
    return ascii_name, tld


def domain_price(domain: str, action: str, years: int, *, field_prefix: str = "") -> Quote:
    """The price of registering, transferring or renewing `domain` for `years`."""
    if action not in DOMAIN_ACTIONS:
        raise ValueError(f"no such domain action: {action!r}")
    catalog = current()
    name, tld = domain_name(domain, field_prefix + "domain")
    if tld is None:
        raise field_error(field_prefix + "domain", "catalog_tld")
    prices = catalog.domains[tld][action]
    if isinstance(years, bool) or not isinstance(years, int) or str(years) not in prices:
        raise field_error(field_prefix + "years", "catalog_years",
                          years=", ".join(sorted(prices, key=int)) or "-")
    words = {lang: _DOMAIN_WORDS[action][lang].format(
        domain=name, years=_YEARS[lang][years == 1].format(n=years)) for lang in ("es", "en")}
    line = Line("domain", f"{action}:{tld}", words, 1, catalog.money(prices[str(years)]),
                catalog.money(0))
    return Quote(catalog.version, "years", (line,), name)


# How an order line names a domain (frozen on the order in both languages).
_DOMAIN_WORDS = {
    "register": {"es": "Registro de {domain} ({years})", "en": "Registration of {domain} ({years})"},
    "transfer": {"es": "Transferencia de {domain} ({years})", "en": "Transfer of {domain} ({years})"},
    "renew": {"es": "Renovación de {domain} ({years})", "en": "Renewal of {domain} ({years})"},
}
_YEARS = {"es": ("{n} años", "1 año"), "en": ("{n} years", "1 year")}
