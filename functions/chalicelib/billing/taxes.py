"""Which VAT a customer pays, and how much: the rules, over the data in taxes.toml.

The supplier is established in Spain's IVA territory and sells electronically supplied
services (hosting, domains, certificates). For a customer in:

  Spain's IVA territory                   Spanish IVA, 21 % (a business too)
  Canarias, Ceuta, Melilla (postcode)     no IVA, with the legal mention (outside the territory)
  another EU state, VAT number that       no VAT: reverse charge ("Inversión del sujeto
    VIES confirmed (a business)           pasivo"), the customer accounts for it
  another EU state, a consumer            Spanish IVA while the company's cross-border sales
                                          to EU consumers stay under the EU-wide threshold
                                          (EUR 10,000, a setting); past it, or opted in, the
                                          customer's country's rate, declared through the OSS
  outside the EU                          no VAT, with the legal mention

A VAT number VIES has not confirmed (invalid, or VIES did not answer) is a consumer's:
charging VAT that the customer can reclaim is recoverable; not charging VAT that was due
is the company's debt. Checkout reads the VIES result stored on the profile when the
number was saved (chalicelib/vies.py); it never waits for VIES.

Tax is computed per line, rounded half up to the cent (Money.percent), and the lines'
taxes are added: a document's tax is the sum of its lines' taxes.
"""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from ..config import settings
from ..countries import EU
from ..money import Money

DATA = Path(__file__).with_name("taxes.toml")
SUPPLIER_COUNTRY = "ES"
MADRID = "Europe/Madrid"

# The regimes, as documents and the API name them.
SPANISH_IVA = "spanish_iva"
OUTSIDE_TERRITORY = "outside_territory"
REVERSE_CHARGE = "reverse_charge"
OSS = "oss"
OUTSIDE_EU = "outside_eu"


@cache
def data() -> dict:
    with DATA.open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class Regime:
    """How one customer is taxed: the rate charged on every line, whose VAT it is, and
    the words the invoice must carry (None for plain Spanish IVA)."""

    kind: str
    rate: Decimal  # percent: Decimal("21"), Decimal("25.5"), Decimal("0")
    vat_country: str | None  # whose VAT is charged: "ES", the customer's (OSS), or None
    mention_words: dict | None = None  # {"es": ..., "en": ...}, may hold {country} and {rate}

    def mention(self, language: str) -> str | None:
        """The legal mention in `language`, with the country named in that language."""
        if not self.mention_words:
            return None
        return self.mention_words[language].format(
            country=_country_name(self.vat_country, language) if self.vat_country else "",
            rate=_rate_text(self.rate, language))

    def tax(self, base: Money) -> Money:
        """The tax of one line: `rate` % of its base, half up to the cent."""
        return base.percent(self.rate)


def today() -> date:
    """Documents are dated in Madrid, whatever the server's clock zone. (The zone is read
    when first needed, not at import: a runtime without the time-zone database fails
    here, loudly, instead of failing every import of billing.)"""
    return datetime.now(ZoneInfo(MADRID)).date()


def standard_rate(country: str, on: date) -> Decimal:
    """The standard VAT rate of an EU member state in force on `on`."""
    entries = data()["rates"].get(country)
    if not entries:
        raise ValueError(f"no VAT rates for {country!r}")
    in_force = [e for e in entries if e["from"] <= on]
    if not in_force:
        raise ValueError(f"no VAT rate of {country} in force on {on} (the data starts {entries[0]['from']})")
    return Decimal(max(in_force, key=lambda e: e["from"])["rate"])


def territory(country: str, postcode: str) -> dict | None:
    """The part of a member state outside its VAT territory this postcode lies in, if any."""
    code = (postcode or "").strip()
    for place in data()["territories"]:
        if place["country"] == country and code.startswith(tuple(place["postcodes"])):
            return place
    return None


def oss_in_force(previous_year: Money, this_year: Money, *, threshold: Money | None = None,
                 opted_in: bool | None = None) -> bool:
    """Whether sales to consumers in other member states are taxed at destination.

    `previous_year` and `this_year` are the company's cross-border sales to EU consumers
    (without VAT). Past the threshold in the previous year, or once this year's pass it,
    or when the company opted in, the customer's country's rate applies; until then
    Spanish IVA (Directive 2006/112/EC, art. 59c). The sale that crosses the threshold
    is itself taxed at destination: call this with `this_year` including it.
    """
    threshold = threshold if threshold is not None else Money(settings.oss_threshold_cents, "EUR")
    opted_in = settings.oss_opted_in if opted_in is None else opted_in
    return opted_in or previous_year > threshold or this_year > threshold


def regime(*, country: str, postcode: str = "", tax_id: str = "", vat_valid: bool | None = None,
           oss: bool = False, on: date | None = None) -> Regime:
    """The regime of a customer in `country` (ISO code) with this postcode and tax id.

    `vat_valid` is the stored VIES result for `tax_id` (True confirmed, False not
    registered, None never checked or VIES did not answer); `oss` whether the company
    taxes EU consumers at destination (oss_in_force); `on` the document's date (today in
    Madrid by default), which picks the rate in force.
    """
    on = on or today()
    words = data()["mentions"]
    country = data()["same_vat_area"].get(country, country)
    place = territory(country, postcode)
    if place:
        return Regime(OUTSIDE_TERRITORY, Decimal(0), None, place["mention"])
    if country == SUPPLIER_COUNTRY:
        return Regime(SPANISH_IVA, standard_rate(SUPPLIER_COUNTRY, on), SUPPLIER_COUNTRY)
    if country not in EU:
        return Regime(OUTSIDE_EU, Decimal(0), None, words["outside_eu"])
    if tax_id and vat_valid is True:
        return Regime(REVERSE_CHARGE, Decimal(0), None, words["reverse_charge"])
    if oss:
        return Regime(OSS, standard_rate(country, on), country, words["oss"])
    return Regime(SPANISH_IVA, standard_rate(SUPPLIER_COUNTRY, on), SUPPLIER_COUNTRY)


def for_client(client, *, oss: bool, on: date | None = None) -> Regime:
    """The regime of a stored profile (auth.models.Client): its country, postcode and tax
    id, and the VIES result saved with the number. What checkout calls: no VIES request."""
    return regime(country=client.country, postcode=client.postcode, tax_id=client.tax_id,
                  vat_valid=client.vat_valid, oss=oss, on=on)


@dataclass(frozen=True)
class Totals:
    net: Money
    tax: Money
    gross: Money


def totals(bases: list[Money], regime: Regime, currency: str = "EUR") -> Totals:
    """A document's totals: the lines' bases, their taxes (each rounded on its own line),
    and both added. Shown with and without tax."""
    net = sum(bases, Money.zero(currency))
    tax = sum((regime.tax(base) for base in bases), Money.zero(currency))
    return Totals(net, tax, net + tax)


def _rate_text(rate: Decimal, language: str) -> str:
    text = format(rate.normalize(), "f")
    return text.replace(".", ",") if language == "es" else text


def _country_name(code: str, language: str) -> str:
    from babel import Locale  # CLDR names; imported only when a mention names a country

    return Locale.parse(language).territories.get(code, code)
