"""Activity: the log every area writes to, and the page that reads it."""

from ..registry import Area, MenuEntry, Page

AREA = Area(
    name="activity",
    routes=("chalicelib.activity.routes",),
    pages=(Page("clientarea/activity/", "activity", "ca.activity.title", "activity"),),
    menu=(MenuEntry("activity", "clientarea/activity/", "profile", ("clientarea/activity/",),
                    place="user", order=40),),
)
