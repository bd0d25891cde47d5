"""/downloads/{id}: a short-lived link to a restricted file of the Descargas page."""

from ..api import OPTIONAL_CUSTOMER, Routes
from . import access

bp = Routes(__name__)


@bp.operation("GET", "/downloads/{download_id}", access=OPTIONAL_CUSTOMER, answer="DownloadLink",
              errors={401, 403},
              summary="Short-lived link to a download (401 signed out, 403 not entitled)")
def get_download(principal, download_id):
    access.entry(download_id)  # an unknown id is 404 whoever asks
    return access.link(download_id, principal.client_id if principal else None)
