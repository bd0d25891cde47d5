"""The second factor of every sign-in, customers' and staff's: TOTP codes (RFC 6238) and
single-use backup codes.

A code is accepted once: the last accepted time step is stored and a conditional write
refuses the same or an older step, so a code cannot be replayed within its window; a
backup code is removed in a write conditioned on it still being there. Failures are
throttled per person (a slot reserved before the code is judged, given back if it is
accepted). The functions take the item that holds the secrets (a customer's `Login`, a
`Staff` member): any item with `totp_secret`, `totp_pending_secret`, `totp_last_step` and
`backup_code_hashes` attributes.
"""

import secrets
import time

from pynamodb.exceptions import UpdateError

from .. import throttle
from ..config import settings
from ..errors import TotpInvalid
from .secrets import hash_secret

ISSUER = "Portico"
BACKUP_CODES = 10


def totp(secret: str):
    import pyotp

    class Totp(pyotp.TOTP):
        # pyotp refuses secrets under 112 bits. Every secret Portico makes is 160 bits
        # (new_secret); the floor is 80 bits so that the local demo member's secret, the
        # well-known 16-character example the API contract fixes, verifies too.
        min_secret_length_bits = 80

    return Totp(secret)


def new_secret() -> str:
    import pyotp

    return pyotp.random_base32()


def failure_limit(holder, scope: str = "totp") -> throttle.Limit:
    """Wrong codes of one person (the holder's key names them)."""
    return throttle.Limit(scope, holder.pk, settings.totp_fail_per_user,
                          settings.totp_fail_window)


def matching_step(secret: str, code: str) -> int | None:
    """The time step (now, or one either side) whose code this is, or None."""
    # ASCII digits only: isdigit() also takes "²" or "١", which compare_digest cannot take.
    if not (code.isascii() and code.isdigit()) or len(code) != 6:
        return None
    generator = totp(secret)
    now_step = int(time.time()) // generator.interval
    for step in (now_step, now_step - 1, now_step + 1):
        if secrets.compare_digest(generator.at(step * generator.interval), code):
            return step
    return None


def check(holder, code: str, limit: throttle.Limit) -> None:
    """Accept a current TOTP code or an unused backup code once, else 401 totp_invalid."""
    # The slot is reserved before the code is judged and given back if it is accepted.
    taken = throttle.reserve(limit)
    if use_code(holder, code.replace(" ", "").replace("-", "")):
        throttle.release(*taken)
        return
    raise TotpInvalid()


def use_code(holder, code: str) -> bool:
    """Spend a code: a TOTP step later than the last one used, or a backup code."""
    model = type(holder)
    step = matching_step(holder.totp_secret, code)
    try:
        if step is not None:
            holder.update(actions=[model.totp_last_step.set(step)],
                          condition=model.totp_last_step < step)
            return True
        digest = hash_secret(code.lower()) if code.isascii() else None
        if digest in holder.backup_code_hashes:
            index = holder.backup_code_hashes.index(digest)
            holder.update(actions=[model.backup_code_hashes[index].remove()],
                          condition=model.backup_code_hashes[index] == digest)
            return True
    except UpdateError:
        pass  # replayed, or used concurrently
    return False


def confirm_step(pending_secret: str, code: str, limit: throttle.Limit) -> int:
    """The step of a code from a secret being set up (throttled like sign-in codes)."""
    taken = throttle.reserve(limit)
    step = matching_step(pending_secret, code.replace(" ", ""))
    if step is None:
        raise TotpInvalid()
    throttle.release(*taken)
    return step


def setup(secret: str, account_name: str) -> dict:
    """What a person needs to add the secret to an authenticator app."""
    uri = totp(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)
    return {"secret": secret, "otpauth_uri": uri, "qr_svg": qr_svg(uri)}


def qr_svg(uri: str) -> str:
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False,
                                    svgns=True, title="QR")
    return out.getvalue().decode()


def new_backup_codes() -> list[str]:
    """Ten codes to show once; store only hashed_codes() of them."""
    return [secrets.token_hex(5) for _ in range(BACKUP_CODES)]


def hashed_codes(codes: list[str]) -> list[str]:
    return [hash_secret(c) for c in codes]
