"""The dashboard's answer: each part appears only for whom may see it."""

from typing import Literal

from pydantic import ConfigDict, Field

from ..shapes import Answer, Money, Timestamp


class Person(Answer):
    first_name: str
    last_name: str
    role: Literal["owner", "contact"]
    permissions: list[str] = Field(description="What this person may use (an owner: every "
                                               "permission), as /auth/me says it: the page's "
                                               "menu shows only those, with no second call")


class ClientState(Answer):
    first_name: str
    last_name: str
    email: str
    email_verified: bool
    two_factor_enabled: bool


class Figure(Answer):
    active: int
    items: list[dict]


class Invoices(Answer):
    unpaid: int
    total_due: Money
    items: list[dict]


class Tickets(Answer):
    open: int
    items: list[dict]


class RecentEmail(Answer):
    id: str
    subject: str
    sent_at: Timestamp


def _left_out_not_null(schema: dict) -> None:
    for part in schema["properties"].values():
        part.pop("default", None)


class Dashboard(Answer):
    """Every part but `me` is left out (not null) when the person may not see it."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=False,
                              json_schema_extra=_left_out_not_null)

    me: Person
    client: ClientState = None
    contacts: int = None
    services: Figure = None
    domains: Figure = None
    invoices: Invoices = None
    tickets: Tickets = None
    recent_emails: list[RecentEmail] = None
