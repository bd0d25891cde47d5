"""Postcodes and tax ids per country: real valid and invalid examples, and their normal form."""

import pytest

from chalicelib.addresses import POSTCODES, check, postcode, tax_id
from chalicelib.countries import EU
from chalicelib.errors import ValidationFailed


def test_every_eu_country_and_spain_have_a_postcode_format():
    assert set(POSTCODES) >= EU and "ES" in POSTCODES


@pytest.mark.parametrize("country", sorted(POSTCODES))
def test_each_format_accepts_its_own_example(country):
    example = POSTCODES[country][2]
    assert postcode(example, country) == example
    assert postcode(example.lower(), country) == example


@pytest.mark.parametrize(("country", "typed", "stored"), [
    ("ES", " 28013 ", "28013"), ("ES", "08001", "08001"), ("ES", "52001", "52001"),
    ("PT", "1100148", "1100-148"), ("NL", "1012ab", "1012 AB"), ("PL", "00950", "00-950"),
    ("CZ", "11000", "110 00"), ("IE", "d02x285", "D02 X285"), ("LT", "01100", "LT-01100"),
    ("GB", "sw1a1aa", "SW1A 1AA"), ("MT", "vlt1117", "VLT 1117"),
])
def test_postcodes_are_stored_in_their_country_form(country, typed, stored):
    assert postcode(typed, country) == stored


@pytest.mark.parametrize(("country", "typed"), [
    ("ES", "00123"), ("ES", "53001"), ("ES", "2801"), ("ES", "280133"), ("ES", "28O13"),
    ("ES", "２８０１３"),  # full-width digits are not a Spanish postcode
    ("DE", "1011"), ("DE", "１０１１５"), ("DE", "١٠١١٥"), ("FR", "7500"), ("PT", "1100-14"), ("NL", "0123 AB"), ("IT", "ABCDE"),
])
def test_postcodes_that_do_not_fit_their_country_are_refused(country, typed):
    assert postcode(typed, country) is None


def test_other_countries_postcodes_are_free_text():
    assert postcode("Apartado 12-B", "MX") == "Apartado 12-B"
    assert postcode("", "ES") == ""


@pytest.mark.parametrize(("typed", "stored"), [
    ("12345678Z", "12345678Z"), ("12.345.678-z", "12345678Z"), ("ES 12345678Z", "12345678Z"),
    ("X1234567L", "X1234567L"), ("y-1234567-x", "Y1234567X"),  # NIE
    ("B12345674", "B12345674"), ("A58818501", "A58818501"), ("Q2826000H", "Q2826000H"),  # CIF
])
def test_spanish_nif_nie_and_cif_are_checked_and_normalised(typed, stored):
    assert tax_id(typed, "ES") == stored


@pytest.mark.parametrize("typed", ["12345678A", "X1234567A", "B12345675", "1234", "ESB1234567", "PT501964843", "１２３４５６７８Z"])
def test_spanish_tax_ids_with_a_wrong_check_letter_are_refused(typed):
    assert tax_id(typed, "ES") is None


@pytest.mark.parametrize(("country", "typed", "stored"), [
    ("PT", "501964843", "PT501964843"), ("PT", "pt 501 964 843", "PT501964843"),
    ("DE", "DE136695976", "DE136695976"), ("FR", "FR 40 303 265 045", "FR40303265045"),
    ("GR", "094259216", "EL094259216"), ("NL", "NL004495445B01", "NL004495445B01"),
])
def test_eu_vat_numbers_are_checked_and_stored_with_their_prefix(country, typed, stored):
    assert tax_id(typed, country) == stored


@pytest.mark.parametrize(("country", "typed"), [("PT", "501964842"), ("DE", "DE136695977"), ("FR", "12345678Z")])
def test_invalid_eu_vat_numbers_are_refused(country, typed):
    assert tax_id(typed, country) is None


def test_outside_the_eu_a_tax_id_is_free_text():
    assert tax_id("12-3456789", "US") == "12-3456789"


def test_check_names_every_bad_field_in_the_request_language():
    with pytest.raises(ValidationFailed) as failed:
        check({"postcode": "1", "tax_id": "123", "phone": "12"}, "ES")
    assert set(failed.value.fields) == {"postcode", "tax_id", "phone"}
    assert "28013" in failed.value.fields["postcode"]


def test_the_documents_tax_id_examples_are_valid_for_every_checked_country():
    from chalicelib.addresses import TAX_ID_EXAMPLES
    from chalicelib.countries import EU

    assert set(TAX_ID_EXAMPLES) == set(EU) | {"ES"}
    for country, example in TAX_ID_EXAMPLES.items():
        assert tax_id(example, country) == example, country
