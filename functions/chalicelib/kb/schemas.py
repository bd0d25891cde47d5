"""Request bodies of the kb routes, validated once at the edge."""

from pydantic import StrictBool

from ..validation import Schema


class Vote(Schema):
    helpful: StrictBool
