"""/dashboard: what the client-area home page shows, in one or two table requests."""

from ..accounts.sessions import require_auth
from ..http import Routes, reply
from .summary import summary

bp = Routes(__name__)


@bp.route("/dashboard", methods=["GET"])
def dashboard_route():
    auth = require_auth(bp.current_request)
    return reply(summary(auth))
