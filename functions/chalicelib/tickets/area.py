"""Tickets: its permission, e-mail kind, menu entry and page. The page says "coming soon"
until the area's own issue builds it; its dashboard part is zero meanwhile."""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="tickets",
    permissions=(Permission("tickets", Words("Tickets", "Tickets")),),
    email_kinds=(EmailKind("support", Words("Soporte", "Support"), permission="tickets"),),
    dashboard="chalicelib.tickets.dashboard:part",
    pages=(Page("clientarea/tickets/", "soon", "ca.nav.tickets", "soon"),
           Page("clientarea/tickets/new/", "soon", "ca.shortcut.ticket", "soon")),
    menu=(MenuEntry("tickets", "clientarea/tickets/", "tickets", ("clientarea/tickets/", "clientarea/tickets/new/"), order=50),),
)
