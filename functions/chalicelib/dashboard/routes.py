"""/dashboard: what the client-area home page shows, one part from each area."""

from ..api import Routes, customer
from .summary import summary

bp = Routes(__name__)


@bp.operation("GET", "/dashboard", access=customer(), answer="Dashboard",
              summary="Inicio: who is signed in, and each area's counts and short lists that "
                      "this person may see")
def dashboard_route(principal):
    return summary(principal)
