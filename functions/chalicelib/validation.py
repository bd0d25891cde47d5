"""Field types shared by every request schema: trimmed text, e-mail, country, phone.

A schema is a pydantic model (strict, unknown fields refused, built on first use so that
import stays cheap); failures carry our own error types, which chalicelib.http turns into
the per-field messages of i18n.py.
"""

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from chalicelib.countries import CODES as COUNTRIES

# Control characters other than tab and newline, and lone surrogates, which DynamoDB and
# e-mail headers cannot carry.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Schema(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)


def fail(kind: str, **ctx):
    raise PydanticCustomError(kind, kind, ctx or None)


def _clean_text(value: str) -> str:
    if _BAD_CHARS.search(value):
        fail("invalid")
    return unicodedata.normalize("NFC", value.strip())


def _single_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        fail("invalid")
    return value


def _required(value: str) -> str:
    if not value:
        fail("required")
    return value


def _email(value: str) -> str:
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        fail("email")
    from email_validator import EmailNotValidError, validate_email

    try:
        # test_environment: reserved test domains (name@empresa.test) are addresses too.
        valid = validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        fail("email")
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


Line = Annotated[str, AfterValidator(_clean_text), AfterValidator(_single_line)]
Text = Annotated[str, AfterValidator(_clean_text)]


def line(max_length: int = 100, *, required: bool = True):
    """A one-line text field: trimmed, NFC, no control characters, at most max_length."""
    if required:
        return Annotated[Line, AfterValidator(_required), Field(max_length=max_length)]
    return Annotated[Line, BeforeValidator(_optional), Field(max_length=max_length)]


Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]
Country = Annotated[str, BeforeValidator(_upper_first), AfterValidator(_country)]
Language = Annotated[str, AfterValidator(lambda v: v if v in ("es", "en") else fail("language"))]
Password = Annotated[str, Field(max_length=200)]

