"""Who makes a request: an account owner, one of its login contacts, or a member of staff.

Every area receives a Principal from the operation that declared who may call it
(chalicelib/api.py) and asks it what it may do; no area reads sessions or cookies.
"""

from dataclasses import dataclass, field
from typing import Literal

from .. import registry
from ..errors import Forbidden
from .models import Client, Contact, Session
from .staff import ADMIN, Staff, StaffSession

Kind = Literal["owner", "contact", "staff"]


@dataclass
class Principal:
    kind: Kind
    session: Session | StaffSession | None
    client: Client | None = None
    contact: Contact | None = None
    # Staff only: the member, and the roles it holds.
    staff: Staff | None = None
    roles: tuple[str, ...] = field(default=())

    @classmethod
    def customer(cls, client: Client, session: Session | None,
                 contact: Contact | None = None) -> "Principal":
        return cls("contact" if contact else "owner", session, client, contact)

    @classmethod
    def staff_member(cls, staff: Staff, session: StaffSession | None) -> "Principal":
        return cls("staff", session, staff=staff, roles=(staff.role,))

    @property
    def client_id(self) -> str:
        return self.client.client_id

    @property
    def contact_id(self) -> str | None:
        return self.contact.contact_id if self.contact else None

    @property
    def person(self) -> Client | Contact | Staff:
        """The person signed in: the owner's profile, the contact, or the member of staff."""
        return self.staff or self.contact or self.client

    @property
    def language(self) -> str:
        """The signed-in person's account language."""
        return self.staff.language if self.staff else self.client.language

    @property
    def email(self) -> str:
        return self.person.email

    @property
    def actor(self) -> str:
        """How the activity log names this person: "owner", the contact's address, or
        "staff" (a customer never learns which member of staff acted)."""
        if self.kind == "staff":
            return "staff"
        return self.contact.email if self.contact else "owner"

    @property
    def permissions(self) -> tuple[str, ...]:
        """What this person may use: an owner everything, a contact what it was given."""
        if self.kind == "owner":
            return registry.permissions()
        if self.kind == "contact":
            return tuple(self.contact.permissions)
        return ()

    def may(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if not self.may(permission):
            raise Forbidden()

    @property
    def setup_only(self) -> bool:
        """A member of staff signed in with its password only, setting up its second factor."""
        return self.kind == "staff" and bool(getattr(self.session, "setup_only", False))

    def has_role(self, *roles: str) -> bool:
        """Does this member of staff hold one of `roles`? An admin holds every one."""
        return self.kind == "staff" and bool({ADMIN, *roles} & set(self.roles))

    def require_role(self, *roles: str) -> None:
        if not self.has_role(*roles):
            raise Forbidden()
