"""Answer shapes every area reuses, for the OpenAPI document (never for validation at run
time: the tests check every answer against the document instead, see tests/support).

Answers are described with the same pydantic models as request bodies, imported only
when the document is built.
"""

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

# The API's times: UTC, to the second, with a Z (db.iso).
Timestamp = str


class Answer(BaseModel):
    """An answer's fields are all present (nullable ones as null) and no others."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Page(Answer, Generic[T]):
    """One page of a listing: `next` is the cursor of the following page, or null."""

    items: list[T]
    next: str | None = Field(description="Pass as ?cursor= for the next page; null on the last")


class Empty(Answer):
    """An accepted request with nothing to tell (202)."""


class Money(Answer):
    """An amount in minor units (cents) and its ISO 4217 currency."""

    amount: int
    currency: str = Field(pattern="^[A-Z]{3}$")
