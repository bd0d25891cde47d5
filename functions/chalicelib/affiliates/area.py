"""Affiliates: its permission, e-mail kind, menu entry and page. The page says "coming soon"
until the area's own issue builds it; its dashboard part is zero meanwhile."""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="affiliates",
    permissions=(Permission("affiliates", Words("Afiliaciones", "Affiliates")),),
    email_kinds=(EmailKind("affiliates", Words("Afiliaciones", "Affiliates"), permission="affiliates"),),
    pages=(Page("clientarea/affiliates/", "soon", "ca.nav.affiliates", "soon"),),
    menu=(MenuEntry("affiliates", "clientarea/affiliates/", "affiliates", ("clientarea/affiliates/",), order=60),),
)
