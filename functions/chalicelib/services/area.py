"""Services: its permission, e-mail kind, menu entry and page. The page says "coming soon"
until the area's own issue builds it; its dashboard part is zero meanwhile."""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="services",
    permissions=(Permission("services", Words("Servicios", "Services")),),
    email_kinds=(EmailKind("products", Words("Productos y servicios", "Products and services"), permission="services"),),
    dashboard="chalicelib.services.dashboard:part",
    pages=(Page("clientarea/services/", "soon", "ca.nav.services", "soon"),),
    menu=(MenuEntry("services", "clientarea/services/", "services", ("clientarea/services/",), order=20),),
)
