"""Answers of the downloads route."""

from ..shapes import Answer, Timestamp


class DownloadLink(Answer):
    url: str
    expires_at: Timestamp | None
