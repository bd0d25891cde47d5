"""Billing: the catalogue and its prices, taxes, and (coming) the cart, orders, proformas,
invoices, payments and credit. One area, because checkout writes the order and its
proforma in one transaction and areas never import each other.

Its permissions are `invoices` (Mis Facturas) and `orders` (Hacer Pedido); both pages say
"coming soon" until the cart and the documents are built.
"""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="billing",
    routes=("chalicelib.billing.routes",),
    permissions=(Permission("invoices", Words("Facturas", "Invoices")),
                 Permission("orders", Words("Hacer pedidos", "Place orders"))),
    email_kinds=(EmailKind("invoices", Words("Facturas", "Invoices"), permission="invoices"),),
    messages={
        "field.catalog_product": {"es": "Este producto no está a la venta.",
                                  "en": "This product is not for sale."},
        "field.catalog_sold_out": {"es": "Este producto está agotado.", "en": "This product is sold out."},
        "field.catalog_cycle": {"es": "Este producto se vende con estos periodos de pago: {cycles}.",
                                "en": "This product is sold with these billing cycles: {cycles}."},
        "field.catalog_option": {"es": "Este producto no tiene esa opción.",
                                 "en": "This product has no such option."},
        "field.catalog_quantity": {"es": "Indique un número entero entre {min} y {max}.",
                                   "en": "Give a whole number from {min} to {max}."},
        "field.catalog_choice": {"es": "Elija una de estas opciones: {choices}.",
                                 "en": "Choose one of: {choices}."},
        "field.catalog_addon": {"es": "Este producto no ofrece ese complemento, o se pidió dos veces.",
                                "en": "This product does not offer that addon, or it was asked for twice."},
        "field.catalog_tld": {"es": "No registramos dominios con esa extensión.",
                              "en": "We do not register domains with that extension."},
        "field.catalog_years": {"es": "Años disponibles para esta extensión: {years}.",
                                "en": "Years offered for this extension: {years}."},
        "field.domain_name": {"es": "Escriba un nombre de dominio como ejemplo.es.",
                              "en": "Write a domain name such as example.com."},
    },
    dashboard="chalicelib.billing.dashboard:part",
    pages=(Page("clientarea/invoices/", "soon", "ca.nav.invoices", "soon"),
           Page("clientarea/order/", "soon", "ca.shortcut.order", "soon")),
    menu=(MenuEntry("invoices", "clientarea/invoices/", "invoices", ("clientarea/invoices/",),
                    order=40),),
)
