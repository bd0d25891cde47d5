"""Hashes of high-entropy secrets: session cookies, e-mailed tokens, backup codes.

A fast hash is right for these (unlike passwords, see auth/passwords.py): they are
random and long, so there is nothing to guess.
"""

import hashlib
import hmac


def hash_secret(secret: str) -> str:
    """Hash a high-entropy secret (session token, e-mailed token, backup code)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
