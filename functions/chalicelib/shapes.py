"""Answer shapes every area reuses, for the OpenAPI document (never for validation at run
time: the tests check every answer against the document instead, see tests/support).

Answers are described with the same pydantic models as request bodies, imported only
when the document is built.
"""

from typing import Generic, Literal, TypeVar

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


class StaffColumn(Answer):
    key: str
    label: str
    type: Literal["text", "datetime", "date", "money", "email", "status", "client"] = Field(
        description="How the console shows the value: a time, a date, an amount, an address, "
                    "a status word, or (client) a link to the client of the row's client_id")


class StaffSection(Answer):
    """What an area adds to the staff console: a part of the staff home (what waits) or a
    section of a client's page. The console shows every area's the same way."""

    area: str = Field(description="The area that adds it")
    key: str = Field(description="Unique within the area")
    title: str
    layout: Literal["table", "fields"] = Field(
        description="table: one row per item; fields: the first row as label/value pairs")
    columns: list[StaffColumn]
    rows: list[dict[str, str | int | bool | None | Money]]
    total: int | None = Field(description="How many there are in all, when more than the rows "
                                          "shown; null when the rows are all")
