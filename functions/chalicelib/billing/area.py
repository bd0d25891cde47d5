"""Billing (Mis Facturas): its permission, e-mail kind, menu entry and page. The page says
"coming soon" until the billing issue builds it."""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="billing",
    permissions=(Permission("invoices", Words("Facturas", "Invoices")),),
    email_kinds=(EmailKind("invoices", Words("Facturas", "Invoices"), permission="invoices"),),
    dashboard="chalicelib.billing.dashboard:part",
    pages=(Page("clientarea/invoices/", "soon", "ca.nav.invoices", "soon"),),
    menu=(MenuEntry("invoices", "clientarea/invoices/", "invoices", ("clientarea/invoices/",),
                    order=40),),
)
