"""Accounts' part of the dashboard: the owner's address and its state, the contacts."""

from ..auth.models import Client, Contact
from ..summary import count


def part(principal, counts: dict) -> dict:
    answer = {}
    if principal.may("profile"):
        client = principal.client
        answer["client"] = {"first_name": client.first_name, "last_name": client.last_name,
                            "email": client.email, "email_verified": client.email_verified,
                            "two_factor_enabled": client.two_factor_enabled}
    if principal.may("contacts"):
        # Accounts registered before the summary item was kept are counted the old way.
        answer["contacts"] = count(counts, "contacts", recount=lambda: Contact.count(
            Client.key(principal.client_id)[0], Contact.sk.startswith(Contact.PREFIX)))
    return answer
