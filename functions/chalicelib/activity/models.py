"""The activity log the customer reads. sk = ACTIVITY#<event_id> (time-ordered)."""

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..db import Item, client_pk


class Activity(Item, discriminator="activity"):
    PREFIX = "ACTIVITY#"

    @staticmethod
    def key(client_id: str, event_id: str) -> tuple[str, str]:
        return client_pk(client_id), f"ACTIVITY#{event_id}"

    event_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    event = UnicodeAttribute()
    ip = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    actor = UnicodeAttribute(default="owner")  # "owner", or the login contact's address
    detail = UnicodeAttribute(default="")
