"""Postcodes and tax ids checked per country, and stored in one normal form.

Postcode formats are data (POSTCODES): Spain, every EU member state and a few neighbours
the company sells to; elsewhere a postcode is free text within the field's length. Tax ids
are checked with python-stdnum (imported on first use): Spanish NIF/NIE/CIF for Spain, the
VAT number for other EU countries; elsewhere free text.
"""

import re

from .countries import EU
from .errors import ValidationFailed
from .i18n import t
from .phones import e164

# country: (pattern of the upper-cased, single-spaced text; its normal form from the
# pattern's groups; an example for the error message)
POSTCODES: dict[str, tuple[str, str, str]] = {
    "ES": (r"((?:0[1-9]|[1-4]\d|5[0-2])\d{3})", "{0}", "28013"),
    "AT": (r"(\d{4})", "{0}", "1010"),
    "BE": (r"(\d{4})", "{0}", "1000"),
    "BG": (r"(\d{4})", "{0}", "1000"),
    "CY": (r"(\d{4})", "{0}", "1010"),
    "CZ": (r"(\d{3}) ?(\d{2})", "{0} {1}", "110 00"),
    "DE": (r"(\d{5})", "{0}", "10115"),
    "DK": (r"(\d{4})", "{0}", "1050"),
    "EE": (r"(\d{5})", "{0}", "10111"),
    "FI": (r"(\d{5})", "{0}", "00100"),
    "FR": (r"(\d{5})", "{0}", "75001"),
    "GR": (r"(\d{3}) ?(\d{2})", "{0} {1}", "105 57"),
    "HR": (r"(\d{5})", "{0}", "10000"),
    "HU": (r"(\d{4})", "{0}", "1051"),
    # Eircode: routing key and unique identifier.
    "IE": (r"([AC-FHKNPRTV-Y]\d{2}|D6W) ?([0-9AC-FHKNPRTV-Y]{4})", "{0} {1}", "D02 X285"),
    "IT": (r"(\d{5})", "{0}", "00184"),
    "LT": (r"(?:LT-?)?(\d{5})", "LT-{0}", "LT-01100"),
    "LU": (r"(?:L-?)?(\d{4})", "L-{0}", "L-1009"),
    "LV": (r"(?:LV-?)?(\d{4})", "LV-{0}", "LV-1050"),
    "MT": (r"([A-Z]{3}) ?(\d{4})", "{0} {1}", "VLT 1117"),
    "NL": (r"([1-9]\d{3}) ?([A-Z]{2})", "{0} {1}", "1012 AB"),
    "PL": (r"(\d{2})-?(\d{3})", "{0}-{1}", "00-950"),
    "PT": (r"(\d{4})-?(\d{3})", "{0}-{1}", "1100-148"),
    "RO": (r"(\d{6})", "{0}", "010011"),
    "SE": (r"(\d{3}) ?(\d{2})", "{0} {1}", "111 22"),
    "SI": (r"(?:SI-?)?(\d{4})", "{0}", "1000"),
    "SK": (r"(\d{3}) ?(\d{2})", "{0} {1}", "811 01"),
    "AD": (r"(?:AD)?(\d{3})", "AD{0}", "AD500"),
    "CH": (r"(\d{4})", "{0}", "8001"),
    "GB": (r"([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})", "{0} {1}", "SW1A 1AA"),
    "NO": (r"(\d{4})", "{0}", "0150"),
    "US": (r"(\d{5}(?:-\d{4})?)", "{0}", "94103"),
}

# stdnum's country module for a VAT number; Greece's prefix is EL.
_VAT_PREFIX = {"GR": "EL"}

# One tax id per checked country that passes its check digits, for the OpenAPI document
# (a client generating requests from it needs a valid one; check digits are no pattern).
# Made up to satisfy the checksums, not taken from real companies' records.
TAX_ID_EXAMPLES = {
    "ES": "B12345674", "AT": "ATU36083778", "BE": "BE0702858733", "BG": "BG5294648464",
    "CY": "CY76819742E", "CZ": "CZ87064952", "DE": "DE923949697", "DK": "DK27154484",
    "EE": "EE371496385", "FI": "FI33791275", "FR": "FR43713392298", "GR": "EL004321032",
    "HR": "HR67324968608", "HU": "HU53608372", "IE": "IE4282459O", "IT": "IT18435370632",
    "LT": "LT837832515", "LU": "LU57977024", "LV": "LV70092140206", "MT": "MT32063429",
    "NL": "NL337743149B01", "PL": "PL3584324691", "PT": "PT746946732", "RO": "RO3034102090",
    "SE": "SE384287904501", "SI": "SI38270021", "SK": "SK4682419313",
}


def postcode(value: str, country: str) -> str | None:
    """The postcode in its country's normal form, or None if it does not fit the format."""
    rule = POSTCODES.get(country)
    if not rule or not value:
        return value
    pattern, form, _example = rule
    match = re.fullmatch(pattern, " ".join(value.upper().split()), re.ASCII)
    return form.format(*match.groups()) if match else None


def tax_id(value: str, country: str) -> str | None:
    """The tax id without spaces or dashes, upper case; None if invalid for the country.

    Spain keeps the NIF as Spaniards write it (no ES prefix); another EU country's number
    is its VAT number with the country prefix, as an intra-EU invoice shows it.
    """
    if not value or (country != "ES" and country not in EU):
        return value
    from stdnum.es import nif
    from stdnum.eu import vat

    number = re.sub(r"[\s.\-/]", "", value).upper()
    if not number.isascii():
        return None  # stdnum would read other scripts' digits as 0-9
    if country == "ES":
        return nif.compact(number) if nif.is_valid(number) else None
    prefix = _VAT_PREFIX.get(country, country)
    if not number.startswith(prefix):
        number = prefix + number
    return vat.compact(number) if vat.is_valid(number) else None


def check(fields: dict, country: str) -> dict:
    """Normalise the phone, postcode and tax_id in `fields` for `country`, in place; 422
    naming every field that does not fit. Absent or empty fields are left alone."""
    errors = {}
    if fields.get("phone"):
        fields["phone"] = e164(fields["phone"], country)
        if not fields["phone"]:
            errors["phone"] = t("field.phone")
    if "postcode" in fields:
        normal = postcode(fields["postcode"], country)
        if normal is None:
            errors["postcode"] = t("field.postcode", example=POSTCODES[country][2])
        fields["postcode"] = normal
    if "tax_id" in fields:
        normal = tax_id(fields["tax_id"], country)
        if normal is None:
            errors["tax_id"] = t("field.tax_id_es" if country == "ES" else "field.tax_id_vat")
        fields["tax_id"] = normal
    if errors:
        raise ValidationFailed(fields=errors)
    return fields
