"""Money (money.py): exact minor units, one currency per sum, no lost cent in a split or a
VAT, the API's JSON shape, Babel's formats, and the table's map."""

import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import boto3
import pytest
from pynamodb.attributes import UnicodeAttribute

from chalicelib.db import Item
from chalicelib.money import CurrencyMismatch, Money, MoneyAttribute

EUR = lambda cents: Money(cents, "EUR")  # noqa: E731


def amounts(seed, count=400, top=10**9):
    """Pseudo-random amounts, negative ones and the small ones where rounding bites."""
    rng = random.Random(seed)
    return [rng.choice([rng.randint(-top, top), rng.randint(-200, 200)]) for _ in range(count)]


# Making one

@pytest.mark.parametrize("text, currency, minor", [
    ("12.34", "EUR", 1234), ("-0.5", "EUR", -50), ("0", "EUR", 0), ("12.340", "EUR", 1234),
    ("7", "JPY", 7), ("1.005", "BHD", 1005), ("12345678901234567890123456789.01", "EUR",
                                               1234567890123456789012345678901),
])
def test_text_becomes_exactly_that_many_minor_units(text, currency, minor):
    assert Money.parse(text, currency) == Money(minor, currency)
    assert Money.parse(text, currency).to_decimal() == Decimal(text)


@pytest.mark.parametrize("text, currency", [
    ("12.345", "EUR"), ("1.5", "JPY"), ("0.0001", "BHD"),  # more decimals than the currency
    ("1e3", "EUR"), ("NaN", "EUR"), ("Infinity", "EUR"), (" 1", "EUR"), ("1 ", "EUR"),
    ("1,5", "EUR"), ("+1", "EUR"), (".5", "EUR"), ("5.", "EUR"), ("", "EUR"), ("--1", "EUR"),
    ("١٢", "EUR"), ("１２", "EUR"), ("1\n", "EUR"), ("1_000", "EUR"),
])
def test_text_that_is_not_exactly_an_amount_of_the_currency_is_refused(text, currency):
    with pytest.raises(ValueError):
        Money.parse(text, currency)


@pytest.mark.parametrize("amount, currency, error", [
    (1.5, "EUR", TypeError), (True, "EUR", TypeError), (Decimal(1), "EUR", TypeError),
    ("1", "EUR", TypeError), (1, "eur", ValueError), (1, "ZZZ", ValueError),
    (1, "EURO", ValueError), (1, "EUR\n", ValueError), (1, None, ValueError),
])
def test_only_an_int_of_a_known_currency_is_money(amount, currency, error):
    with pytest.raises(error):
        Money(amount, currency)


def test_decimals_come_in_exactly_or_not_at_all():
    assert Money.from_decimal(Decimal("0.10"), "EUR") == EUR(10)
    with pytest.raises(ValueError):
        Money.from_decimal(Decimal("0.105"), "EUR")
    with pytest.raises(ValueError):
        Money.from_decimal(Decimal("NaN"), "EUR")
    with pytest.raises(TypeError):
        Money.from_decimal(0.1, "EUR")


# Arithmetic

def test_sums_differences_and_products_stay_in_their_currency():
    assert EUR(150) + EUR(275) == EUR(425)
    assert EUR(150) - EUR(275) == EUR(-125)
    assert -EUR(150) == EUR(-150)
    assert EUR(150) * 3 == 3 * EUR(150) == EUR(450)
    assert sum([EUR(1), EUR(2)], Money.zero("EUR")) == EUR(3)
    assert EUR(1) < EUR(2) <= EUR(2) and EUR(3) > EUR(2) >= EUR(2)
    assert not EUR(0) and EUR(-1)
    assert EUR(1) != Money(1, "USD")  # different, but not an error: they are not equal


def test_two_currencies_never_meet_in_a_sum_or_a_comparison():
    usd = Money(100, "USD")
    for operation in (lambda: EUR(100) + usd, lambda: EUR(100) - usd,
                      lambda: EUR(100) < usd, lambda: EUR(100) >= usd):
        with pytest.raises(CurrencyMismatch):
            operation()


@pytest.mark.parametrize("operation", [
    lambda: EUR(100) + 1, lambda: EUR(100) - Decimal(1), lambda: EUR(100) * 1.5,
    lambda: EUR(100) * True, lambda: EUR(100) * Decimal(2), lambda: EUR(100) < 5,
    lambda: EUR(100) * EUR(2),
])
def test_money_does_not_mix_with_plain_numbers(operation):
    with pytest.raises(TypeError):
        operation()


# VAT: half up to the cent

@pytest.mark.parametrize("cents, rate, expected", [
    (1001, "21", 210),      # 210.21
    (1003, "21", 211),      # 210.63
    (50, "1", 1),           # 0.5: half goes up
    (-50, "1", -1),         # ... and a refund's half goes down, mirroring its charge
    (149, "10", 15),        # 14.9
    (145, "10", 15),        # 14.5
    (144, "10", 14),        # 14.4
    (1000, "5.5", 55),
    (333, Decimal("21"), 70),  # 69.93
    (10**20 + 1, 21, 21 * 10**18),  # large amounts stay exact (no float, no 28-digit context)
])
def test_a_percentage_rounds_half_up_to_the_minor_unit(cents, rate, expected):
    assert EUR(cents).percent(rate) == EUR(expected)


@pytest.mark.parametrize("rate", [21.0, "21%", "1e1", None, True, Decimal("NaN")])
def test_a_rate_must_be_exact(rate):
    with pytest.raises((TypeError, ValueError)):
        EUR(100).percent(rate)


@pytest.mark.parametrize("seed", range(5))
def test_percent_agrees_with_decimal_half_up_and_is_symmetric(seed):
    rng = random.Random(seed)
    for cents in amounts(seed):
        rate = rng.choice(["21", "10", "4", "0", "5.5", "7", "100", "0.01"])
        got = EUR(cents).percent(rate)
        oracle = (Decimal(cents) * Decimal(rate) / 100).quantize(Decimal(1), ROUND_HALF_UP)
        assert got.amount == int(oracle), (cents, rate)
        assert EUR(-cents).percent(rate) == -got
        assert abs(Fraction(got.amount) - Fraction(cents) * Fraction(rate) / 100) <= Fraction(1, 2)


# Allocation: no cent lost or made

@pytest.mark.parametrize("cents, ratios, expected", [
    (1000, [1, 1, 1], [334, 333, 333]),
    (1, [1, 1, 1], [1, 0, 0]),
    (100, [1, 0, 1], [50, 0, 50]),
    (-1000, [1, 1, 1], [-334, -333, -333]),
    (5, [Decimal("0.3"), Decimal("0.7")], [2, 3]),   # 1.5 and 3.5: the first of equals
    (1000, [21, 79], [210, 790]),
    (0, [1, 2], [0, 0]),
])
def test_an_allocation_gives_each_part_its_share_and_the_odd_cents_in_order(cents, ratios, expected):
    assert EUR(cents).allocate(ratios) == [EUR(c) for c in expected]


@pytest.mark.parametrize("seed", range(5))
def test_no_allocation_loses_or_makes_a_cent(seed):
    rng = random.Random(seed)
    for cents in amounts(seed):
        ratios = [rng.choice([0, 1, 2, 3, 7, 100, rng.randint(0, 10**6)])
                  for _ in range(rng.randint(1, 12))]
        if not any(ratios):
            ratios[0] = 1
        parts = EUR(cents).allocate(ratios)
        assert sum(p.amount for p in parts) == cents
        total = sum(ratios)
        for part, ratio in zip(parts, ratios, strict=True):
            exact = Fraction(cents * ratio, total)
            assert abs(part.amount - exact) < 1, (cents, ratios)
            assert ratio or part.amount == 0
        assert EUR(-cents).allocate(ratios) == [-p for p in parts]
        split = EUR(cents).split(len(ratios))
        assert max(p.amount for p in split) - min(p.amount for p in split) <= 1
        assert sum(p.amount for p in split) == cents


@pytest.mark.parametrize("ratios", [[], [0, 0], [1, -1], [1.5, 1], ["a"], [True]])
def test_an_allocation_needs_real_proportions(ratios):
    with pytest.raises((TypeError, ValueError)):
        EUR(100).allocate(ratios)


# Out

def test_json_is_minor_units_and_currency_and_comes_back_strictly():
    assert EUR(1234).to_json() == {"amount": 1234, "currency": "EUR"}
    assert Money.from_json({"amount": 1234, "currency": "EUR"}) == EUR(1234)
    for bad in ({"amount": 12.34, "currency": "EUR"}, {"amount": "1234", "currency": "EUR"},
                {"amount": True, "currency": "EUR"}, {"amount": 1, "currency": "eur"},
                {"amount": 1}, {"amount": 1, "currency": "EUR", "extra": 1}, [1, "EUR"]):
        with pytest.raises((TypeError, ValueError)):
            Money.from_json(bad)


@pytest.mark.parametrize("money, locale, text", [
    (EUR(1234), "es", "12,34\xa0€"), (EUR(1234), "en", "€12.34"),
    (EUR(123456), "en", "€1,234.56"), (EUR(-5), "es", "-0,05\xa0€"),
    (Money(5, "JPY"), "en", "¥5"), (Money(1005, "BHD"), "en", "BHD1.005"),
])
def test_each_language_writes_amounts_its_own_way(money, locale, text):
    assert money.format(locale) == text


class Wallet(Item, discriminator="test_wallet"):
    owner = UnicodeAttribute()
    credit = MoneyAttribute()
    limit = MoneyAttribute(null=True)


def test_the_table_keeps_amount_and_currency_together_in_one_map(aws):
    from chalicelib.config import settings

    Wallet("CLIENT#c1", "WALLET", owner="c1", credit=Money(-1005, "BHD")).save()
    raw = boto3.client("dynamodb", region_name=settings.region).get_item(
        TableName=settings.table_name, Key={"pk": {"S": "CLIENT#c1"}, "sk": {"S": "WALLET"}})["Item"]
    assert raw["credit"] == {"M": {"amount": {"N": "-1005"}, "currency": {"S": "BHD"}}}
    assert "limit" not in raw
    back = Wallet.get("CLIENT#c1", "WALLET")
    assert back.credit == Money(-1005, "BHD") and back.limit is None
