"""How accounts things look in API answers. Never a hash, token or answer."""

from ..auth.models import Client, Contact
from ..db import iso

PROFILE_FIELDS = ("email", "email_verified", "first_name", "last_name", "company", "tax_id",
                  "address1", "address2", "city", "state", "postcode", "country", "phone",
                  "language", "marketing_opt_in", "two_factor_enabled")


def phone_display(phone: str | None) -> str:
    """An E.164 number as people write it (+34 612 34 56 78); `phone` stays E.164."""
    if not phone:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone  # stored before numbers were checked: shown as typed
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def profile(client: Client) -> dict:
    body = {"id": client.client_id}
    body.update({name: getattr(client, name) for name in PROFILE_FIELDS})
    body["phone_display"] = phone_display(client.phone)
    body["created_at"] = iso(client.created_at)
    body["vat_check"] = ({"valid": client.vat_valid, "checked_at": iso(client.vat_checked_at)}
                         if client.vat_checked_at else None)
    return body


def contact(item: Contact) -> dict:
    return {"id": item.contact_id, "first_name": item.first_name, "last_name": item.last_name,
            "email": item.email, "phone": item.phone, "phone_display": phone_display(item.phone),
            "company": item.company,
            "address1": item.address1, "city": item.city, "postcode": item.postcode,
            "country": item.country, "email_preferences": list(item.email_preferences),
            "permissions": list(item.permissions),
            "login_status": item.login_status or "none", "created_at": iso(item.created_at)}


def me(auth) -> dict:
    """Who is signed in, for the pages: owner or contact, what they may do, and whether
    their own sign-in (not the owner's, for a contact) asks for a second factor."""
    person = auth.person
    return {"client_id": auth.client_id, "role": "contact" if auth.contact else "owner",
            "contact_id": auth.contact_id, "email": person.email,
            "first_name": person.first_name, "last_name": person.last_name,
            "language": auth.client.language, "email_verified": auth.client.email_verified,
            "permissions": list(auth.permissions),
            # mirrored on the profile or the contact, so no read of the sign-in
            "two_factor_enabled": bool(person.two_factor_enabled)}
