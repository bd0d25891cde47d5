"""Answers of the billing routes (the OpenAPI document's schemas; every API test's answer
is checked against them)."""

from typing import Literal

from pydantic import Field

from ..shapes import Answer, Money

Cycle = Literal["monthly", "quarterly", "semiannually", "annually", "biennially", "triennially",
                "onetime", "free"]


class Price(Answer):
    cycle: Cycle
    price: Money = Field(description="Per billing cycle, without VAT")
    setup_fee: Money = Field(description="Once, with the first payment, without VAT")


class OptionPrice(Answer):
    cycle: Cycle
    price: Money = Field(description="Per unit (quantity) or for the choice, per billing cycle")


class Choice(Answer):
    id: str
    name: str
    prices: list[OptionPrice]


class Option(Answer):
    """A configurable option: a `quantity` of units (min..max, priced per unit) or a
    `choice` among `choices` (the `default` one when none is given)."""

    id: str
    kind: Literal["quantity", "choice"]
    name: str
    unit: str | None = Field(description="What one unit is (quantity); null for a choice")
    min: int | None
    max: int | None
    default: str | None = Field(description="The choice taken when none is given; null for a quantity")
    prices: list[OptionPrice] = Field(description="Per unit, per billing cycle (quantity); empty for a choice")
    choices: list[Choice]


class Addon(Answer):
    id: str
    name: str
    description: str
    prices: list[Price]


class Product(Answer):
    id: str
    group: str
    name: str
    description: str
    features: list[str]
    prices: list[Price] = Field(description="The billing cycles it is sold in")
    options: list[Option]
    addons: list[Addon]
    requires_domain: bool = Field(description="Ordered for a domain name")
    stock: int | None = Field(description="How many may still be sold; null: no limit; 0: sold out")
    featured: bool


class Group(Answer):
    id: str
    name: str
    description: str
    products: list[Product] = Field(description="Listed products: neither hidden nor retired")


class DomainPrice(Answer):
    years: int
    price: Money = Field(description="For that many years, without VAT")


class Tld(Answer):
    tld: str = Field(description="Without the dot: es, com, com.es")
    registration: list[DomainPrice]
    transfer: list[DomainPrice]
    renewal: list[DomainPrice]


class Catalog(Answer):
    """The published catalogue, in the request's language. Prices are without VAT (the
    cart adds the customer's VAT)."""

    version: int = Field(description="The published version; 0 when none is published yet")
    currency: str
    groups: list[Group]
    domains: list[Tld]
