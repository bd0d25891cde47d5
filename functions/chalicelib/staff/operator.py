"""The operator: who acts when no member of staff does (`make staff-user`, the local
demo). The audit trail names it as staff id "operator"."""

from dataclasses import dataclass

from ..auth.staff import ROLES
from . import members


@dataclass(frozen=True)
class Operator:
    staff_id: str = "operator"
    email: str = "operator"


OPERATOR = Operator()


def create_member(email: str, name: str, role: str, language: str = "es") -> tuple[object, str]:
    """Create a member as the operator; return it and the secret of its password link
    (the caller prints the link; no password is ever chosen or shown here)."""
    body = _checked(email, name, role, language)
    member = members.new_member(body.email, body.name, body.role, body.language)
    return member, members.create(OPERATOR, member)


def _checked(email: str, name: str, role: str, language: str):
    from .schemas import StaffMemberInvite

    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    try:
        return StaffMemberInvite.model_validate(
            {"email": email, "name": name, "role": role, "language": language})
    except Exception as exc:  # pydantic's ValidationError, or ours
        raise ValueError(str(exc)) from exc
