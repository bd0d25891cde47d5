"""A member of staff signs in (password and a required second factor), sets up that
factor on first sign-in, changes its password, renews its backup codes, signs out.

Sign-in is throttled as customers' is (per address and per IP, a slot reserved before the
password is judged and given back when it is right), on counters of its own. A member
without a second factor who gives the right password gets a setup-only session: it
reaches the set-up (and sign-out) only, until a code from its new secret is confirmed.
"""

from pynamodb.exceptions import TransactWriteError

from .. import audit, context, throttle
from ..auth import second_factor
from ..auth.passwords import hash_password, require_good_password, verify_password
from ..auth.principal import Principal
from ..auth.staff import Staff, StaffSession, find_staff, find_staff_by_email
from ..auth.staff_sessions import end_staff_sessions, new_staff_session, require_staff_network
from ..config import settings
from ..db import condition_failed, transaction
from ..email_addresses import canonical
from ..errors import (
    Conflict,
    InvalidCredentials,
    InvalidPassword,
    InvalidToken,
    TotpRequired,
    field_error,
)
from . import links


def address_limit(email: str) -> throttle.Limit:
    return throttle.Limit("staff-login-addr", canonical(email), settings.login_fail_per_address,
                          settings.login_fail_window)


def login_limits(email: str) -> list[throttle.Limit]:
    return [address_limit(email), *throttle.per_ip("staff-login-ip", context.current().ip,
                                                   settings.login_fail_per_ip,
                                                   settings.login_fail_window)]


def totp_limit(staff: Staff) -> throttle.Limit:
    return second_factor.failure_limit(staff, "staff-totp")


def login(body) -> tuple[Principal, str]:
    """Check the password (and the second factor, once set up); open a session."""
    require_staff_network()
    limits = throttle.reserve(*login_limits(body.email))
    staff = find_staff_by_email(body.email)
    usable = staff is not None and not staff.disabled
    # A disabled member or an unknown address costs the same argon2 run and says the same.
    if not verify_password(staff.password_hash if usable else None, body.password):
        if usable:
            audit.record(staff, "staff_sign_in_failed", object_type="staff",
                         object_id=staff.staff_id)
        raise InvalidCredentials()
    throttle.release(*limits)
    setup_only = not staff.two_factor_enabled
    if not setup_only:
        if not body.totp:
            raise TotpRequired()
        second_factor.check(staff, body.totp, totp_limit(staff))
    session, cookie = new_staff_session(staff, setup_only=setup_only)
    records = audit.entries(staff, "staff_signed_in", object_type="staff",
                            object_id=staff.staff_id)
    with transaction() as tx:
        tx.save(session)
        audit.add(tx, records)
    return Principal.staff_member(staff, session), cookie


def logout(principal: Principal) -> None:
    principal.session.delete()
    audit.record(principal, "staff_signed_out", object_type="staff",
                 object_id=principal.staff.staff_id)


def logout_others(principal: Principal) -> int:
    ended = end_staff_sessions(principal.staff.staff_id, keep=principal.session)
    audit.record(principal, "staff_signed_out_others", object_type="staff",
                 object_id=principal.staff.staff_id, after={"sessions_ended": ended})
    return ended


def start_two_factor(principal: Principal) -> dict:
    """A new pending secret (its QR code): the factor counts once a code is confirmed."""
    staff = principal.staff
    if staff.two_factor_enabled:
        raise Conflict()
    secret = second_factor.new_secret()
    records = audit.entries(principal, "staff_two_factor_started", object_type="staff",
                            object_id=staff.staff_id, after={"totp_pending_secret": secret})
    try:
        with transaction() as tx:
            tx.update(staff, actions=[Staff.totp_pending_secret.set(secret)],
                      condition=Staff.totp_secret.does_not_exist())
            audit.add(tx, records)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise Conflict() from exc  # set up meanwhile, in another tab
        raise
    return second_factor.setup(secret, staff.email)


def confirm_two_factor(principal: Principal, code: str) -> list[str]:
    """Turn the second factor on with a code from the pending secret; the session stops
    being setup-only. Answers the backup codes, once."""
    staff = principal.staff
    if staff.two_factor_enabled:
        raise Conflict()
    if not staff.totp_pending_secret:
        raise field_error("code", "two_factor_not_started")
    step = second_factor.confirm_step(staff.totp_pending_secret, code, totp_limit(staff))
    codes = second_factor.new_backup_codes()
    records = audit.entries(principal, "staff_two_factor_enabled", object_type="staff",
                            object_id=staff.staff_id, before={"two_factor_enabled": False},
                            after={"two_factor_enabled": True})
    try:
        with transaction() as tx:
            # Only if still off and set up with this very secret: of parallel confirmations
            # one wins, so the backup codes shown are the ones stored.
            tx.update(staff, actions=[
                Staff.totp_secret.set(staff.totp_pending_secret),
                Staff.totp_pending_secret.remove(), Staff.totp_last_step.set(step),
                Staff.backup_code_hashes.set(second_factor.hashed_codes(codes))],
                condition=Staff.totp_secret.does_not_exist()
                & (Staff.totp_pending_secret == staff.totp_pending_secret))
            tx.update(principal.session, actions=[StaffSession.setup_only.set(False)],
                      condition=StaffSession.sk.exists())
            audit.add(tx, records)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise Conflict() from exc
        raise
    return codes


def confirm_password(principal: Principal, current_password: str) -> Staff:
    """The member, read again, if the password is right; else 403 invalid_password (and,
    as for customers, wrong current passwords count like failed sign-ins)."""
    limits = throttle.reserve(address_limit(principal.staff.email))
    staff = find_staff(principal.staff.staff_id, consistent=True)
    if staff is None or not verify_password(staff.password_hash, current_password or ""):
        raise InvalidPassword()
    throttle.release(*limits)
    return staff


def change_password(principal: Principal, body) -> None:
    """A new password; every other session of the member ends."""
    staff = confirm_password(principal, body.current_password)
    require_good_password(body.new_password, email=staff.email, field="new_password",
                          current_hash=staff.password_hash)
    _set_password(principal, staff, body.new_password, "staff_password_changed")
    end_staff_sessions(staff.staff_id, keep=principal.session)


def renew_backup_codes(principal: Principal, body) -> list[str]:
    staff = confirm_password(principal, body.current_password)
    second_factor.check(staff, body.code, totp_limit(staff))
    codes = second_factor.new_backup_codes()
    records = audit.entries(principal, "staff_backup_codes_renewed", object_type="staff",
                            object_id=staff.staff_id)
    try:
        with transaction() as tx:
            tx.update(staff, actions=[Staff.backup_code_hashes.set(second_factor.hashed_codes(codes))],
                      condition=Staff.totp_secret.exists())
            audit.add(tx, records)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise Conflict() from exc
        raise
    return codes


def set_password(body) -> None:
    """Choose a password from a one-time link (an invitation, an admin's link, the
    operator's command); every session of the member ends."""
    require_staff_network()
    token = links.find(body.token)
    staff = find_staff(token.staff_id, consistent=True)
    if staff is None or staff.disabled or staff.password_generation != token.password_generation:
        links.consume(token)
        raise InvalidToken()
    require_good_password(body.password, email=staff.email, field="password")
    links.consume(token)
    _set_password(staff, staff, body.password, "staff_password_set")
    end_staff_sessions(staff.staff_id)


def _set_password(who, staff: Staff, password: str, action: str) -> None:
    records = audit.entries(who, action, object_type="staff", object_id=staff.staff_id,
                            before={"password": staff.password_hash},
                            after={"password": "new"})
    try:
        with transaction() as tx:
            # From the generation read: of two changes (or links) at once, one wins.
            tx.update(staff, actions=[Staff.password_hash.set(hash_password(password)),
                                      Staff.password_generation.add(1)],
                      condition=Staff.password_generation == staff.password_generation)
            audit.add(tx, records)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise Conflict() from exc
        raise
