"""Routes that belong to no area: health and the API's own description."""

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from ..db import Item
from ..errors import ServiceUnavailable
from ..http import Routes, reply

bp = Routes(__name__)


@bp.route("/health", methods=["GET"])
def health():
    try:
        # A cheap data-plane read proves both credentials and table are there.
        Item.count("HEALTH", limit=1)
    except (PynamoDBException, BotoCoreError, ClientError) as exc:
        raise ServiceUnavailable() from exc
    return reply({"status": "ok"})


@bp.route("/openapi.json", methods=["GET"])
def openapi():
    from ..openapi import document

    return reply(document())
