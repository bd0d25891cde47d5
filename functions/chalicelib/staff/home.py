"""The staff home: what waits for staff, one part per area (areas name theirs in their
descriptor's `staff_home`), parts with nothing in them left out. The staff area's own
part: members who cannot work yet (no password chosen, or no second factor), for admins."""

from .. import registry
from ..auth.principal import Principal
from ..auth.staff import Staff, members_pk
from ..console import column, section
from ..db import gsi1_page

SHOWN = 10


def parts(principal: Principal) -> list[dict]:
    return [part for _area, build in registry.staff_home_parts()
            for part in build(principal) if part["rows"]]


def pending_members(principal: Principal) -> list[dict]:
    if not principal.has_role("admin"):
        return []
    members, _ = gsi1_page(Staff, members_pk(), limit=100, cursor=None)
    waiting = [m for m in members if not m.disabled
               and not (m.password_hash and m.two_factor_enabled)]
    rows = [{"name": m.name, "email": m.email, "role": m.role,
             "status": "invited" if not m.password_hash else "two_factor_pending"}
            for m in waiting[:SHOWN]]
    columns = [column("name", "staff.col.name"), column("email", "staff.col.email", "email"),
               column("role", "staff.col.role", "status"),
               column("status", "staff.col.status", "status")]
    return [section("staff", "pending_members", "staff.part.pending_members", columns, rows,
                    total=len(waiting) if len(waiting) > SHOWN else None)]
