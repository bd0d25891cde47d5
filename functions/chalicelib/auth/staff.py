"""Members of staff: who they are, how they sign in, their sessions (the staff console's
items; keys: see chalicelib/db.py). Staff are not customers: their own items, their own
cookie (auth/staff_sessions.py), their own addresses (a staff address may also be a
customer's without the two meeting).

The staff area (chalicelib/staff/) holds the rules that change these; the kernel reads
them to know who calls a staff operation.
"""

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from ..db import Item
from ..email_addresses import canonical

# The roles a member of staff holds (one each). An operation names the roles that may call
# it (api.staff("billing")); admin may call every staff operation.
ADMIN = "admin"
ROLES = (ADMIN, "billing", "support", "technical")


def staff_pk(staff_id: str) -> str:
    return f"STAFF#{staff_id}"


def members_pk() -> str:
    """The index partition that lists every member of staff (gsi1pk)."""
    return "STAFF#MEMBERS"


class Staff(Item, discriminator="staff"):
    """A member of staff, with the secrets of its sign-in. pk = STAFF#<id>, sk = PROFILE;
    in the index under STAFF#MEMBERS / <canonical address>, so the list of staff is one
    Query."""

    @staticmethod
    def key(staff_id: str) -> tuple[str, str]:
        return staff_pk(staff_id), "PROFILE"

    @staticmethod
    def members_key(email: str, staff_id: str) -> tuple[str, str]:
        return members_pk(), f"{canonical(email)}#{staff_id}"

    staff_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    language = UnicodeAttribute(default="es")
    # A disabled member's sessions end at once and it cannot sign in (nothing is deleted:
    # the audit trail names it).
    disabled = BooleanAttribute(default=False)
    password_hash = UnicodeAttribute(null=True)  # None until the member chooses one
    # Goes up with every password change; a password link holds the number it was issued
    # under and is refused once it moved (as customers' reset links).
    password_generation = NumberAttribute(default=0)
    totp_secret = UnicodeAttribute(null=True)
    totp_pending_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(default=0)
    backup_code_hashes = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UTCDateTimeAttribute()

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret)


class StaffLogin(Item, discriminator="staff_login"):
    """A staff sign-in address, leading to its member. pk = STAFFLOGIN#<canonical address>,
    sk = STAFFLOGIN: written with the member on condition it does not exist, so an address
    signs in one member only."""

    @staticmethod
    def key(email: str) -> tuple[str, str]:
        return f"STAFFLOGIN#{canonical(email)}", "STAFFLOGIN"

    staff_id = UnicodeAttribute()


class StaffSession(Item, discriminator="staff_session"):
    """A signed-in staff browser. pk = STAFF#<id>, sk = SESSION#<sha256 of the secret>."""

    PREFIX = "SESSION#"

    @staticmethod
    def key(staff_id: str, token_hash: str) -> tuple[str, str]:
        return staff_pk(staff_id), f"SESSION#{token_hash}"

    session_id = UnicodeAttribute()
    # Signed in with the password but no second factor set up yet: such a session reaches
    # only the second factor's set-up (api.staff(..., setup=True)).
    setup_only = BooleanAttribute(default=False)
    ip = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()


def find_staff(staff_id: str, *, consistent: bool = False) -> Staff | None:
    try:
        return Staff.get(*Staff.key(staff_id), consistent_read=consistent)
    except Staff.DoesNotExist:
        return None


def find_staff_by_email(email: str, *, consistent: bool = False) -> Staff | None:
    """The member signing in with this address, or None."""
    try:
        login = StaffLogin.get(*StaffLogin.key(email), consistent_read=consistent)
    except StaffLogin.DoesNotExist:
        return None
    return find_staff(login.staff_id, consistent=consistent)
