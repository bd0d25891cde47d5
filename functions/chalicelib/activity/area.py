"""Activity: the log every area writes to, and the page that reads it."""

from ..registry import Area, MenuEntry, Page

AREA = Area(
    name="activity",
    routes=("chalicelib.activity.routes",),
    pages=(Page("clientarea/activity/", "activity", "ca.activity.title", "activity"),),
    menu=(MenuEntry("activity", "clientarea/activity/", "profile", ("clientarea/activity/",),
                    place="user", order=40),),
    staff_client_section="chalicelib.activity.staff:client_section",
    # Words of its section of a client's page in the staff console
    messages={
        "activity.staff.at": {"es": "Fecha", "en": "Date"},
        "activity.staff.event": {"es": "Evento", "en": "Event"},
        "activity.staff.actor": {"es": "Quién", "en": "Who"},
        "activity.staff.ip": {"es": "IP", "en": "IP"},
        "activity.staff.detail": {"es": "Detalle", "en": "Detail"},
        "activity.staff.recent": {"es": "Actividad reciente", "en": "Recent activity"},
    },
)
