"""Two-factor sign-in (TOTP) with single-use backup codes.

A code is accepted once: the last accepted time step is stored and a conditional write
refuses the same or an older step, so a code cannot be replayed within its window.
"""

import secrets

from pynamodb.exceptions import TransactWriteError, UpdateError

from .. import throttle
from ..activity.record import record
from ..auth.models import Client, Contact, Login
from ..auth.principal import Principal
from ..auth.secrets import hash_secret
from ..config import settings
from ..db import condition_failed, transaction
from ..errors import Conflict, TotpInvalid, field_error
from ..mail.send import send

ISSUER = "Portico"
BACKUP_CODES = 10


def _totp(secret: str):
    import pyotp

    return pyotp.TOTP(secret)


def totp_limit(signin: Login) -> throttle.Limit:
    return throttle.Limit("totp", signin.pk, settings.totp_fail_per_user, settings.totp_fail_window)


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (now, or one either side) whose code this is, or None."""
    import time

    # ASCII digits only: isdigit() also takes "²" or "١", which compare_digest cannot take.
    if not (code.isascii() and code.isdigit()) or len(code) != 6:
        return None
    totp = _totp(secret)
    now_step = int(time.time()) // totp.interval
    for step in (now_step, now_step - 1, now_step + 1):
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def check_second_factor(signin: Login, code: str) -> None:
    """Accept a current TOTP code or an unused backup code once, else 401 totp_invalid."""
    # The slot is reserved before the code is judged and given back if it is accepted.
    limits = throttle.reserve(totp_limit(signin))
    if _use_code(signin, code.replace(" ", "").replace("-", "")):
        throttle.release(*limits)
        return
    raise TotpInvalid()


def _use_code(signin: Login, code: str) -> bool:
    step = _matching_step(signin.totp_secret, code)
    try:
        if step is not None:
            signin.update(actions=[Login.totp_last_step.set(step)],
                          condition=Login.totp_last_step < step)
            return True
        digest = hash_secret(code.lower()) if code.isascii() else None
        if digest in signin.backup_code_hashes:
            index = signin.backup_code_hashes.index(digest)
            signin.update(actions=[Login.backup_code_hashes[index].remove()],
                          condition=Login.backup_code_hashes[index] == digest)
            return True
    except UpdateError:
        pass  # replayed, or used concurrently
    return False


def start(auth: Principal, signin: Login) -> dict:
    """Create a pending secret; two-factor is on only once a code from it is confirmed."""
    if signin.two_factor_enabled:
        raise Conflict()
    import pyotp

    secret = pyotp.random_base32()
    try:
        signin.update(actions=[Login.totp_pending_secret.set(secret)],
                      condition=Login.totp_secret.does_not_exist())
    except UpdateError as exc:
        raise Conflict() from exc  # turned on meanwhile
    uri = _totp(secret).provisioning_uri(name=auth.email, issuer_name=ISSUER)
    return {"secret": secret, "otpauth_uri": uri, "qr_svg": qr_svg(uri)}


def qr_svg(uri: str) -> str:
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False,
                                    svgns=True, title="QR")
    return out.getvalue().decode()


def confirm(auth: Principal, signin: Login, code: str) -> list[str]:
    """Turn two-factor on with a code from the pending secret; return the backup codes."""
    if signin.two_factor_enabled:
        raise Conflict()
    if not signin.totp_pending_secret:
        raise field_error("code", "two_factor_not_started")
    limits = throttle.reserve(totp_limit(signin))
    step = _matching_step(signin.totp_pending_secret, code.replace(" ", ""))
    if step is None:
        raise TotpInvalid()
    throttle.release(*limits)
    codes = _new_codes()
    # Only if still off and set up with this very secret: of parallel confirmations one
    # wins, so the backup codes shown are the ones stored.
    _set_two_factor(auth, signin, [
        Login.totp_secret.set(signin.totp_pending_secret), Login.totp_pending_secret.remove(),
        Login.totp_last_step.set(step), Login.backup_code_hashes.set([hash_secret(c) for c in codes]),
    ], condition=Login.totp_secret.does_not_exist()
        & (Login.totp_pending_secret == signin.totp_pending_secret),
        enabled=True)
    return codes


def _new_codes() -> list[str]:
    return [secrets.token_hex(5) for _ in range(BACKUP_CODES)]


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
    codes = _new_codes()
    try:
        signin.update(actions=[Login.backup_code_hashes.set([hash_secret(c) for c in codes])],
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


