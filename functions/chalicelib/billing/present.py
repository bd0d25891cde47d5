"""How the catalogue looks in API answers: in the request's language, amounts as Money."""

from ..i18n import current_language
from .catalog import Catalog, in_cycle_order


def _prices(catalog: Catalog, prices: dict) -> list[dict]:
    return [{"cycle": cycle, "price": catalog.money(prices[cycle]["price"]),
             "setup_fee": catalog.money(prices[cycle]["setup_fee"])} for cycle in in_cycle_order(prices)]


def _option_prices(catalog: Catalog, prices: dict) -> list[dict]:
    return [{"cycle": cycle, "price": catalog.money(prices[cycle])} for cycle in in_cycle_order(prices)]


def option(catalog: Catalog, item: dict, lang: str) -> dict:
    quantity = item["kind"] == "quantity"
    return {
        "id": item["id"], "kind": item["kind"], "name": item["name"][lang],
        "unit": item["unit"][lang] if quantity else None,
        "min": item["min"] if quantity else None, "max": item["max"] if quantity else None,
        "default": None if quantity else item["default"],
        "prices": _option_prices(catalog, item["prices"]) if quantity else [],
        "choices": [] if quantity else [
            {"id": c["id"], "name": c["name"][lang], "prices": _option_prices(catalog, c["prices"])}
            for c in item["choices"]],
    }


def product(catalog: Catalog, item: dict) -> dict:
    lang = current_language.get()
    cycles = set(item["prices"])

    def sold_with(prices: dict) -> dict:  # an option's or addon's prices for this product's cycles
        return {c: p for c, p in prices.items() if c in cycles}

    options = [catalog.options[o] for o in item["options"]]
    return {
        "id": item["id"], "group": item["group"], "name": item["name"][lang],
        "description": item["description"][lang], "features": [f[lang] for f in item["features"]],
        "prices": _prices(catalog, item["prices"]),
        "options": [option(catalog, {**o, "prices": sold_with(o.get("prices", {})),
                                     "choices": [{**c, "prices": sold_with(c["prices"])}
                                                 for c in o.get("choices", [])]}, lang)
                    for o in options],
        "addons": [{"id": a["id"], "name": a["name"][lang], "description": a["description"][lang],
                    "prices": _prices(catalog, sold_with(a["prices"]))}
                   for a in (catalog.addons[i] for i in item["addons"])],
        "requires_domain": item["requires_domain"], "stock": item["stock"],
        "featured": item["featured"],
    }


def catalog(current: Catalog) -> dict:
    lang = current_language.get()
    doc = current.document
    groups = [{"id": g["id"], "name": g["name"][lang], "description": g["description"][lang],
               "products": [product(current, p) for p in current.listed(g["id"])]}
              for g in doc["groups"]]
    domains = [{"tld": d["tld"], **{answer: [{"years": int(y), "price": current.money(d[action][y])}
                                             for y in sorted(d[action], key=int)]
                                    for action, answer in (("register", "registration"),
                                                           ("transfer", "transfer"),
                                                           ("renew", "renewal"))}}
               for d in doc["domains"]]
    return {"version": current.version, "currency": current.currency,
            "groups": [g for g in groups if g["products"]], "domains": domains}
