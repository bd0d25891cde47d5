"""Billing's items. Keys: see chalicelib/db.py."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..db import Item


def catalog_pk() -> str:
    return "CATALOG"


class CatalogVersion(Item, discriminator="catalog"):
    """One published catalogue, whole: pk = CATALOG, sk = VERSION#<8 digits>.

    Publishing (infra/content_sync.py) writes a new version only when the catalogue
    changed, never over an old one: the current catalogue is the highest version (one
    Query), a reader never sees half a price list, and what was on sale on a given day
    stays readable. The whole catalogue is a few tens of KB; DynamoDB allows 400 KB.
    """

    PREFIX = "VERSION#"

    @staticmethod
    def key(version: int) -> tuple[str, str]:
        return catalog_pk(), f"VERSION#{version:08d}"

    version = NumberAttribute()
    digest = UnicodeAttribute()  # sha256 of `body`: an unchanged catalogue is not written again
    published_at = UTCDateTimeAttribute()
    body = UnicodeAttribute()  # the build's catalog.json (site/plugins/pricing/catalog.py)
