"""Money: an integer number of minor units (cents) and an ISO 4217 currency. No floats.

    Money(1234, "EUR")                 12,34 €
    Money.parse("12.34", "EUR")        from text, exactly: "12.345" is refused, not rounded
    a + b, a - b, -a, a * 3            only within one currency (else CurrencyMismatch)
    a.percent("21")                    VAT: 21 % rounded half up to the cent
    a.allocate([1, 1, 1])              split in parts that add up to a, cent for cent
    a.to_json()                        {"amount": 1234, "currency": "EUR"}, the API's shape
    a.format("es")                     "12,34 €" (CLDR, through Babel)

How many minor units a currency has (EUR 2, JPY 0, BHD 3) is CLDR's word, through Babel,
which is imported on first use so that no cold start pays for it. In the table a Money is
MoneyAttribute: one map {"amount": N, "currency": S}, so an amount is never stored apart
from its currency.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache

from pynamodb.attributes import Attribute
from pynamodb.constants import MAP


class CurrencyMismatch(ValueError):
    """Two currencies in one sum or comparison: a bug, never converted silently."""


@cache
def minor_digits(currency: str) -> int:
    """The currency's decimals in CLDR (EUR 2, JPY 0); ValueError for an unknown code."""
    from babel.numbers import get_currency_precision, is_currency

    if not (isinstance(currency, str) and re.fullmatch("[A-Z]{3}", currency)
            and is_currency(currency)):
        raise ValueError(f"not an ISO 4217 currency: {currency!r}")
    return get_currency_precision(currency)


_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits: no "1e3", "NaN", "١٢" or " 1"


def _whole(value, what: str) -> int:
    # bool is an int to Python, and a float is never exact enough to count money with.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def _exact(value) -> Fraction:
    """A rate or ratio as an exact fraction: int, Decimal, Fraction or decimal text."""
    if isinstance(value, str):
        if not _AMOUNT.fullmatch(value):
            raise ValueError(f"not a decimal number: {value!r}")
        value = Decimal(value)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Fraction)):
        raise TypeError(f"an exact number is needed, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    return Fraction(value)


def _round_half_up(value: Fraction) -> int:
    """Nearest integer, halves away from zero (as a calculator, and the same for a refund
    as for its charge: round(-x) == -round(x))."""
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return whole if value >= 0 else -whole


@dataclass(frozen=True, slots=True)
class Money:
    amount: int     # minor units: cents for EUR
    currency: str   # ISO 4217, upper case

    def __post_init__(self):
        _whole(self.amount, "amount")
        minor_digits(self.currency)  # refuses an unknown currency

    # Making one

    @classmethod
    def zero(cls, currency: str) -> "Money":
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal, currency: str) -> "Money":
        """Exactly `value` units of the currency; ValueError if it has more decimals than
        the currency (12.345 EUR), instead of a rounding nobody asked for."""
        if not isinstance(value, Decimal):
            raise TypeError(f"a Decimal is needed, not {type(value).__name__}")
        if not value.is_finite():
            raise ValueError(f"not a finite amount: {value}")
        # As a fraction: Decimal arithmetic would round to its context's 28 digits.
        minor = Fraction(value) * 10 ** minor_digits(currency)
        if minor.denominator != 1:
            raise ValueError(f"{value} has more decimals than {currency} allows")
        return cls(minor.numerator, currency)

    @classmethod
    def parse(cls, text: str, currency: str) -> "Money":
        """From text such as "12.34" or "-5" (a point, ASCII digits, nothing else)."""
        if not isinstance(text, str) or not _AMOUNT.fullmatch(text):
            raise ValueError(f"not an amount: {text!r}")
        try:
            return cls.from_decimal(Decimal(text), currency)
        except InvalidOperation as exc:
            raise ValueError(f"not an amount: {text!r}") from exc

    # Arithmetic: one currency only

    def _same(self, other: "Money") -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")

    def __add__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self):
        return Money(-self.amount, self.currency)

    def __mul__(self, times):
        if isinstance(times, bool) or not isinstance(times, int):
            return NotImplemented  # a price times a quantity; fractions go through percent()
        return Money(self.amount * times, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other):
        return self._compare(other) < 0

    def __le__(self, other):
        return self._compare(other) <= 0

    def __gt__(self, other):
        return self._compare(other) > 0

    def __ge__(self, other):
        return self._compare(other) >= 0

    def _compare(self, other) -> int:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other)
        return (self.amount > other.amount) - (self.amount < other.amount)

    def __bool__(self):
        return self.amount != 0

    # Rates and parts

    def percent(self, rate) -> "Money":
        """`rate` per cent of this amount (VAT: base.percent("21")), rounded half up to the
        minor unit. The rate is exact: an int, a Decimal or decimal text, never a float."""
        return Money(_round_half_up(self.amount * _exact(rate) / 100), self.currency)

    def allocate(self, ratios) -> list["Money"]:
        """Split into parts in proportion to `ratios` (ints, Decimals: not negative, not all
        zero) that add up to exactly this amount: each part is rounded down, and the cents
        left over go one each to the parts that lost most in the rounding (the first of
        equals first). A negative amount splits as its opposite does, negated."""
        weights = [_exact(r) for r in ratios]
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise ValueError("ratios must be non-negative and not all zero")
        if self.amount < 0:
            return [-part for part in (-self).allocate(ratios)]
        total = sum(weights)
        shares = [self.amount * w / total for w in weights]
        parts = [int(s) for s in shares]  # floor: the shares are not negative
        left = self.amount - sum(parts)
        by_loss = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
        for i in by_loss[:left]:
            parts[i] += 1
        return [Money(p, self.currency) for p in parts]

    def split(self, parts: int) -> list["Money"]:
        """`parts` equal parts, the odd cents to the first ones: 10.00 / 3 = 3.34, 3.33, 3.33."""
        return self.allocate([1] * _whole(parts, "parts"))

    # Out

    def to_decimal(self) -> Decimal:
        return Decimal(f"{self.amount}e-{minor_digits(self.currency)}")  # exact, any size

    def to_json(self) -> dict:
        """The API's shape (docs/data.md): minor units, so that clients never round."""
        return {"amount": self.amount, "currency": self.currency}

    @classmethod
    def from_json(cls, data) -> "Money":
        if not (isinstance(data, dict) and set(data) == {"amount", "currency"}):
            raise ValueError("an amount is {\"amount\": <minor units>, \"currency\": <ISO code>}")
        return cls(data["amount"], data["currency"])

    def format(self, locale: str) -> str:
        """As a person of `locale` writes it: format("es") -> "1.234,50 €"."""
        from babel.numbers import format_currency

        return format_currency(self.to_decimal(), self.currency, locale=locale)

    def __str__(self):
        return f"{self.to_decimal()} {self.currency}"


class MoneyAttribute(Attribute[Money]):
    """A Money in the table as one map {"amount": N, "currency": S}: never an amount whose
    currency is somewhere else, and each part stays readable (and usable in a condition
    such as `credit.amount >= :n`) by DynamoDB itself."""

    attr_type = MAP

    def serialize(self, value: Money) -> dict:
        return {"amount": {"N": str(value.amount)}, "currency": {"S": value.currency}}

    def deserialize(self, value: dict) -> Money:
        return Money(int(value["amount"]["N"]), value["currency"]["S"])
