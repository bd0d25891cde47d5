"""Two-factor sign-in for customers: turn it on and off, renew the backup codes.

The codes themselves (TOTP with replay refusal, backup codes, the QR code) are the
kernel's (auth/second_factor.py), shared with the staff console.
"""

from pynamodb.exceptions import TransactWriteError, UpdateError

from .. import throttle
from ..activity.record import record
from ..auth import second_factor
from ..auth.models import Client, Contact, Login
from ..auth.principal import Principal
from ..db import condition_failed, transaction
from ..errors import Conflict, field_error
from ..mail.send import send


def totp_limit(signin: Login) -> throttle.Limit:
    return second_factor.failure_limit(signin)


def check_second_factor(signin: Login, code: str) -> None:
    """Accept a current TOTP code or an unused backup code once, else 401 totp_invalid."""
    second_factor.check(signin, code, totp_limit(signin))


def start(auth: Principal, signin: Login) -> dict:
    """Create a pending secret; two-factor is on only once a code from it is confirmed."""
    if signin.two_factor_enabled:
        raise Conflict()
    secret = second_factor.new_secret()
    try:
        signin.update(actions=[Login.totp_pending_secret.set(secret)],
                      condition=Login.totp_secret.does_not_exist())
    except UpdateError as exc:
        raise Conflict() from exc  # turned on meanwhile
    return second_factor.setup(secret, auth.email)


def confirm(auth: Principal, signin: Login, code: str) -> list[str]:
    """Turn two-factor on with a code from the pending secret; return the backup codes."""
    if signin.two_factor_enabled:
        raise Conflict()
    if not signin.totp_pending_secret:
        raise field_error("code", "two_factor_not_started")
    step = second_factor.confirm_step(signin.totp_pending_secret, code, totp_limit(signin))
    codes = second_factor.new_backup_codes()
    # Only if still off and set up with this very secret: of parallel confirmations one
    # wins, so the backup codes shown are the ones stored.
    _set_two_factor(auth, signin, [
        Login.totp_secret.set(signin.totp_pending_secret), Login.totp_pending_secret.remove(),
        Login.totp_last_step.set(step), Login.backup_code_hashes.set(second_factor.hashed_codes(codes)),
    ], condition=Login.totp_secret.does_not_exist()
        & (Login.totp_pending_secret == signin.totp_pending_secret),
        enabled=True)
    return codes


def cancel_setup(signin: Login) -> None:
    """Forget a pending secret whose code was never confirmed (idempotent)."""
    if signin.totp_pending_secret:
        signin.update(actions=[Login.totp_pending_secret.remove()])


def renew_backup_codes(auth: Principal, signin: Login, code: str) -> list[str]:
    """A new set of backup codes, for a current code; the old set stops working in the
    same write."""
    if not signin.two_factor_enabled:
        raise Conflict()
    check_second_factor(signin, code)
    codes = second_factor.new_backup_codes()
    try:
        signin.update(actions=[Login.backup_code_hashes.set(second_factor.hashed_codes(codes))],
                      condition=Login.totp_secret.exists())
    except UpdateError as exc:
        raise Conflict() from exc  # turned off meanwhile
    record(auth, "backup_codes_renewed")
    person = auth.person
    send(client_id=auth.client_id, to=person.email, language=auth.client.language,
         template="backup_codes", context={"first_name": person.first_name})
    return codes


def disable(auth: Principal, signin: Login, code: str) -> None:
    if not signin.two_factor_enabled:
        raise Conflict()
    check_second_factor(signin, code)
    _set_two_factor(auth, signin, [Login.totp_secret.remove(), Login.backup_code_hashes.set([]),
                                   Login.totp_pending_secret.remove()],
                    condition=Login.totp_secret == signin.totp_secret, enabled=False)


def _set_two_factor(auth: Principal, signin: Login, actions, *, condition, enabled: bool) -> None:
    # The state is mirrored on the person's profile or contact item, which every request
    # reads anyway, so "is it on?" (Seguridad, /auth/me) costs no read of the sign-in.
    mirror = (Contact.two_factor_enabled.set(enabled), Contact.pk.exists()) if auth.contact else (
        Client.two_factor_enabled.set(enabled), Client.pk.exists())
    try:
        with transaction() as tx:
            tx.update(signin, actions=actions, condition=condition)
            tx.update(auth.person, actions=[mirror[0]], condition=mirror[1])
            person = auth.person
            send(client_id=auth.client_id, to=person.email, language=auth.client.language,
                 template="two_factor", context={"first_name": person.first_name,
                                                 "enabled": enabled}, tx=tx)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise Conflict() from exc
        raise
    event = "two_factor_enabled" if enabled else "two_factor_disabled"
    record(auth, event)


