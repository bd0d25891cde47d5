"""Orders (Hacer Pedido): its permission and page. The page says "coming soon" until the
billing issue builds the catalogue and cart."""

from ..registry import Area, Page, Permission, Words

AREA = Area(
    name="orders",
    permissions=(Permission("orders", Words("Hacer pedidos", "Place orders")),),
    pages=(Page("clientarea/order/", "soon", "ca.shortcut.order", "soon"),),
)
