"""Billing: the catalogue and its prices, taxes, and (coming) the cart, orders, proformas,
invoices, payments and credit. One area, because checkout writes the order and its
proforma in one transaction and areas never import each other.

Its permissions are `invoices` (Mis Facturas) and `orders` (Hacer Pedido); both pages say
"coming soon" until the cart and the documents are built.
"""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="billing",
    permissions=(Permission("invoices", Words("Facturas", "Invoices")),
                 Permission("orders", Words("Hacer pedidos", "Place orders"))),
    email_kinds=(EmailKind("invoices", Words("Facturas", "Invoices"), permission="invoices"),),
    dashboard="chalicelib.billing.dashboard:part",
    pages=(Page("clientarea/invoices/", "soon", "ca.nav.invoices", "soon"),
           Page("clientarea/order/", "soon", "ca.shortcut.order", "soon")),
    menu=(MenuEntry("invoices", "clientarea/invoices/", "invoices", ("clientarea/invoices/",),
                    order=40),),
)
