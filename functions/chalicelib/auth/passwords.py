"""Passwords: the rules a new one must meet and its argon2id hash, for every person who
signs in (customers and staff alike).

argon2 is imported on first use: only sign-in paths pay for it (cold start).
"""

from functools import cache
from pathlib import Path

from ..config import settings
from ..errors import field_error

MIN_LENGTH = 10


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=settings.argon2_time_cost,
                          memory_cost=settings.argon2_memory_kib, parallelism=1)


@cache
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common-passwords.txt")
    return frozenset(line.strip() for line in path.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, email: str) -> str | None:
    """Return the i18n field key of what is wrong with a new password, or None."""
    if len(password) < MIN_LENGTH:
        return "password_short"
    if password.lower() in _common_passwords():
        return "password_common"
    if password.strip().lower() == email.strip().lower():
        return "password_is_email"
    return None


def hash_password(password: str) -> str:
    return _hasher().hash(password)


@cache
def _dummy_hash() -> str:
    return hash_password("portico-timing-equaliser")


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, spend the same time and say no."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash or _dummy_hash(), password) and bool(stored_hash)
    except (VerificationError, InvalidHashError):
        return False


def require_good_password(password: str, *, email: str, field: str,
                          current_hash: str | None = None) -> None:
    """422 on `field` for a password the rules refuse; with the current password's hash,
    also for the same password again (only where the person proved they know it)."""
    problem = password_problem(password, email=email)
    if problem:
        raise field_error(field, problem)
    if current_hash is not None and verify_password(current_hash, password):
        raise field_error(field, "password_same")
