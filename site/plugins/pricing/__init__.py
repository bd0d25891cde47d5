"""Pricing pages: the catalogue (content/catalog/*.yaml) as the public /hosting/ and
/domains/pricing/ pages, in each language, and as catalog.json for the API.

Editors commit YAML; this plugin checks it when the run starts (catalog.py: every problem
with its file and field stops the build), renders the two pages with the site's layout,
and, in the first language's run, writes the normalised catalogue beside the site output
(build/catalog.json), which publishing loads into DynamoDB (infra/content_sync.py).

Prices are shown as the catalogue has them, without VAT, with the Spanish IVA price beside
them (the rate read from the API's tax data, functions/chalicelib/billing/taxes.toml, by
path: the site build does not import the API package).
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pelican import signals
from pelican.generators import Generator

from . import catalog

SITE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAXES = os.path.join(os.path.dirname(SITE_DIR), "functions", "chalicelib", "billing", "taxes.toml")
CATALOG_FILE = "catalog.json"
PAGES = {"hosting": "hosting/", "domains": "domains/pricing/"}


def catalog_path(settings) -> str:
    """Where catalog.json goes: beside the site output (as the help site's manifest.json)."""
    if settings.get("PRICING_CATALOG_PATH"):
        return settings["PRICING_CATALOG_PATH"]
    root = os.path.abspath(settings["OUTPUT_PATH"])
    if settings["LANG_PREFIX"][settings["DEFAULT_LANG"]].strip("/"):
        root = os.path.dirname(root)
    return os.path.join(os.path.dirname(root), CATALOG_FILE)


def spanish_iva(on: date | None = None) -> Decimal:
    """The Spanish standard rate in force today, from the API's tax data."""
    on = on or date.today()
    with open(TAXES, "rb") as f:
        entries = tomllib.load(f)["rates"]["ES"]
    return Decimal(max((e for e in entries if e["from"] <= on), key=lambda e: e["from"])["rate"])


def money(cents: int, lang: str) -> str:
    from babel.numbers import format_currency

    return format_currency(Decimal(cents) / 100, catalog.CURRENCY, locale=lang)


def with_tax(cents: int, rate: Decimal) -> int:
    tax = (Decimal(cents) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return cents + int(tax)


def per_month(cents: int, cycle: str) -> int:
    """What a longer cycle comes to a month, to the nearest cent (for comparison only)."""
    return int((Decimal(cents) / catalog.MONTHS[cycle]).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_catalog(pelican) -> None:
    """Read and check the catalogue before anything renders; a problem stops the build."""
    settings = pelican.settings
    settings["PRICING_DOCUMENT"] = catalog.read_or_fail(settings["PATH"])


class PricingGenerator(Generator):
    def generate_context(self):
        self.document = self.settings.get("PRICING_DOCUMENT")
        self.lang = self.settings["DEFAULT_LANG"]

    def _localise(self, words: dict) -> str:
        return words[self.lang]

    def _product(self, product: dict, rate: Decimal) -> dict:
        lang = self.lang
        cycles = [{"cycle": cycle, "price": money(p["price"], lang),
                   "with_tax": money(with_tax(p["price"], rate), lang),
                   "setup_fee": money(p["setup_fee"], lang) if p["setup_fee"] else None,
                   "per_month": (money(per_month(p["price"], cycle), lang)
                                 if cycle in catalog.MONTHS and cycle != "monthly" else None)}
                  for cycle, p in product["prices"].items()]
        return {"id": product["id"], "name": product["name"][lang],
                "description": product["description"][lang],
                "features": [f[lang] for f in product["features"]],
                "featured": product["featured"], "sold_out": product["stock"] == 0,
                "free": "free" in product["prices"],
                "headline": cycles[0], "cycles": cycles}

    def _groups(self, rate: Decimal) -> list[dict]:
        groups = []
        for group in self.document["groups"]:
            products = [self._product(p, rate) for p in self.document["products"]
                        if p["group"] == group["id"] and not (p["hidden"] or p["retired"])]
            if products:
                groups.append({"id": group["id"], "name": group["name"][self.lang],
                               "description": group["description"][self.lang],
                               "products": products})
        return groups

    def _domains(self) -> list[dict]:
        lang = self.lang
        rows = []
        for domain in self.document["domains"]:
            row = {"tld": domain["tld"]}
            for action in catalog.DOMAIN_ACTIONS:
                years = domain[action]
                first = min(years, key=int) if years else None
                row[action] = {"price": money(years[first], lang), "years": int(first)} if first else None
            row["years"] = sorted({int(y) for y in domain["register"]})
            rows.append(row)
        return rows

    def generate_output(self, writer):
        if not self.document:
            return  # no content/catalog/ (a fresh clone's empty content): no pricing pages
        rate = spanish_iva()
        common = {"relative_urls": False, "iva_rate": format(rate.normalize(), "f")}
        writer.write_file(PAGES["hosting"] + "index.html", self.get_template("pricing/hosting"),
                          self.context, lang_path=PAGES["hosting"], nav_key="pricing",
                          pricing_groups=self._groups(rate), **common)
        writer.write_file(PAGES["domains"] + "index.html", self.get_template("pricing/domains"),
                          self.context, lang_path=PAGES["domains"], nav_key="pricing",
                          pricing_domains=self._domains(), **common)
        if self.lang == self.settings["LANGUAGES"][0]:
            catalog.write(self.document, catalog_path(self.settings))


def get_generators(_pelican):
    return PricingGenerator


def register():
    signals.initialized.connect(check_catalog)
    signals.get_generators.connect(get_generators)
