"""E-mail addresses: one canonical form for keys and comparisons, an ASCII form for SES.

An address with an internationalised domain has several spellings: "a@bücher.example",
"a@BÜCHER.example", "a@xn--bcher-kva.example", or the ü decomposed. They are one mailbox,
so every key (LOGIN#, SUPPRESSED#, throttles) and comparison uses canonical(); SES has no
SMTPUTF8, so what is sent uses ascii_form() (the domain in Punycode). Local parts are ASCII:
the schemas refuse others (validation._email).
"""

import unicodedata


def _split(address: str) -> tuple[str, str]:
    local, _, domain = unicodedata.normalize("NFC", address.strip()).rpartition("@")
    return local, domain


def _idna(domain: str, *, to_ascii: bool) -> str | None:
    import idna

    try:
        encoded = idna.encode(domain, uts46=True)
        return encoded.decode("ascii") if to_ascii else idna.decode(encoded)
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def canonical(address: str) -> str:
    """The one spelling of an address: local part in lower case, domain in Unicode (UTS 46:
    lower case, NFC, Punycode decoded). Text that is no address is only trimmed and lowered."""
    local, domain = _split(address)
    if not local or not domain:
        return address.strip().lower()
    if domain.isascii() and "xn--" not in domain.lower():
        return f"{local}@{domain}".lower()  # the common case, without loading idna
    return f"{local.lower()}@{_idna(domain, to_ascii=False) or domain.lower()}"


def ascii_form(address: str) -> str | None:
    """The address as SES takes it (domain in Punycode), or None if it cannot be sent."""
    local, domain = _split(address)
    if not local.isascii():
        return None
    if domain.isascii():
        return f"{local}@{domain}"
    ascii_domain = _idna(domain, to_ascii=True)
    return f"{local}@{ascii_domain}" if ascii_domain else None
