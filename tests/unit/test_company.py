"""The company's data file: every stage's file is valid, a wrong value stops the loading
naming the file and the field, and derived values (the VAT number) are never stored."""

import dataclasses
import json
from decimal import Decimal

import pytest

from chalicelib import company
from chalicelib.company import CompanyError, load, path_of, read


def raw(stage: str = "local") -> dict:
    return json.loads(path_of(stage).read_text(encoding="utf-8"))


def written(tmp_path, data: dict):
    path = tmp_path / "company.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def changed(tmp_path, dotted: str, value) -> dict:
    data = raw()
    target = data
    *parents, last = dotted.split(".")
    for part in parents:
        target = target[part]
    target[last] = value
    return data


def refusal(tmp_path, dotted: str, value) -> str:
    path = written(tmp_path, changed(tmp_path, dotted, value))
    with pytest.raises(CompanyError) as caught:
        load("local", path)
    message = str(caught.value)
    assert str(path) in message, "the message names the file"
    return message


@pytest.mark.parametrize("stage", company.STAGES)
def test_every_stages_file_passes_every_check(stage):
    assert company.problems(load(stage)) == []


def test_the_object_holds_exactly_what_the_file_says():
    data = raw()
    data.pop("_comment")
    assert dataclasses.asdict(load("local")) == data


def test_the_test_stage_runs_the_local_stacks_company():
    assert path_of("test") == path_of("local")
    with pytest.raises(CompanyError, match="no company file for stage 'qa'"):
        path_of("qa")


# -- NIF and VAT number --------------------------------------------------------------------

def test_the_vat_number_is_derived_from_the_nif_and_never_stored():
    assert "vat_number" not in raw()
    c = load("local")
    assert c.vat_number == "ES" + c.nif
    assert "vat_number" not in {f.name for f in dataclasses.fields(c)}


def test_a_file_that_stores_the_vat_number_is_refused(tmp_path):
    data = {**raw(), "vat_number": "ESB00000000"}
    with pytest.raises(CompanyError, match="vat_number is derived"):
        read("local", written(tmp_path, data))


@pytest.mark.parametrize("nif, why", [
    ("B00000001", "not a valid Spanish NIF"),   # wrong check digit
    ("ESB00000000", "without the ES prefix"),
    ("esB00000000", "without the ES prefix"),
    ("b00000000", "write it as B00000000"),
    ("B-00000000", "write it as B00000000"),
    ("B０００００００0", "not a valid Spanish NIF"),  # full-width digits
    ("", "not a valid Spanish NIF"),
])
def test_a_wrong_nif_stops_the_loading_with_a_clear_message(tmp_path, nif, why):
    message = refusal(tmp_path, "nif", nif)
    assert "nif:" in message and why in message


# -- bank -----------------------------------------------------------------------------------

@pytest.mark.parametrize("iban, why", [
    ("ES0000000000000000000000", "not a valid IBAN"),     # what the old settings held
    ("ES9121000418450200051333", "not a valid IBAN"),     # one digit changed
    ("ES91 2100 0418 4502 0005 1332", "electronic form, without spaces: ES9121000418450200051332"),
    ("es9121000418450200051332", "electronic form"),
    ("XX9121000418450200051332", "not a valid IBAN"),
    ("", "not a valid IBAN"),
])
def test_a_wrong_iban_stops_the_loading_with_a_clear_message(tmp_path, iban, why):
    message = refusal(tmp_path, "bank.iban", iban)
    assert "bank.iban:" in message and why in message


@pytest.mark.parametrize("bic, why", [
    ("XXXXESMMXXX", "is not the bank of the IBAN"),   # the old placeholder: another bank
    ("CAIXES", "not a valid BIC"),
    ("caixesbbxxx", "write it as CAIXESBBXXX"),
])
def test_a_wrong_bic_stops_the_loading(tmp_path, bic, why):
    message = refusal(tmp_path, "bank.bic", bic)
    assert "bank.bic:" in message and why in message


def test_the_iban_is_stored_compact_and_shown_in_groups_of_four():
    bank = load("local").bank
    assert " " not in bank.iban
    assert bank.iban_display == "ES91 2100 0418 4502 0005 1332"


# -- everything else ----------------------------------------------------------------------

@pytest.mark.parametrize("dotted, value, why", [
    ("phone", "900 000 000", "write it in E.164, +34900000000"),
    ("phone", "+34 12", "not a possible phone number"),
    ("email", "legal", "email: legal:"),
    ("privacy_email", "Privacidad@Portico.Example", "write it as"),
    ("address.postcode", "2800", "not a postcode of ES"),
    ("address.country", "FR", "Spanish company"),
    ("tax.country", "PT", "Spanish company"),
    ("legal_name", "  ", "legal_name: must be non-empty"),
    ("trade_name", "Portico\u202eHosting", "trade_name: must be non-empty"),  # bidi override
    ("bank.holder", "Portico ", "bank.holder:"),
])
def test_other_wrong_values_are_named(tmp_path, dotted, value, why):
    assert why in refusal(tmp_path, dotted, value)


def test_every_wrong_value_is_named_at_once(tmp_path):
    data = changed(tmp_path, "nif", "B00000001")
    data["bank"]["iban"] = "ES0000000000000000000000"
    with pytest.raises(CompanyError) as caught:
        load("local", written(tmp_path, data))
    assert "nif:" in str(caught.value) and "bank.iban:" in str(caught.value)


@pytest.mark.parametrize("mangle, why", [
    (lambda d: d.pop("nif"), "missing field 'nif'"),
    (lambda d: d["bank"].pop("bic"), "missing field 'bank.bic'"),
    (lambda d: d.update(iban="ES91"), "unknown field 'iban'"),  # a typo'd place is no value
    (lambda d: d.update(trade_name=7), "trade_name must be text"),
    (lambda d: d.update(address="Calle Ejemplo 1"), "address must be a JSON object"),
    (lambda d: d["tax"].update(vat_rate="veintiuno"), "tax.vat_rate must be a percentage"),
    (lambda d: d["tax"].update(vat_rate=121), "tax.vat_rate must be a percentage"),
    (lambda d: d["tax"].update(vat_rate=True), "tax.vat_rate must be a percentage"),
])
def test_a_file_of_the_wrong_shape_is_refused_naming_the_field(tmp_path, mangle, why):
    data = raw()
    mangle(data)
    with pytest.raises(CompanyError) as caught:
        read("local", written(tmp_path, data))
    assert why in str(caught.value)


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "company.json"
    path.write_text('{"legal_name": ', encoding="utf-8")
    with pytest.raises(CompanyError, match="cannot be read as JSON"):
        read("local", path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CompanyError, match="must be a JSON object"):
        read("local", path)


def test_the_vat_rate_is_a_decimal_percentage():
    assert load("local").tax.vat_rate == Decimal(21)


def test_addresses_and_phones_are_shown_in_each_language():
    c = load("local")
    assert c.address.line("es") == "Calle Ejemplo 1, 2.º, 28001 Madrid, España"
    assert c.address.line("en") == "Calle Ejemplo 1, 2.º, 28001 Madrid, Spain"
    assert c.phone_display == "+34 900 000 000"


# -- the functions ------------------------------------------------------------------------

def test_the_functions_company_is_their_stages_file_as_written():
    from chalicelib.config import settings

    data = raw(settings.stage)
    data.pop("_comment")
    assert settings.stage == "test" and dataclasses.asdict(company.current()) == data
    assert company.current() == load("local")


def test_the_functions_read_the_file_without_checking_libraries():
    """The deploy checked the file: the Lambda neither imports nor carries schwifty."""
    import subprocess
    import sys

    from tests.unit.test_project import ROOT

    code = ("import sys; from chalicelib.company import current; current(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'schwifty', 'stdnum', 'phonenumbers', 'email_validator'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": f"{ROOT / 'functions'}", "PATH": "/usr/bin:/bin",
                              "STAGE": "prod"}, check=True)
    assert out.stdout.strip() == "[]"
