"""Read and check the catalogue editors commit (content/catalog/*.yaml).

The build is the editors' proof-reader: every problem is reported at once, each naming
the file and the field (`content/catalog/vps.yaml: products[1] (vps-m): field
'prices.monthly' ...`), and the build stops. What passes is normalised into one document
(amounts in cents, every option price a product can be sold with worked out): the pricing
pages are rendered from it, and the build writes it beside the site as catalog.json, which
publishing loads into DynamoDB for the API (infra/content_sync.py).

This module imports neither Pelican nor the API package: the API tests and the sync read
catalogues with it too.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal, InvalidOperation

import yaml

FORMAT = 1
CURRENCY = "EUR"
LANGUAGES = ("es", "en")
# The API's billing cycles (docs/api.md), in the order people read them.
CYCLES = ("monthly", "quarterly", "semiannually", "annually", "biennially", "triennially",
          "onetime", "free")
MONTHS = {"monthly": 1, "quarterly": 3, "semiannually": 6, "annually": 12, "biennially": 24,
          "triennially": 36}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TLD_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$")
AMOUNT_RE = re.compile(r"^[0-9]+(?:\.[0-9]{1,2})?$")
DOMAIN_ACTIONS = ("register", "transfer", "renew")
MAX_YEARS = 10
# A download restricted to a product group (content/downloads/*.md, Access: product:<group>).
ACCESS_GROUP_RE = re.compile(r"^Access:\s*product:(\S+)\s*$", re.MULTILINE | re.IGNORECASE)

GROUP_FIELDS = {"id", "order", "name", "description", "requires_domain", "options", "addons"}
PRODUCT_FIELDS = {"id", "name", "description", "features", "prices", "setup_fees", "options",
                  "addons", "requires_domain", "stock", "hidden", "retired", "featured"}
OPTION_FIELDS = {"id", "kind", "name", "unit", "min", "max", "prices", "default", "choices"}
CHOICE_FIELDS = {"id", "name", "prices"}
ADDON_FIELDS = {"id", "name", "description", "prices", "setup_fees"}
DOMAIN_FIELDS = {"tld", *DOMAIN_ACTIONS}
FILE_FIELDS = {"group", "products", "options", "addons", "domains"}


class CatalogError(Exception):
    """The catalogue has problems an editor must fix; the message lists them all."""


class _Loader(yaml.SafeLoader):
    """YAML that refuses a key written twice (PyYAML would keep the last one silently)."""


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"field {key!r} is written twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


class _Check:
    """Collects problems, each prefixed with where it is."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def read(content_dir: str) -> tuple[dict | None, list[str]]:
    """Read content/catalog/ under content_dir: (the normalised document, problems).

    The document is None when there are problems (or no catalogue folder at all).
    """
    folder = os.path.join(content_dir, "catalog")
    if not os.path.isdir(folder):
        return None, []
    check = _Check()
    files = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        where = f"content/catalog/{name}"
        if name.endswith(".yml"):
            check.add(where, "name catalogue files .yaml")
            continue
        if not name.endswith(".yaml") or not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                data = yaml.load(f, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
        except yaml.YAMLError as exc:
            check.add(where, f"not valid YAML: {_yaml_message(exc)}")
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            check.add(where, "must be a mapping of group, products, options, addons, domains")
            continue
        _unknown(check, where, "", data, FILE_FIELDS)
        files.append((where, data))

    document = _document(check, files)
    problems = check.problems + check_downloads(content_dir, {g["id"] for g in document["groups"]})
    return (None, problems) if problems else (document, [])


def read_or_fail(content_dir: str) -> dict | None:
    document, problems = read(content_dir)
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise CatalogError(f"the catalogue has {len(problems)} problem(s):\n{listing}")
    return document


def check_downloads(content_dir: str, groups: set[str]) -> list[str]:
    """A download restricted to a product group must name a group the catalogue has."""
    problems = []
    folder = os.path.join(content_dir, "downloads")
    if not os.path.isdir(folder):
        return problems
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            header = f.read().split("\n\n", 1)[0]
        for group in ACCESS_GROUP_RE.findall(header):
            if group not in groups:
                known = ", ".join(sorted(groups)) or "none"
                problems.append(f"content/downloads/{name}: field 'Access' names product group "
                                f"{group!r}, which content/catalog/ does not have (known: {known})")
    return problems


def digest(document: dict) -> str:
    """A fingerprint of a catalogue: publishing an unchanged one writes nothing."""
    import hashlib

    return hashlib.sha256(canonical(document).encode()).hexdigest()


def canonical(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(document: dict, path: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1, sort_keys=True)


# -- the document ---------------------------------------------------------------------

def _document(check: _Check, files: list[tuple[str, dict]]) -> dict:
    options, addons, groups, products, domains = {}, {}, [], [], []
    for where, data in files:
        for i, item in enumerate(_list(check, where, "options", data.get("options"))):
            option = _option(check, f"{where}: options[{i}]{_id_hint(item)}", item)
            _unique(check, where, "option", option, options)
        for i, item in enumerate(_list(check, where, "addons", data.get("addons"))):
            addon = _addon(check, f"{where}: addons[{i}]{_id_hint(item)}", item)
            _unique(check, where, "addon", addon, addons)
        for i, item in enumerate(_list(check, where, "domains", data.get("domains"))):
            domains.append((f"{where}: domains[{i}]", _domain(check, f"{where}: domains[{i}]", item)))
    group_ids: dict[str, str] = {}
    product_ids: dict[str, str] = {}
    for where, data in files:
        if "products" in data and "group" not in data:
            check.add(where, "products need the file's group: add a 'group' field")
        if "group" not in data:
            continue
        group = _group(check, where, data["group"])
        if group["id"] in group_ids:
            check.add(where, f"field 'group.id' {group['id']!r} is already used by {group_ids[group['id']]}")
        group_ids.setdefault(group["id"], where)
        defaults = group.pop("_defaults")
        groups.append(group)
        for i, item in enumerate(_list(check, where, "products", data.get("products"))):
            at = f"{where}: products[{i}]{_id_hint(item)}"
            product = _product(check, at, item, group["id"], defaults, options, addons)
            if product["id"] in product_ids:
                check.add(at, f"field 'id' {product['id']!r} is already used by {product_ids[product['id']]}")
            product_ids.setdefault(product["id"], at)
            products.append(product)
    tlds: dict[str, str] = {}
    for at, domain in domains:
        if domain["tld"] in tlds:
            check.add(at, f"field 'tld' {domain['tld']!r} is already priced at {tlds[domain['tld']]}")
        tlds.setdefault(domain["tld"], at)
    groups.sort(key=lambda g: (g["order"], g["id"]))
    order = {g["id"]: n for n, g in enumerate(groups)}
    products.sort(key=lambda p: order.get(p["group"], 0))  # stable: file order within a group
    return {"format": FORMAT, "currency": CURRENCY, "groups": groups, "products": products,
            "options": sorted(options.values(), key=lambda o: o["id"]),
            "addons": sorted(addons.values(), key=lambda a: a["id"]),
            "domains": [d for _at, d in domains]}


def _group(check: _Check, where: str, data) -> dict:
    at = where
    if not isinstance(data, dict):
        check.add(at, "field 'group' must be a mapping (id, order, name, description)")
        data = {}
    _unknown(check, at, "group.", data, GROUP_FIELDS)
    return {
        "id": _ident(check, at, "group.id", data.get("id")),
        "order": _whole(check, at, "group.order", data.get("order", 100), minimum=0),
        "name": _words(check, at, "group.name", data.get("name")),
        "description": _words(check, at, "group.description", data.get("description")),
        "_defaults": {
            "requires_domain": _flag(check, at, "group.requires_domain", data.get("requires_domain", False)),
            "options": _ids(check, at, "group.options", data.get("options", [])),
            "addons": _ids(check, at, "group.addons", data.get("addons", [])),
        },
    }


def _product(check: _Check, at: str, data, group: str, defaults: dict, options: dict,
             addons: dict) -> dict:
    if not isinstance(data, dict):
        check.add(at, "must be a mapping (id, name, prices...)")
        data = {}
    _unknown(check, at, "", data, PRODUCT_FIELDS)
    prices = _amounts(check, at, "prices", data.get("prices"), required=True)
    cycles = [c for c in CYCLES if c in prices]
    setup = _amounts(check, at, "setup_fees", data.get("setup_fees", {}))
    written = set(data["prices"]) if isinstance(data.get("prices"), dict) else set()
    for cycle in setup:
        if cycle not in written:  # a price written wrongly is reported once, as itself
            check.add(at, f"field 'setup_fees.{cycle}': the product has no {cycle} price")
    if "free" in prices and (len(prices) > 1 or prices["free"] != 0 or setup.get("free")):
        check.add(at, "field 'prices.free': a free product has only the free cycle, at 0")
    product = {
        "id": _ident(check, at, "id", data.get("id")),
        "group": group,
        "name": _words(check, at, "name", data.get("name")),
        "description": _words(check, at, "description", data.get("description")),
        "features": [_words(check, at, f"features[{i}]", f)
                     for i, f in enumerate(_list(check, at, "features", data.get("features", [])))],
        "prices": {c: {"price": prices[c], "setup_fee": setup.get(c, 0)} for c in cycles},
        "options": _ids(check, at, "options", data.get("options", defaults["options"])),
        "addons": _ids(check, at, "addons", data.get("addons", defaults["addons"])),
        "requires_domain": _flag(check, at, "requires_domain",
                                 data.get("requires_domain", defaults["requires_domain"])),
        "stock": (None if data.get("stock") is None
                  else _whole(check, at, "stock", data.get("stock"), minimum=0)),
        "hidden": _flag(check, at, "hidden", data.get("hidden", False)),
        "retired": _flag(check, at, "retired", data.get("retired", False)),
        "featured": _flag(check, at, "featured", data.get("featured", False)),
    }
    if "free" in prices and (product["options"] or product["addons"]):
        check.add(at, "a free product offers no options or addons: add 'options: []' and 'addons: []'")
        return product
    for kind, known in (("options", options), ("addons", addons)):
        for ident in product[kind]:
            if ident not in known:
                listed = ", ".join(sorted(known)) or "none"
                check.add(at, f"field '{kind}' names {ident!r}, which content/catalog/ does not "
                              f"define (known: {listed})")
                continue
            for cycle in cycles:
                if not _priced(known[ident], cycle):
                    check.add(at, f"{kind[:-1]} {ident!r} has no {cycle} price: give it one "
                                  f"(prices.{cycle}), or leave it out of this product")
    return product


def _priced(item: dict, cycle: str) -> bool:
    if item.get("kind", "quantity") not in ("quantity", "choice"):
        return True  # its kind is reported already; its prices mean nothing yet
    if "choices" in item:
        return all(cycle in choice["prices"] for choice in item["choices"])
    return cycle in item["prices"]


def _option(check: _Check, at: str, data) -> dict:
    if not isinstance(data, dict):
        check.add(at, "must be a mapping (id, kind, name...)")
        data = {}
    _unknown(check, at, "", data, OPTION_FIELDS)
    kind = data.get("kind")
    option = {"id": _ident(check, at, "id", data.get("id")), "kind": kind,
              "name": _words(check, at, "name", data.get("name"))}
    if kind == "quantity":
        for name in ("default", "choices"):
            if name in data:
                check.add(at, f"field '{name}' belongs to a choice option, not a quantity")
        option["unit"] = _words(check, at, "unit", data.get("unit"))
        option["min"] = _whole(check, at, "min", data.get("min", 0), minimum=0)
        option["max"] = _whole(check, at, "max", data.get("max"), minimum=1)
        if option["min"] > option["max"]:
            check.add(at, f"field 'min' {option['min']} is above 'max' {option['max']}")
        option["prices"] = _expand(_amounts(check, at, "prices", data.get("prices"), required=True))
    elif kind == "choice":
        for name in ("unit", "min", "max", "prices"):
            if name in data:
                check.add(at, f"field '{name}' belongs to a quantity option; a choice prices each choice")
        choices = []
        for i, item in enumerate(_list(check, at, "choices", data.get("choices"))):
            where = f"{at}: choices[{i}]{_id_hint(item)}"
            if not isinstance(item, dict):
                check.add(where, "must be a mapping (id, name, prices)")
                item = {}
            _unknown(check, where, "", item, CHOICE_FIELDS)
            prices = _amounts(check, where, "prices", item.get("prices", {}))
            choices.append({"id": _ident(check, where, "id", item.get("id")),
                            "name": _words(check, where, "name", item.get("name")),
                            # No prices: free with any cycle but "free" itself.
                            "prices": _expand(prices) if prices else dict.fromkeys(CYCLES[:-1], 0)})
        if not choices:
            check.add(at, "field 'choices' needs at least one choice")
        ids = [c["id"] for c in choices]
        if len(set(ids)) != len(ids):
            check.add(at, "field 'choices': a choice id is written twice")
        option["choices"] = choices
        option["default"] = data.get("default", ids[0] if ids else "")
        if option["default"] not in ids:
            check.add(at, f"field 'default' {option['default']!r} is not one of the choices ({', '.join(ids)})")
    else:
        check.add(at, f"field 'kind' {kind!r} must be quantity or choice")
    return option


def _addon(check: _Check, at: str, data) -> dict:
    if not isinstance(data, dict):
        check.add(at, "must be a mapping (id, name, description, prices)")
        data = {}
    _unknown(check, at, "", data, ADDON_FIELDS)
    prices = _expand(_amounts(check, at, "prices", data.get("prices"), required=True))
    setup = _amounts(check, at, "setup_fees", data.get("setup_fees", {}))
    written = set(data["prices"]) if isinstance(data.get("prices"), dict) else set()
    for cycle in setup:
        if cycle not in prices and cycle not in written:
            check.add(at, f"field 'setup_fees.{cycle}': the addon has no {cycle} price")
    return {"id": _ident(check, at, "id", data.get("id")),
            "name": _words(check, at, "name", data.get("name")),
            "description": _words(check, at, "description", data.get("description")),
            "prices": {c: {"price": p, "setup_fee": setup.get(c, 0)} for c, p in prices.items()}}


def _expand(prices: dict[str, int]) -> dict[str, int]:
    """Every recurring cycle an option or addon can be sold with: the prices written, and
    for the others the monthly price times their months."""
    full = dict(prices)
    if "monthly" in prices:
        for cycle, months in MONTHS.items():
            full.setdefault(cycle, prices["monthly"] * months)
    if "free" in full:
        del full["free"]  # nothing is added to a free product
    return {c: full[c] for c in CYCLES if c in full}


def _domain(check: _Check, at: str, data) -> dict:
    if not isinstance(data, dict):
        check.add(at, "must be a mapping (tld, register, transfer, renew)")
        data = {}
    _unknown(check, at, "", data, DOMAIN_FIELDS)
    tld = data.get("tld")
    if isinstance(tld, str):
        tld = tld.strip().lower().removeprefix(".")
    if not isinstance(tld, str) or not TLD_RE.match(tld):
        check.add(at, f"field 'tld' {data.get('tld')!r} must be a TLD such as es or com.es "
                      "(write it in quotes)")
        tld = str(data.get("tld"))
    domain = {"tld": tld}
    for action in DOMAIN_ACTIONS:
        years = data.get(action)
        if years is None:
            if action != "transfer":
                check.add(at, f"field '{action}' is missing: prices per number of years, e.g. {{1: \"9.95\"}}")
            domain[action] = {}
            continue
        if not isinstance(years, dict) or not years:
            check.add(at, f"field '{action}' must map years to prices, e.g. {{1: \"9.95\"}}")
            domain[action] = {}
            continue
        prices = {}
        for count, amount in years.items():
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_YEARS:
                check.add(at, f"field '{action}': {count!r} years must be a whole number from 1 to {MAX_YEARS}")
                continue
            cents = _amount(check, at, f"{action}.{count}", amount)
            if cents is not None:
                prices[str(count)] = cents
        domain[action] = dict(sorted(prices.items(), key=lambda kv: int(kv[0])))
    return domain


# -- fields -----------------------------------------------------------------------------

def _id_hint(item) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f" ({ident})" if isinstance(ident, str) else ""


def _unknown(check: _Check, at: str, prefix: str, data: dict, known: set[str]) -> None:
    for name in data:
        if name not in known:
            check.add(at, f"field '{prefix}{name}' is unknown (known: {', '.join(sorted(known))})")


def _unique(check: _Check, where: str, what: str, item: dict, seen: dict) -> None:
    if item["id"] in seen:
        check.add(where, f"{what} id {item['id']!r} is defined twice")
    seen.setdefault(item["id"], item)


def _list(check: _Check, at: str, name: str, value) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        check.add(at, f"field '{name}' must be a list")
        return []
    return value


def _ident(check: _Check, at: str, name: str, value) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        check.add(at, f"field '{name}' {value!r} must be lower-case words and digits joined by hyphens")
        return str(value)
    return value


def _ids(check: _Check, at: str, name: str, value) -> list[str]:
    ids = [_ident(check, at, f"{name}[{i}]", v) for i, v in enumerate(_list(check, at, name, value))]
    if len(set(ids)) != len(ids):
        check.add(at, f"field '{name}' names an id twice")
    return ids


def _words(check: _Check, at: str, name: str, value) -> dict[str, str]:
    """Text in both languages: {es: ..., en: ...}."""
    if not isinstance(value, dict):
        check.add(at, f"field '{name}' must give the text in both languages: {{es: ..., en: ...}}")
        return dict.fromkeys(LANGUAGES, "")
    words = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            check.add(at, f"field '{name}.{lang}' is missing (text in quotes if it has a comma or a colon)")
        words[lang] = " ".join(str(text or "").split())
    for extra in set(value) - set(LANGUAGES):
        check.add(at, f"field '{name}.{extra}' is unknown: use {', '.join(LANGUAGES)} "
                      "(text in quotes if it has a comma or a colon)")
    return words


def _flag(check: _Check, at: str, name: str, value) -> bool:
    if not isinstance(value, bool):
        check.add(at, f"field '{name}' {value!r} must be true or false")
        return False
    return value


def _whole(check: _Check, at: str, name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        check.add(at, f"field '{name}' {value!r} must be a whole number, {minimum} or more")
        return minimum
    return value


def _amounts(check: _Check, at: str, name: str, value, required: bool = False) -> dict[str, int]:
    """{cycle: amount} in cents, cycles in the API's order."""
    if value is None or value == {}:
        if required:
            check.add(at, f"field '{name}' is missing: a price per billing cycle, e.g. {{monthly: \"4.95\"}}")
        return {}
    if not isinstance(value, dict):
        check.add(at, f"field '{name}' must map billing cycles to amounts, e.g. {{monthly: \"4.95\"}}")
        return {}
    found = {}
    for cycle, amount in value.items():
        if cycle not in CYCLES:
            check.add(at, f"field '{name}.{cycle}': {cycle!r} is not a billing cycle ({', '.join(CYCLES)})")
            continue
        cents = _amount(check, at, f"{name}.{cycle}", amount)
        if cents is not None:
            found[cycle] = cents
    return {c: found[c] for c in CYCLES if c in found}


def _amount(check: _Check, at: str, name: str, value) -> int | None:
    """Euros as written ("4.95", 4.95 or 5) → cents; never rounded: 4.955 is refused."""
    text = value if isinstance(value, str) else (
        repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None)
    if text is None or not AMOUNT_RE.match(text.strip()):
        check.add(at, f"field '{name}' {value!r} is not an amount in euros like \"4.95\"")
        return None
    try:
        return int(Decimal(text.strip()) * 100)
    except InvalidOperation:  # pragma: no cover (the pattern already refused it)
        check.add(at, f"field '{name}' {value!r} is not an amount")
        return None


def _yaml_message(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{problem}{where}"
