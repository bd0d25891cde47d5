"""Clients as staff see them: found by e-mail, name, company, tax id or id (auth/lookup.py,
no Scan), and a client's page: the profile's essentials and every area's section."""

from .. import registry
from ..auth import lookup
from ..auth.models import Client
from ..auth.principal import Principal
from ..db import iso, parse_limit
from ..errors import NotFound, field_error

MIN_QUERY = 2


def search(query: dict) -> tuple[list[dict], str | None]:
    q = (query.get("q") or "").strip()
    if len(q) < MIN_QUERY:
        raise field_error("q", "too_short", min=MIN_QUERY)
    if len(q) > 200:
        raise field_error("q", "too_long", max=200)
    return lookup.search(q, limit=parse_limit(query.get("limit")), cursor=query.get("cursor"))


def find(client_id: str) -> Client:
    try:
        return Client.get(*Client.key(client_id))
    except Client.DoesNotExist:
        raise NotFound() from None


def page(principal: Principal, client_id: str) -> dict:
    """The client's essentials and each area's sections, in the areas' order."""
    client = find(client_id)
    sections = [section for _area, build in registry.staff_client_sections()
                for section in build(principal, client)]
    return {"id": client.client_id, "name": f"{client.first_name} {client.last_name}",
            "email": client.email, "company": client.company, "tax_id": client.tax_id,
            "language": client.language, "created_at": iso(client.created_at),
            "sections": sections}
