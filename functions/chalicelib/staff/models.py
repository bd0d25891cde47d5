"""The staff console's own items (keys: see chalicelib/db.py). Members, their sign-ins and
sessions are the kernel's (auth/staff.py), the audit trail too (audit.py)."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..db import Item, client_pk


class StaffNote(Item, discriminator="staff_note"):
    """A note staff keep on a client. In the client's partition, under a prefix no
    customer's route reads. sk = NOTE#<note_id> (time-ordered)."""

    PREFIX = "NOTE#"

    @staticmethod
    def key(client_id: str, note_id: str) -> tuple[str, str]:
        return client_pk(client_id), f"NOTE#{note_id}"

    note_id = UnicodeAttribute()
    client_id = UnicodeAttribute()
    text = UnicodeAttribute()
    staff_id = UnicodeAttribute()
    staff_name = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class StaffToken(Item, discriminator="staff_token"):
    """A one-time link to choose a staff password (an invitation, an admin's link, the
    operator's `make staff-user`). pk = STAFFTOKEN#<sha256 of the secret>."""

    @staticmethod
    def key(token_hash: str) -> tuple[str, str]:
        return f"STAFFTOKEN#{token_hash}", "TOKEN"

    staff_id = UnicodeAttribute()
    # The member's password_generation when the link was made: a password chosen since
    # (through another link, or changed) makes the link useless.
    password_generation = NumberAttribute(default=0)
