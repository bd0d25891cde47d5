"""Security answers: compared case- and accent-insensitively, hashed like passwords
(the password rules and hashes themselves are the kernel's: auth/passwords.py)."""

import unicodedata

from ..auth.passwords import hash_password, verify_password


def normalise_answer(answer: str) -> str:
    """Security answers compare case- and accent-insensitively ("Málaga" == "malaga")."""
    decomposed = unicodedata.normalize("NFKD", answer.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def hash_answer(answer: str) -> str:
    return hash_password(normalise_answer(answer))


def verify_answer(stored_hash: str | None, answer: str) -> bool:
    return verify_password(stored_hash, normalise_answer(answer))
