"""How staff things look in API answers (and in the audit trail). Never a hash, a secret
or a code."""

from ..auth.staff import Staff
from ..db import iso


def member(staff: Staff) -> dict:
    return {"id": staff.staff_id, "email": staff.email, "name": staff.name, "role": staff.role,
            "language": staff.language, "disabled": staff.disabled,
            "two_factor_enabled": staff.two_factor_enabled,
            "password_set": bool(staff.password_hash), "created_at": iso(staff.created_at)}


def me(principal) -> dict:
    staff = principal.staff
    return {"id": staff.staff_id, "email": staff.email, "name": staff.name, "role": staff.role,
            "language": staff.language,
            "two_factor_setup_required": principal.setup_only or not staff.two_factor_enabled}


def audit_view(staff: Staff) -> dict:
    """A member's fields as the audit trail compares them before and after a change."""
    return {"email": staff.email, "name": staff.name, "role": staff.role,
            "disabled": staff.disabled, "two_factor_enabled": staff.two_factor_enabled}


def note(item) -> dict:
    return {"id": item.note_id, "client_id": item.client_id, "text": item.text,
            "staff_id": item.staff_id, "staff_name": item.staff_name,
            "created_at": iso(item.created_at)}
