"""/catalog: what is on sale, for the pricing and order pages (public)."""

from ..api import PUBLIC, Routes
from ..errors import NotFound
from . import catalog, present

bp = Routes(__name__)


@bp.operation("GET", "/catalog", access=PUBLIC, answer="Catalog",
              summary="The published catalogue: listed products by group with their prices per "
                      "billing cycle, options and addons, and domain prices per TLD and years")
def get_catalog():
    return present.catalog(catalog.current())


@bp.operation("GET", "/catalog/products/{product_id}", access=PUBLIC, answer="Product",
              summary="One orderable product, listed or hidden (a retired or unknown one is 404)")
def get_product(product_id):
    current = catalog.current()
    item = current.products.get(product_id)
    if item is None or item["retired"]:
        raise NotFound()
    return present.product(current, item)
