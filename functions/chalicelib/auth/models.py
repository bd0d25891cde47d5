"""Who can sign in, and whose data it is: the client (account owner's profile), its
contacts, sign-ins and sessions. Every area reads these through the kernel; the accounts
area holds the rules that change them. Keys: see chalicelib/db.py."""

import time

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from ..db import Item, client_pk
from ..email_addresses import canonical


def login_pk(email: str) -> str:
    # One key per mailbox, however the address is spelt (case, Punycode, NFC).
    return f"LOGIN#{canonical(email)}"


class Client(Item, discriminator="client"):
    """The customer's profile (Mis Datos). sk = PROFILE."""

    @staticmethod
    def key(client_id: str) -> tuple[str, str]:
        return client_pk(client_id), "PROFILE"

    client_id = UnicodeAttribute()
    email = UnicodeAttribute()
    email_verified = BooleanAttribute(default=False)
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    company = UnicodeAttribute(default="")
    tax_id = UnicodeAttribute(default="")
    # VIES's word on an EU VAT number (chalicelib/vies.py), asked when it was saved:
    # True registered, False not, None no answer; both None when no check applies.
    vat_valid = BooleanAttribute(null=True)
    vat_checked_at = UTCDateTimeAttribute(null=True)
    address1 = UnicodeAttribute()
    address2 = UnicodeAttribute(default="")
    city = UnicodeAttribute()
    state = UnicodeAttribute(default="")
    postcode = UnicodeAttribute()
    country = UnicodeAttribute()
    phone = UnicodeAttribute()
    language = UnicodeAttribute(default="es")
    marketing_opt_in = BooleanAttribute(default=False)
    two_factor_enabled = BooleanAttribute(default=False)
    terms_accepted_at = UTCDateTimeAttribute()
    created_at = UTCDateTimeAttribute()


class Login(Item, discriminator="login"):
    """A sign-in: one per e-mail address, owner or contact. pk = LOGIN#<address>, sk = LOGIN.

    Holding the address as the key is what makes an address unique across accounts and
    login contacts: creating one is a conditional put.
    """

    @staticmethod
    def key(email: str) -> tuple[str, str]:
        return login_pk(email), "LOGIN"

    email = UnicodeAttribute()
    client_id = UnicodeAttribute()
    contact_id = UnicodeAttribute(null=True)  # None for the account owner
    password_hash = UnicodeAttribute(null=True)  # None until an invited contact chooses one
    security_question = UnicodeAttribute(null=True)
    security_answer_hash = UnicodeAttribute(null=True)
    totp_secret = UnicodeAttribute(null=True)
    totp_pending_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(default=0)
    backup_code_hashes = ListAttribute(of=UnicodeAttribute, default=list)
    known_devices = ListAttribute(of=UnicodeAttribute, default=list)
    # Goes up by one with every password change (change, reset, accepted invitation); a
    # reset link or an invitation holds the number it was issued under and is refused once
    # it moved. A new sign-in starts at fresh_generation(), so links issued for an earlier
    # sign-in of the same address (a contact revoked, then granted again) never match it.
    password_generation = NumberAttribute(default=0)

    def belongs_to(self, client_id: str, contact_id: str | None) -> bool:
        """Is this the sign-in of that person (the owner when contact_id is None)?"""
        return (self.client_id, self.contact_id) == (client_id, contact_id)

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret)

    @property
    def actor(self) -> str:
        """How the activity log names this user: "owner" or the contact's address."""
        return self.email if self.contact_id else "owner"


def same_generation(generation: int):
    """Condition: the sign-in's password has not changed since `generation` was read."""
    if generation == 0:  # sign-ins written before generations were kept have none
        return Login.password_generation.does_not_exist() | (Login.password_generation == 0)
    return Login.password_generation == generation


def fresh_generation() -> int:
    """The first password generation of a new sign-in: microseconds since the epoch, so it
    is above every generation an earlier sign-in of the address reached (one per change)."""
    return time.time_ns() // 1000


def find_login(email: str, *, consistent: bool = False) -> Login | None:
    """The sign-in at this address, or None."""
    try:
        return Login.get(*Login.key(email), consistent_read=consistent)
    except Login.DoesNotExist:
        return None


class Session(Item, discriminator="session"):
    """A signed-in browser. sk = SESSION#<sha256 of the cookie secret>."""

    PREFIX = "SESSION#"

    @staticmethod
    def key(client_id: str, token_hash: str) -> tuple[str, str]:
        return client_pk(client_id), f"SESSION#{token_hash}"

    session_id = UnicodeAttribute()
    contact_id = UnicodeAttribute(null=True)
    ip = UnicodeAttribute(default="")
    user_agent = UnicodeAttribute(default="")
    device = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()


class Contact(Item, discriminator="contact"):
    """Administración de contactos. sk = CONTACT#<contact_id>."""

    PREFIX = "CONTACT#"

    @staticmethod
    def key(client_id: str, contact_id: str) -> tuple[str, str]:
        return client_pk(client_id), f"CONTACT#{contact_id}"

    contact_id = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    email = UnicodeAttribute()
    phone = UnicodeAttribute(default="")
    company = UnicodeAttribute(default="")
    address1 = UnicodeAttribute(default="")
    city = UnicodeAttribute(default="")
    postcode = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="")
    email_preferences = ListAttribute(of=UnicodeAttribute, default=list)
    permissions = ListAttribute(of=UnicodeAttribute, default=list)
    # "invited" until the contact chooses a password, then "active"; "" without sign-in.
    login_status = UnicodeAttribute(default="")
    two_factor_enabled = BooleanAttribute(default=False)  # mirrors its sign-in's state
    created_at = UTCDateTimeAttribute()
