"""Answers of Mis Emails (the OpenAPI document's response schemas)."""

from pydantic import Field

from ..shapes import Answer, Page, Timestamp


class EmailSummary(Answer):
    id: str
    sent_at: Timestamp
    subject: str
    to: list[str]
    kind: str = Field(description="An e-mail kind (see the contact's email_preferences), or "
                                  "\"account\" for links and security notices")
    status: str = Field(description="queued (the message is being sent in the background), "
                                    "sent, failed, suppressed, bounced or complained")


EmailPage = Page[EmailSummary]


class Email(EmailSummary):
    body_text: str
    body_html: str = Field(description="Sanitised: no script, no image, secrets redacted")
