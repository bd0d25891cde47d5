"""/account/activity: the activity log, newest first."""

from ..accounts.sessions import require_auth
from ..db import client_pk, page, parse_limit
from ..http import Routes, query_param, reply
from .log import present
from .models import Activity

bp = Routes(__name__)


@bp.route("/account/activity", methods=["GET"])
def activity_route():
    auth = require_auth(bp.current_request, "profile")
    request = bp.current_request
    items, cursor = page(Activity, client_pk(auth.client_id), "ACTIVITY#",
                         limit=parse_limit(query_param(request, "limit")),
                         cursor=query_param(request, "cursor"))
    return reply({"items": [present(i) for i in items], "next": cursor})
