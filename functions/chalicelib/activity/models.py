"""The activity log the customer reads. sk = ACTIVITY#<event_id> (time-ordered)."""

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from ..db import Item


class Activity(Item, discriminator="activity"):
    event_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    event = UnicodeAttribute()
    ip = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    actor = UnicodeAttribute(default="owner")  # "owner", or the login contact's address
    detail = UnicodeAttribute(default="")
