"""/downloads/{id}: a short-lived link to a restricted file of the Descargas page."""

from ..accounts.sessions import current_auth
from ..http import Routes, reply
from . import access

bp = Routes(__name__)


@bp.route("/downloads/{download_id}", methods=["GET"])
def get_download(download_id):
    access.entry(download_id)  # an unknown id is 404 whoever asks
    auth = current_auth(bp.current_request)
    return reply(access.link(download_id, auth.client_id if auth else None))
