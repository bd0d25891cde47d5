"""Routes that belong to no area: health and the API's own description."""

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from ..api import PUBLIC, Routes
from ..db import Item
from ..errors import ServiceUnavailable

bp = Routes(__name__)


@bp.operation("GET", "/health", access=PUBLIC, answer="Health", errors={503},
              summary="API and table reachable")
def health():
    try:
        # A cheap data-plane read proves both credentials and table are there.
        Item.count("HEALTH", limit=1)
    except (PynamoDBException, BotoCoreError, ClientError) as exc:
        raise ServiceUnavailable() from exc
    return {"status": "ok"}


@bp.operation("GET", "/openapi.json", access=PUBLIC, answer="OpenApiDocument",
              summary="This document")
def openapi():
    from ..openapi import document

    return document()
