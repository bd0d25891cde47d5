"""Domains: its permission, e-mail kind, menu entry and page. The page says "coming soon"
until the area's own issue builds it; its dashboard part is zero meanwhile."""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="domains",
    permissions=(Permission("domains", Words("Dominios", "Domains")),),
    email_kinds=(EmailKind("domains", Words("Dominios", "Domains"), permission="domains"),),
    dashboard="chalicelib.domains.dashboard:part",
    pages=(Page("clientarea/domains/", "soon", "ca.nav.domains", "soon"),),
    menu=(MenuEntry("domains", "clientarea/domains/", "domains", ("clientarea/domains/",), order=30),),
)
