"""Phone numbers, stored in E.164 (phonenumbers imported on first use)."""


def e164(phone: str, country: str) -> str | None:
    """The number in E.164, reading a national number in `country`; None if impossible.

    "Possible" (the right length for its country), not "valid" (an allocated range): a
    customer's real new number must never be refused because our metadata is older.
    """
    import phonenumbers

    # phonenumbers reads "６１２" or "٦١٢" as digits; Portico takes ASCII digits only.
    if any(not c.isascii() and c.isdigit() for c in phone):
        return None
    try:
        parsed = phonenumbers.parse(phone, country or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
