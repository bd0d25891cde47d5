"""Field types shared by every request schema: trimmed text, e-mail, country, phone.

A schema is a pydantic model (strict, unknown fields refused, built on first use so that
import stays cheap); failures carry our own error types, which chalicelib.http turns into
the per-field messages of i18n.py.
"""

import re
import unicodedata
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .countries import CODES as COUNTRIES

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Schema(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)


def fail(kind: str, **ctx):
    raise PydanticCustomError(kind, kind, ctx or None)


# Characters a person cannot see or that end a line somewhere (e-mail headers, logs, JS):
# controls (Cc) other than tab and newline, lone surrogates (Cs), line and paragraph
# separators (Zl, Zp) and format characters (Cf: bidi overrides, zero-width spaces, BOM).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp", "Cf"})
# The zero-width (non-)joiner is part of how Persian, Indic scripts and emoji are written:
# allowed between two visible characters, as in "علی‌رضا" or "👩‍💻".
_JOINERS = frozenset("\u200c\u200d")
# Letters and symbols that draw nothing (Hangul fillers, braille blank): with spaces and
# combining marks alone they make a value that looks empty.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _refused(value: str, index: int) -> bool:
    char = value[index]
    if char in "\t\n":
        return False
    if char in _JOINERS:
        return not (0 < index < len(value) - 1
                    and _joinable(value[index - 1]) and _joinable(value[index + 1]))
    return unicodedata.category(char) in _REFUSED_CATEGORIES


def _joinable(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMNS"


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LOOKING


def _clean_text(value: str) -> str:
    """Refuse control, separator and format characters; trim; NFC. A value of nothing
    visible (spaces, fillers, lone combining marks) counts as empty."""
    for index in range(len(value)):
        if _refused(value, index):
            fail("control_characters")
    value = unicodedata.normalize("NFC", value.strip())
    if not any(_visible(c) for c in value):
        return ""
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        fail("invalid")
    return value


def _no_lookalike_digits(value: str) -> str:
    # A phone is typed with ASCII digits; any other digit (Arabic-Indic, full-width, "²")
    # is refused rather than silently converted.
    if any(not c.isascii() and unicodedata.category(c)[0] == "N" for c in value):
        fail("phone")
    return value


def _required(value: str) -> str:
    if not value:
        fail("required")
    return value


def _email(value: str) -> str:
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        fail("email")
    if not value.rpartition("@")[0].isascii():
        # SES has no SMTPUTF8: a non-ASCII local part could never be mailed.
        fail("email_local_ascii")
    from email_validator import EmailNotValidError, validate_email

    try:
        # test_environment: reserved test domains (name@empresa.test) are addresses too.
        valid = validate_email(value, check_deliverability=False, test_environment=True,
                               allow_smtputf8=False)
    except EmailNotValidError:
        fail("email")
    # The domain as people read it (Unicode); the mail code sends its Punycode form.
    return valid.normalized


def _country(value: str) -> str:
    value = value.strip().upper()
    if value not in COUNTRIES:
        fail("country")
    return value


def _upper_first(value):
    return value.strip().upper() if isinstance(value, str) else value


def _optional(value):
    # An optional text sent as null means "no value".
    return "" if value is None else value


# What the OpenAPI document states about these types (built only for the document).

@cache
def line_pattern() -> str:
    """A JSON Schema pattern refusing what _clean_text and _single_line refuse: controls,
    separators and format characters, listed from unicodedata. Basic plane only, as \\uXXXX
    (which ECMA-262 and Python read alike); the description states the rest."""
    ranges, start = [], None
    for cp in range(0x10000):
        # Surrogates left out: a JSON string holds none, and ECMA-262 without the u flag
        # would read every emoji as two of them.
        refused = unicodedata.category(chr(cp)) in _REFUSED_CATEGORIES - {"Cs"}
        if refused and start is None:
            start = cp
        elif not refused and start is not None:
            ranges.append((start, cp - 1))
            start = None
    body = "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"^[^{body}]*$"


def _line_schema(required: bool):
    def extra(schema: dict) -> None:
        schema["pattern"] = line_pattern()
        schema["description"] = (
            "One line of text, trimmed and NFC-normalised. Refused: control characters, line "
            "and paragraph separators, format characters (bidi controls, zero-width spaces, "
            "BOM; a zero-width joiner or non-joiner only between two visible characters)."
            + (" Required: must contain a visible character (not only spaces, fillers or "
               "combining marks)." if required else " Optional: empty or null means none."))
        if required:
            schema["minLength"] = 1
    return extra


Line = Annotated[str, AfterValidator(_clean_text), AfterValidator(_single_line)]
Text = Annotated[str, AfterValidator(_clean_text)]


def line(max_length: int = 100, *, required: bool = True):
    """A one-line text field: trimmed, NFC, no control characters, at most max_length."""
    documented = Field(max_length=max_length, json_schema_extra=_line_schema(required))
    if required:
        return Annotated[Line, AfterValidator(_required), documented]
    return Annotated[Line, BeforeValidator(_optional), documented]


def phone_line(*, required: bool = True):
    """A phone number as typed: one line whose digits are ASCII."""
    def extra(schema: dict) -> None:
        schema.update({
            "pattern": r"^\+?[0-9][0-9 ().-]*$" if required else r"^(\+?[0-9][0-9 ().-]*)?$",
            "description": "A phone number possible for the country (see `country`; a "
                           "national number is read in it), with its international prefix or "
                           "not; ASCII digits only. Answered in E.164.",
            "examples": ["+34 612 345 678"]})
        if required:
            schema["minLength"] = 1

    return Annotated[line(30, required=required), AfterValidator(_no_lookalike_digits),
                     Field(json_schema_extra=extra)]


Email = Annotated[str, Field(max_length=254, json_schema_extra={
    "format": "email",
    "description": "An e-mail address. The part before the @ must be ASCII (mail is sent "
                   "without SMTPUTF8); an internationalised domain is accepted in Unicode or "
                   "Punycode and answered in Unicode. One address however spelt."}),
    AfterValidator(_email)]
Country = Annotated[str, BeforeValidator(_upper_first), AfterValidator(_country),
                    Field(json_schema_extra=lambda s: s.update(
                        enum=sorted(COUNTRIES), description="ISO 3166-1 alpha-2 code."))]
Language = Annotated[str, AfterValidator(lambda v: v if v in ("es", "en") else fail("language")),
                     Field(json_schema_extra={"enum": ["es", "en"]})]
Password = Annotated[str, Field(max_length=200)]
NewPassword = Annotated[str, Field(max_length=200, json_schema_extra={
    "minLength": 10,
    "description": "At least 10 characters, not a common password, not the e-mail address."})]
MustBeTrue = Annotated[bool, Field(json_schema_extra={"const": True})]

