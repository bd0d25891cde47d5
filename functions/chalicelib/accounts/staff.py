"""What accounts adds to the staff console: a client's profile and contacts on its page,
and the clients who signed up in the last days on the staff home. Staff never see a
password, a security answer, a token or a second factor's secret: only whether there is one.
"""

from datetime import timedelta

from ..auth import lookup
from ..auth.models import Client, Contact
from ..console import column, section
from ..db import iso, utcnow
from .present import phone_display

NEW_CLIENT_DAYS = 7
SHOWN = 10


def client_sections(_principal, client: Client) -> list[dict]:
    address = ", ".join(p for p in (client.address1, client.address2, client.postcode,
                                    client.city, client.state, client.country) if p)
    profile = {"name": f"{client.first_name} {client.last_name}", "email": client.email,
               "email_verified": "yes" if client.email_verified else "no",
               "company": client.company, "tax_id": client.tax_id, "address": address,
               "phone": phone_display(client.phone), "language": client.language,
               "two_factor": "yes" if client.two_factor_enabled else "no",
               "created_at": iso(client.created_at)}
    fields = [column("name", "accounts.staff.name"),
              column("email", "accounts.staff.email", "email"),
              column("email_verified", "accounts.staff.email_verified", "status"),
              column("company", "accounts.staff.company"),
              column("tax_id", "accounts.staff.tax_id"),
              column("address", "accounts.staff.address"),
              column("phone", "accounts.staff.phone"),
              column("language", "accounts.staff.language", "status"),
              column("two_factor", "accounts.staff.two_factor", "status"),
              column("created_at", "accounts.staff.created_at", "datetime")]
    contacts = Contact.query(Client.key(client.client_id)[0], Contact.sk.startswith(Contact.PREFIX))
    rows = [{"name": f"{c.first_name} {c.last_name}", "email": c.email,
             "phone": phone_display(c.phone), "permissions": ", ".join(c.permissions),
             "login": c.login_status or "none"} for c in contacts]
    contact_columns = [column("name", "accounts.staff.name"),
                       column("email", "accounts.staff.email", "email"),
                       column("phone", "accounts.staff.phone"),
                       column("permissions", "accounts.staff.permissions"),
                       column("login", "accounts.staff.login", "status")]
    return [section("accounts", "profile", "accounts.staff.profile", fields, [profile],
                    layout="fields"),
            section("accounts", "contacts", "accounts.staff.contacts", contact_columns, rows)]


def new_clients(_principal) -> list[dict]:
    """Who signed up in the last days (any role may welcome or check them), newest first."""
    since = iso(utcnow() - timedelta(days=NEW_CLIENT_DAYS))
    found = list(Client.by_gsi1.query(lookup.created_pk(), Client.gsi1sk >= since,
                                      scan_index_forward=False, limit=SHOWN + 1))
    rows = [{"client_id": c.client_id, "name": f"{c.first_name} {c.last_name}",
             "email": c.email, "company": c.company, "created_at": iso(c.created_at)}
            for c in found[:SHOWN]]
    columns = [column("name", "accounts.staff.name", "client"),
               column("email", "accounts.staff.email", "email"),
               column("company", "accounts.staff.company"),
               column("created_at", "accounts.staff.created_at", "datetime")]
    return [section("accounts", "new_clients", "accounts.staff.new_clients", columns, rows,
                    total=None)]
