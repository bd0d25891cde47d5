"""/account/activity: the activity log, newest first."""

from ..accounts.sessions import require_auth
from ..db import client_pk, page_for
from ..http import Routes, reply
from .log import present
from .models import Activity

bp = Routes(__name__)


@bp.route("/account/activity", methods=["GET"])
def activity_route():
    auth = require_auth(bp.current_request, "profile")
    # A contact reads its own doings only: the owner's and other contacts' sign-ins, IPs
    # and devices are theirs (as their personal e-mails are).
    own = None if auth.contact is None else Activity.actor == auth.actor
    items, cursor = page_for(bp.current_request, Activity, client_pk(auth.client_id), "ACTIVITY#",
                             filter_condition=own)
    return reply({"items": [present(i) for i in items], "next": cursor})
