"""Answers of the activity log (the OpenAPI document's response schemas)."""

from pydantic import Field

from ..shapes import Answer, Page, Timestamp


class ActivityEntry(Answer):
    id: str
    at: Timestamp
    event: str = Field(description="One of the events the areas declare")
    ip: str
    user_agent: str
    device: str = Field(description="Browser and system, as Seguridad names sessions")
    actor: str = Field(description="\"owner\", the login contact's address, or \"staff\" "
                                   "(a member of staff; its address, IP and device are not shown)")
    detail: str


ActivityPage = Page[ActivityEntry]
