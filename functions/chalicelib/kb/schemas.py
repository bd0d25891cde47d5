"""Request bodies and answers of the kb routes."""

from pydantic import StrictBool

from ..shapes import Answer
from ..validation import Schema


class Vote(Schema):
    helpful: StrictBool


class Tally(Answer):
    helpful: int
    not_helpful: int
    my_vote: bool | None
