"""Dashboard (Inicio): the client-area home, one part from each area."""

from ..registry import Area, MenuEntry, Page

AREA = Area(
    name="dashboard",
    routes=("chalicelib.dashboard.routes",),
    pages=(Page("clientarea/", "dashboard", "ca.dashboard.title", "dashboard"),),
    menu=(MenuEntry("dashboard", "clientarea/", None, ("clientarea/",), order=10),),
)
