"""Mail: sending every e-mail, Mis Emails, and SES's bounce reports."""

from ..registry import Area, EmailKind, MenuEntry, Page, Permission, Words

AREA = Area(
    name="mail",
    routes=("chalicelib.mail.routes", "chalicelib.mail.bounces"),
    permissions=(Permission("emails", Words("Ver Mis Emails", "View My Emails")),),
    email_kinds=(EmailKind("general", Words("Correos generales", "General e-mails")),),
    dashboard="chalicelib.mail.dashboard:part",
    pages=(
        Page("clientarea/emails/", "emails", "ca.emails.title", "emails"),
        Page("clientarea/emails/view/", "email-view", "ca.email.title", "email-view"),
    ),
    menu=(MenuEntry("emails", "clientarea/emails/", "emails",
                    ("clientarea/emails/", "clientarea/emails/view/"), order=70),),
    jobs={"mail.send": "chalicelib.mail.jobs:send"},
)
