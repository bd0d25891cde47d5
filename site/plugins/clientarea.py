"""Write the client-area shells: static pages the page scripts fill from /api.

Each page is rendered once per language (one template, words from site/i18n/).
The pages, relative to the language root (/ or /en/):

  clientarea/                        Inicio (dashboard)              dashboard.html
  clientarea/login/                  Iniciar Sesión                  login.html
  clientarea/register/               Registrarse                     register.html
  clientarea/password-reset/         forgot password; ?token= sets a new one
  clientarea/verify-email/           ?token= confirms the address
  clientarea/accept-invitation/      ?token= a contact chooses its password
  clientarea/account/                Mis Datos
  clientarea/contacts/               Administración de contactos
  clientarea/contacts/edit/          add (no ?id=) or edit (?id=) a contact
  clientarea/password/               Cambiar Contraseña
  clientarea/security-question/      Cambiar Pregunta de Seguridad
  clientarea/security/               two-factor and active sessions
  clientarea/emails/                 Mis Emails
  clientarea/emails/view/            one e-mail (?id=)
  clientarea/activity/               activity log
  clientarea/{services,domains,invoices,tickets,tickets/new,affiliates,order}/
                                     "coming soon" shells until their pages exist
"""

from dataclasses import dataclass

from pelican import signals
from pelican.generators import Generator


@dataclass(frozen=True)
class Shell:
    path: str  # relative to the language root, ends with "/"
    template: str  # under theme/templates/clientarea/
    title: str  # catalogue key
    signed_in: bool = True  # shows the client-area navigation; scripts need a session
    script: str | None = None  # module under theme/static/js/pages/


SHELLS = [
    Shell("clientarea/", "dashboard", "ca.dashboard.title", script="dashboard"),
    Shell("clientarea/login/", "login", "ca.login.title", signed_in=False, script="login"),
    Shell("clientarea/register/", "register", "ca.register.title", signed_in=False, script="register"),
    Shell("clientarea/password-reset/", "password-reset", "ca.reset.title", signed_in=False, script="password-reset"),
    Shell("clientarea/verify-email/", "verify-email", "ca.verify.title", signed_in=False, script="verify-email"),
    Shell("clientarea/accept-invitation/", "accept-invitation", "ca.invite.title", signed_in=False, script="accept-invitation"),
    Shell("clientarea/account/", "account", "ca.account.title", script="account"),
    Shell("clientarea/contacts/", "contacts", "ca.contacts.title", script="contacts"),
    Shell("clientarea/contacts/edit/", "contact-edit", "ca.contact.title", script="contact-edit"),
    Shell("clientarea/password/", "password", "ca.password.title", script="password"),
    Shell("clientarea/security-question/", "security-question", "ca.secq.title", script="security-question"),
    Shell("clientarea/security/", "security", "ca.security.title", script="security"),
    Shell("clientarea/emails/", "emails", "ca.emails.title", script="emails"),
    Shell("clientarea/emails/view/", "email-view", "ca.email.title", script="email-view"),
    Shell("clientarea/activity/", "activity", "ca.activity.title", script="activity"),
    # Filled in by later work; until then no link in the navigation leads to a 404.
    Shell("clientarea/services/", "soon", "ca.nav.services", script="soon"),
    Shell("clientarea/domains/", "soon", "ca.nav.domains", script="soon"),
    Shell("clientarea/invoices/", "soon", "ca.nav.invoices", script="soon"),
    Shell("clientarea/tickets/", "soon", "ca.nav.tickets", script="soon"),
    Shell("clientarea/tickets/new/", "soon", "ca.shortcut.ticket", script="soon"),
    Shell("clientarea/affiliates/", "soon", "ca.nav.affiliates", script="soon"),
    Shell("clientarea/order/", "soon", "ca.shortcut.order", script="soon"),
]


class ClientAreaGenerator(Generator):
    def generate_context(self):
        self.context["clientarea_shells"] = SHELLS

    def generate_output(self, writer):
        for shell in SHELLS:
            writer.write_file(
                shell.path + "index.html",
                self.get_template("clientarea/" + shell.template),
                self.context,
                shell=shell,
                lang_path=shell.path,
                page_title_key=shell.title,
                noindex=True,  # app screens, not documents: never in results (nor the sitemap)
            )


def get_generators(_pelican):
    return ClientAreaGenerator


def register():
    signals.get_generators.connect(get_generators)
