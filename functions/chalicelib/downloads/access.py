"""Who may fetch a download, and the short-lived link they get.

An entry's access level comes from the site build (content/downloads/*.md):
`public` (the site serves it), `customers` (any signed-in customer) or
`product:<group>` (customers with an active service in that product group).
"""

from datetime import timedelta

from .. import aws
from .. import content as manifest
from ..config import settings
from ..db import iso, utcnow
from ..errors import Forbidden, NotFound, Unauthenticated

LINK_SECONDS = 300


def active_product_groups(client_id: str) -> frozenset[str]:
    """The product groups in which this client has an active service.

    Services arrive with a later issue; until then no one has any, so no one is
    entitled to a product:<group> download.
    """
    return frozenset()


def entitled(access: str, client_id: str | None) -> bool:
    """May this client (None: signed out) fetch a download of this access level?"""
    if access == "public":
        return True
    if client_id is None:
        return False
    if access == "customers":
        return True
    if access.startswith("product:"):
        return access.removeprefix("product:") in active_product_groups(client_id)
    return False  # an access level this code does not know grants nothing


def entry(download_id: str) -> dict:
    found = manifest.download(download_id)
    if found is None:
        raise NotFound()
    return found


def link(download_id: str, client_id: str | None) -> dict:
    """Return {url, expires_at} for an entitled caller; 401 signed out, 403 not entitled."""
    item = entry(download_id)
    access = item.get("access", "")
    if access == "public":
        return {"url": settings.site_url + item["public_path"], "expires_at": None}
    if client_id is None:
        raise Unauthenticated()
    if not entitled(access, client_id):
        raise Forbidden()
    url = aws.client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings.downloads_bucket,
            "Key": item["private_key"],
            "ResponseContentDisposition": f'attachment; filename="{item["filename"]}"',
        },
        ExpiresIn=LINK_SECONDS,
    )
    return {"url": url, "expires_at": iso(utcnow() + timedelta(seconds=LINK_SECONDS))}
