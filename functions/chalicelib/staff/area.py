"""The staff console: staff sign-in with a required second factor, roles, client lookup,
notes, the audit trail, staff management, and the console pages the areas fill."""

from ..registry import Area, Event, MenuEntry, Page, Words
from .messages import MESSAGES


def _page(path: str, template: str, *, signed_in: bool = True) -> Page:
    return Page(f"staff/{path}", template, f"staff.{template}.title", template,
                signed_in=signed_in, console="staff")


AREA = Area(
    name="staff",
    routes=("chalicelib.staff.auth_routes", "chalicelib.staff.console_routes",
            "chalicelib.staff.member_routes"),
    events=(
        # What the customer's activity log says (actor "staff"); the note stays internal.
        Event("staff_note_added", Words("Nuestro equipo ha anotado una gestión en su cuenta",
                                        "Our team noted an action on your account")),
    ),
    audit_actions=(
        Event("staff_signed_in", Words("Inicio de sesión", "Signed in")),
        Event("staff_sign_in_failed", Words("Inicio de sesión fallido", "Failed sign-in")),
        Event("staff_signed_out", Words("Cierre de sesión", "Signed out")),
        Event("staff_signed_out_others", Words("Cerró sus otras sesiones",
                                               "Ended its other sessions")),
        Event("staff_two_factor_started", Words("Empezó a configurar su segundo factor",
                                                "Started setting up its second factor")),
        Event("staff_two_factor_enabled", Words("Activó su segundo factor",
                                                "Set up its second factor")),
        Event("staff_backup_codes_renewed", Words("Generó nuevos códigos de respaldo",
                                                  "Generated new backup codes")),
        Event("staff_password_changed", Words("Cambió su contraseña", "Changed its password")),
        Event("staff_password_set", Words("Eligió contraseña con un enlace",
                                          "Chose a password from a link")),
        Event("note_added", Words("Nota añadida a un cliente", "Note added to a client")),
        Event("member_invited", Words("Miembro del equipo invitado", "Staff member invited")),
        Event("member_changed", Words("Miembro del equipo cambiado", "Staff member changed")),
        Event("member_two_factor_reset", Words("Segundo factor de un miembro restablecido",
                                               "A member's second factor reset")),
        Event("member_password_link", Words("Enlace de contraseña enviado a un miembro",
                                            "Password link sent to a member")),
    ),
    messages=MESSAGES,
    staff_home="chalicelib.staff.home:pending_members",
    pages=(
        _page("login/", "login", signed_in=False),
        _page("set-password/", "set-password", signed_in=False),
        _page("", "home"),
        _page("client/", "client"),
        _page("audit/", "audit"),
        _page("members/", "members"),
        _page("account/", "account"),
    ),
    menu=(
        MenuEntry("home", "staff/", pages=("staff/", "staff/client/"), order=10,
                  console="staff"),
        MenuEntry("audit", "staff/audit/", pages=("staff/audit/",), order=80, console="staff",
                  roles=("admin",)),
        MenuEntry("members", "staff/members/", pages=("staff/members/",), order=90,
                  console="staff", roles=("admin",)),
        MenuEntry("account", "staff/account/", pages=("staff/account/",), place="user",
                  order=10, console="staff"),
    ),
    demo="chalicelib.staff.demo:seed",
)
