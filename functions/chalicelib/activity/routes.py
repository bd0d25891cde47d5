"""/account/activity: the activity log, newest first."""

from ..api import Routes, customer
from ..db import page_for
from .models import Activity
from .record import present

bp = Routes(__name__)


@bp.operation("GET", "/account/activity", access=customer("profile"), answer="ActivityPage",
              summary="Activity log, newest first")
def activity_route(principal, query):
    # A contact reads its own doings only: the owner's and other contacts' sign-ins, IPs
    # and devices are theirs (as their personal e-mails are).
    own = None if principal.contact is None else Activity.actor == principal.actor
    pk, _ = Activity.key(principal.client_id, "")
    items, cursor = page_for(query, Activity, pk, Activity.PREFIX,
                             filter_condition=own)
    return {"items": [present(i) for i in items], "next": cursor}
