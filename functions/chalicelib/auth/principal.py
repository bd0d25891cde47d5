"""Who makes a request: an account owner, one of its login contacts, or a member of staff.

Every area receives a Principal from the operation that declared who may call it
(chalicelib/api.py) and asks it what it may do; no area reads sessions or cookies.
"""

from dataclasses import dataclass, field
from typing import Literal

from .. import registry
from ..errors import Forbidden
from .models import Client, Contact, Session

Kind = Literal["owner", "contact", "staff"]


@dataclass
class Principal:
    kind: Kind
    session: Session | None
    client: Client | None = None
    contact: Contact | None = None
    # Staff only (the staff console builds on this): the roles a member of staff holds.
    roles: tuple[str, ...] = field(default=())

    @classmethod
    def customer(cls, client: Client, session: Session | None,
                 contact: Contact | None = None) -> "Principal":
        return cls("contact" if contact else "owner", session, client, contact)

    @property
    def client_id(self) -> str:
        return self.client.client_id

    @property
    def contact_id(self) -> str | None:
        return self.contact.contact_id if self.contact else None

    @property
    def person(self) -> Client | Contact:
        """The person signed in: the owner's profile, or the contact."""
        return self.contact or self.client

    @property
    def email(self) -> str:
        return self.person.email

    @property
    def actor(self) -> str:
        """How the activity log names this person: "owner" or the contact's address."""
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

    def require_role(self, role: str) -> None:
        if self.kind != "staff" or role not in self.roles:
            raise Forbidden()
