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
    staff_client_section="chalicelib.mail.staff:client_section",
    # Words of its section of a client's page in the staff console
    messages={
        "mail.staff.sent_at": {"es": "Enviado", "en": "Sent"},
        "mail.staff.subject": {"es": "Asunto", "en": "Subject"},
        "mail.staff.to": {"es": "Para", "en": "To"},
        "mail.staff.kind": {"es": "Tipo", "en": "Kind"},
        "mail.staff.status": {"es": "Estado", "en": "Status"},
        "mail.staff.recent": {"es": "Correos enviados", "en": "E-mails sent"},
    },
    jobs={"mail.send": "chalicelib.mail.jobs:send",
          "mail.send_staff": "chalicelib.mail.jobs:send_staff"},
)
