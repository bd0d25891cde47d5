"""Staff members (admins manage them): invite, change role, disable, reset the second
factor, send a link to choose a new password. Every change is in the audit trail, in the
same transaction as the change."""

from pynamodb.exceptions import TransactWriteError

from .. import audit
from ..auth.principal import Principal
from ..auth.staff import Staff, StaffLogin, find_staff
from ..auth.staff_sessions import end_staff_sessions
from ..config import settings
from ..db import condition_failed, gsi1_page, new_id, parse_limit, transaction, utcnow
from ..errors import Conflict, EmailTaken, NotFound, field_error
from ..mail.send import send_to_staff
from . import links
from .present import audit_view


def new_member(email: str, name: str, role: str, language: str = "es") -> Staff:
    """Build (not save) a member: no password, no second factor yet."""
    staff_id = new_id()
    member = Staff(*Staff.key(staff_id), staff_id=staff_id, email=email, name=name, role=role,
                   language=language, disabled=False, created_at=utcnow())
    member.gsi1pk, member.gsi1sk = Staff.members_key(email, staff_id)
    return member


def create(who, member: Staff, *, invitation: dict | None = None) -> str:
    """Write a new member, its sign-in address, a link to choose its password and the
    audit record in one transaction; return the link's secret. 409 email_taken when the
    address signs in a member already. `who` is the acting admin (or the operator). With
    `invitation` (its e-mail's words), the link is e-mailed to the member, queued in the
    same transaction: it goes out if and only if the member exists."""
    token, secret = links.new_link(member)
    records = audit.entries(who, "member_invited", object_type="staff",
                            object_id=member.staff_id, after=audit_view(member))
    try:
        with transaction() as tx:
            tx.save(StaffLogin(*StaffLogin.key(member.email), staff_id=member.staff_id),
                    condition=StaffLogin.pk.does_not_exist())
            tx.save(member, condition=Staff.pk.does_not_exist())
            tx.save(token)
            audit.add(tx, records)
            if invitation is not None:
                _send_link(tx, member, secret, "staff_invitation", **invitation)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise EmailTaken() from exc
        raise
    return secret


def invite(principal: Principal, body) -> Staff:
    member = new_member(body.email, body.name, body.role, body.language)
    create(principal, member, invitation={"inviter": principal.staff.name})
    return member


def _send_link(tx, member: Staff, secret: str, template: str, **context) -> None:
    send_to_staff(to=member.email, to_name=member.name, language=member.language,
                  template=template, tx=tx,
                  context={"name": member.name, "email": member.email,
                           "hours": settings.staff_link_ttl // 3600, **context},
                  secrets={"link": links.url(member.language, secret)})


def listing(query: dict) -> tuple[list[Staff], str | None]:
    """Every member, by address (the index: eventually consistent, as a list may be)."""
    from ..auth.staff import members_pk

    return gsi1_page(Staff, members_pk(), limit=parse_limit(query.get("limit"), 50),
                     cursor=query.get("cursor"))


def _member(member_id: str) -> Staff:
    member = find_staff(member_id, consistent=True)
    if member is None:
        raise NotFound()
    return member


def _not_oneself(principal: Principal, member: Staff, field: str) -> None:
    # An admin who disabled, demoted or reset itself could lock the console out: another
    # admin does that.
    if member.staff_id == principal.staff.staff_id:
        raise field_error(field, "staff_not_yourself")


def update(principal: Principal, member_id: str, body) -> Staff:
    """Change a member's role or disable (enable) it; a disabled member's sessions end now
    (and the session loader refuses a disabled member's anyway, should one remain)."""
    member = _member(member_id)
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items()
               if getattr(member, k) != v}
    if not changes:
        return member
    _not_oneself(principal, member, next(iter(changes)))
    before = audit_view(member)
    actions = [getattr(Staff, name).set(value) for name, value in changes.items()]
    condition = None
    for name in changes:  # from the values read: a parallel change wins, this one is 409
        same = getattr(Staff, name) == getattr(member, name)
        condition = same if condition is None else condition & same
    for name, value in changes.items():
        setattr(member, name, value)
    _write(principal, member, actions, condition, "member_changed", before)
    if member.disabled:
        end_staff_sessions(member.staff_id)
    return member


def reset_two_factor(principal: Principal, member_id: str) -> Staff:
    """The member sets up a new second factor at its next sign-in; its sessions end now."""
    member = _member(member_id)
    _not_oneself(principal, member, "member")
    before = audit_view(member)
    actions = [Staff.totp_secret.remove(), Staff.totp_pending_secret.remove(),
               Staff.backup_code_hashes.set([])]
    member.totp_secret = member.totp_pending_secret = None
    member.backup_code_hashes = []
    _write(principal, member, actions, Staff.staff_id.exists(), "member_two_factor_reset", before)
    end_staff_sessions(member.staff_id)
    return member


def send_password_link(principal: Principal, member_id: str) -> None:
    """E-mail the member a one-time link to choose a new password (its current one keeps
    working until it does)."""
    member = _member(member_id)
    token, secret = links.new_link(member)
    records = audit.entries(principal, "member_password_link", object_type="staff",
                            object_id=member.staff_id)
    with transaction() as tx:
        tx.save(token)
        audit.add(tx, records)
        _send_link(tx, member, secret, "staff_password_link")


def _write(principal, member: Staff, actions, condition, action: str, before: dict) -> None:
    records = audit.entries(principal, action, object_type="staff", object_id=member.staff_id,
                            before=before, after=audit_view(member))
    try:
        with transaction() as tx:
            tx.update(member, actions=actions, condition=condition)
            audit.add(tx, records)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise Conflict() from exc
        raise
