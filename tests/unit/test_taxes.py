"""The tax rules (billing/taxes.py over taxes.toml), as worked examples an adviser can read."""

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.billing import taxes
from chalicelib.countries import EU
from chalicelib.money import Money

ON = date(2026, 3, 2)


@pytest.fixture
def override_settings_unit():
    """Change settings for one test (frozen for the app's sake), as tests/api's fixture."""
    from chalicelib.config import settings

    saved = {}

    def override(**values):
        for name, value in values.items():
            saved.setdefault(name, getattr(settings, name))
            object.__setattr__(settings, name, value)

    yield override
    for name, value in saved.items():
        object.__setattr__(settings, name, value)


def eur(text: str) -> Money:
    return Money.parse(text, "EUR")


def test_a_customer_in_madrid_pays_21_percent_iva_with_no_mention():
    r = taxes.regime(country="ES", postcode="28013", on=ON)
    assert (r.kind, r.rate, r.vat_country) == ("spanish_iva", Decimal("21"), "ES")
    assert r.mention("es") is None and r.mention("en") is None
    # 9.95 × 21 % = 2.0895 → 2.09 (half up to the cent)
    assert r.tax(eur("9.95")) == eur("2.09")


def test_a_spanish_business_pays_iva_too_whatever_its_nif():
    r = taxes.regime(country="ES", postcode="08001", tax_id="B12345674", vat_valid=True, on=ON)
    assert (r.kind, r.rate) == ("spanish_iva", Decimal("21"))


@pytest.mark.parametrize("postcode, place", [
    ("35001", "Canarias"), ("38001", "Canarias"), ("51001", "Ceuta"), ("52001", "Melilla")])
def test_canarias_ceuta_and_melilla_pay_no_iva_and_the_invoice_says_why(postcode, place):
    for tax_id, vat_valid in (("", None), ("B12345674", True)):  # consumer or business alike
        r = taxes.regime(country="ES", postcode=postcode, tax_id=tax_id, vat_valid=vat_valid, on=ON)
        assert (r.kind, r.rate, r.vat_country) == ("outside_territory", Decimal("0"), None)
        assert r.tax(eur("100.00")) == eur("0.00")
        assert place in r.mention("es") and "no sujeta al IVA" in r.mention("es")
        assert "Not subject to Spanish VAT" in r.mention("en")


def test_a_postcode_that_only_contains_those_digits_is_not_canarias():
    assert taxes.regime(country="ES", postcode="28350", on=ON).kind == "spanish_iva"
    assert taxes.regime(country="ES", postcode="", on=ON).kind == "spanish_iva"
    # The same digits in another country are that country's business.
    assert taxes.regime(country="DE", postcode="35037", on=ON).kind == "spanish_iva"


def test_an_eu_business_with_a_vat_number_vies_confirmed_gets_the_reverse_charge():
    r = taxes.regime(country="FR", postcode="75001", tax_id="FR43713392298", vat_valid=True, on=ON)
    assert (r.kind, r.rate, r.vat_country) == ("reverse_charge", Decimal("0"), None)
    assert r.mention("es").startswith("Inversión del sujeto pasivo")
    assert r.mention("en").startswith("Reverse charge")
    # ...also when the company taxes consumers at destination
    assert taxes.regime(country="FR", tax_id="FR43713392298", vat_valid=True, oss=True, on=ON).kind \
        == "reverse_charge"


@pytest.mark.parametrize("vat_valid", [False, None])
def test_a_vat_number_vies_did_not_confirm_is_taxed_as_a_consumer(vat_valid):
    below = taxes.regime(country="FR", tax_id="FR43713392298", vat_valid=vat_valid, on=ON)
    assert (below.kind, below.rate) == ("spanish_iva", Decimal("21"))
    above = taxes.regime(country="FR", tax_id="FR43713392298", vat_valid=vat_valid, oss=True, on=ON)
    assert (above.kind, above.rate) == ("oss", Decimal("20"))


def test_an_eu_consumer_pays_spanish_iva_below_the_threshold_and_their_own_rate_above_it():
    below = taxes.regime(country="DE", postcode="10115", oss=False, on=ON)
    assert (below.kind, below.rate, below.vat_country, below.mention("es")) == (
        "spanish_iva", Decimal("21"), "ES", None)
    above = taxes.regime(country="DE", postcode="10115", oss=True, on=ON)
    assert (above.kind, above.rate, above.vat_country) == ("oss", Decimal("19"), "DE")
    assert above.mention("es") == ("IVA de Alemania al 19 %, declarado en el régimen de la Unión "
                                   "de ventanilla única (OSS).")
    assert above.mention("en") == "Germany VAT at 19%, declared under the EU One-Stop Shop (OSS) scheme."
    # 10.00 at 19 % is 1.90; 9.99 at 19 % = 1.8981 → 1.90
    assert above.tax(eur("9.99")) == eur("1.90")


def test_a_decimal_rate_is_exact_and_written_in_each_languages_way():
    r = taxes.regime(country="FI", oss=True, on=ON)
    assert r.rate == Decimal("25.5")
    assert "al 25,5 %" in r.mention("es") and "at 25.5%" in r.mention("en")
    # 10.00 × 25.5 % = 2.55 exactly; 0.10 × 25.5 % = 0.0255 → 0.03
    assert r.tax(eur("10.00")) == eur("2.55") and r.tax(eur("0.10")) == eur("0.03")


def test_monaco_is_taxed_as_france():
    r = taxes.regime(country="MC", oss=True, on=ON)
    assert (r.kind, r.rate, r.vat_country) == ("oss", Decimal("20"), "FR")


@pytest.mark.parametrize("country", ["US", "GB", "CH", "AD", "NO", "MX"])
def test_outside_the_eu_no_vat_with_the_mention_business_or_not(country):
    for tax_id, vat_valid in (("", None), ("GB123456789", None)):
        r = taxes.regime(country=country, tax_id=tax_id, vat_valid=vat_valid, oss=True, on=ON)
        assert (r.kind, r.rate, r.vat_country) == ("outside_eu", Decimal("0"), None)
        assert "fuera de la Unión Europea" in r.mention("es") and "outside the European Union" in r.mention("en")


def test_rates_follow_the_date_of_the_document():
    assert taxes.standard_rate("FI", date(2024, 8, 31)) == Decimal("24")
    assert taxes.standard_rate("FI", date(2024, 9, 1)) == Decimal("25.5")
    assert taxes.standard_rate("SK", date(2024, 12, 31)) == Decimal("20")
    assert taxes.standard_rate("SK", date(2025, 1, 1)) == Decimal("23")
    assert [taxes.standard_rate("LU", date(y, 6, 1)) for y in (2022, 2023, 2024)] == [
        Decimal("17"), Decimal("16"), Decimal("17")]
    assert taxes.standard_rate("EE", date(2025, 7, 1)) == Decimal("24")
    with pytest.raises(ValueError):
        taxes.standard_rate("ES", date(2020, 1, 1))  # before the data: refused, not guessed
    with pytest.raises(ValueError):
        taxes.standard_rate("US", ON)


def test_the_data_has_a_rate_for_every_member_state_in_date_order():
    rates = taxes.data()["rates"]
    assert set(rates) == set(EU)
    for country, entries in rates.items():
        dates = [e["from"] for e in entries]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), country
        assert entries[0]["from"] == date(2021, 7, 1), country
        for e in entries:
            assert isinstance(e["rate"], str) and Decimal(e["rate"]) > 0, country  # text: exact
    assert taxes.standard_rate("ES", ON) == Decimal("21")


def test_every_mention_has_both_languages():
    data = taxes.data()
    for words in [*data["mentions"].values(), *(t["mention"] for t in data["territories"])]:
        assert set(words) == {"es", "en"} and all(w.strip() for w in words.values())


def test_oss_applies_past_the_threshold_in_the_previous_year_or_this_one_or_when_opted_in():
    threshold = eur("10000.00")
    assert not taxes.oss_in_force(eur("9999.99"), eur("10000.00"), threshold=threshold, opted_in=False)
    assert taxes.oss_in_force(eur("10000.01"), eur("0.00"), threshold=threshold, opted_in=False)
    assert taxes.oss_in_force(eur("0.00"), eur("10000.01"), threshold=threshold, opted_in=False)
    assert taxes.oss_in_force(eur("0.00"), eur("0.00"), threshold=threshold, opted_in=True)


def test_the_threshold_is_a_setting_of_ten_thousand_euros(override_settings_unit):
    assert not taxes.oss_in_force(eur("10000.00"), eur("0.00"), opted_in=False)
    assert taxes.oss_in_force(eur("10000.01"), eur("0.00"), opted_in=False)
    override_settings_unit(oss_threshold_cents=500_000)
    assert taxes.oss_in_force(eur("5000.01"), eur("0.00"), opted_in=False)


def test_tax_is_rounded_per_line_and_the_lines_taxes_are_added():
    r = taxes.regime(country="ES", on=ON)
    # Each 0.07 line: 0.0147 → 0.01, so 0.03 in all, where the tax of the sum
    # (0.21 → 0.0441) would have been 0.04.
    lines = [eur("0.07")] * 3
    t = taxes.totals(lines, r)
    assert (t.net, t.tax, t.gross) == (eur("0.21"), eur("0.03"), eur("0.24"))
    # A refund's tax is exactly minus its charge's.
    assert r.tax(eur("-9.95")) == -r.tax(eur("9.95"))
    # Half a cent goes up: 0.50 × 21 % = 0.105 → 0.11
    assert r.tax(eur("0.50")) == eur("0.11")


def test_without_a_date_the_rate_in_force_today_in_madrid_applies():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    assert taxes.today() == datetime.now(ZoneInfo("Europe/Madrid")).date()
    assert taxes.regime(country="ES").rate == taxes.standard_rate("ES", taxes.today())
