"""/account: Mis Datos, password, security question, two-factor, contacts."""

from ..api import Routes, customer
from . import contacts, present, profile, reset, security, two_factor

bp = Routes(__name__)

# A wrong current_password counts like a failed sign-in (403, then 429); 409 conflict:
# the person's sign-in address moved in a parallel request meanwhile.
CONFIRMED = {403, 409, 429}


@bp.operation("GET", "/account", access=customer("profile"), answer="Profile", summary="Mis Datos")
def account_route(principal):
    return present.profile(principal.client)


@bp.operation("PATCH", "/account", access=customer("profile"), body="ProfilePatch",
              answer="Profile", errors=CONFIRMED,
              summary="Change profile fields (email needs current_password)")
def update_account_route(principal, body):
    return present.profile(profile.update_profile(principal, body))


@bp.operation("POST", "/account/verification-email", access=customer("profile"), answer="Empty",
              status=202, errors={429}, summary="Send the verification link again")
def resend_verification_route(principal):
    if not principal.client.email_verified:
        reset.resend_verification(principal.client)
    return {}


@bp.operation("POST", "/account/password", access=customer(), body="PasswordChange", status=204,
              errors=CONFIRMED, summary="Cambiar Contraseña (ends the other sessions)")
def password_route(principal, body):
    security.change_password(principal, body)


@bp.operation("GET", "/account/security-question", access=customer(),
              answer="SecurityQuestionAnswer", errors={409},
              summary="The security question (never the answer): question (key or free text), "
                      "question_text")
def security_question_route(principal):
    return security.security_question(principal)


@bp.operation("PUT", "/account/security-question", access=customer(), body="SecurityQuestion",
              status=204, errors=CONFIRMED, summary="Cambiar Pregunta de Seguridad")
def set_security_question_route(principal, body):
    security.set_security_question(principal, body)


@bp.operation("POST", "/account/two-factor", access=customer(), body="CurrentPassword",
              answer="TwoFactorSetup", errors=CONFIRMED,
              summary="Start two-factor set-up: secret, otpauth_uri, qr_svg")
def two_factor_start_route(principal, body):
    return two_factor.start(principal, security.confirm_password(principal, body.current_password))


@bp.operation("POST", "/account/two-factor/confirm", access=customer(), body="TwoFactorConfirm",
              answer="BackupCodes", errors={409, 429},
              summary="Turn two-factor on; answers 10 backup codes once")
def two_factor_confirm_route(principal, body):
    signin = security.user_login(principal)
    return {"backup_codes": two_factor.confirm(principal, signin, body.code)}


@bp.operation("DELETE", "/account/two-factor/setup", access=customer(), status=204, errors={409},
              summary="Cancel a set-up not yet confirmed (forgets the pending secret)")
def two_factor_cancel_route(principal):
    two_factor.cancel_setup(security.user_login(principal))


@bp.operation("POST", "/account/two-factor/backup-codes", access=customer(),
              body="BackupCodesRenew", answer="BackupCodes", errors={401, *CONFIRMED},
              summary="New backup codes for the password and a current code (the old ones stop "
                      "working); answers them once")
def backup_codes_route(principal, body):
    signin = security.confirm_password(principal, body.current_password)
    return {"backup_codes": two_factor.renew_backup_codes(principal, signin, body.code)}


@bp.operation("DELETE", "/account/two-factor", access=customer(), body="TwoFactorDisable",
              status=204, errors=CONFIRMED, summary="Turn two-factor off")
def two_factor_disable_route(principal, body):
    signin = security.confirm_password(principal, body.current_password)
    two_factor.disable(principal, signin, body.code)


@bp.operation("GET", "/account/contacts", access=customer("contacts"), answer="ContactPage",
              summary="Administración de contactos")
def contacts_route(principal):
    return {"items": [present.contact(c) for c in contacts.list_contacts(principal)], "next": None}


@bp.operation("POST", "/account/contacts", access=customer("contacts"), body="ContactCreate",
              answer="Contact", status=201, errors={409},
              summary="Añadir Nuevo Contacto (permissions give a sign-in by invitation)")
def add_contact_route(principal, body):
    return present.contact(contacts.add_contact(principal, body))


@bp.operation("GET", "/account/contacts/{contact_id}", access=customer("contacts"),
              answer="Contact", summary="One contact")
def contact_route(principal, contact_id):
    return present.contact(contacts.get_contact(principal, contact_id))


@bp.operation("PATCH", "/account/contacts/{contact_id}", access=customer("contacts"),
              body="ContactPatch", answer="Contact", errors={409}, summary="Change a contact")
def update_contact_route(principal, body, contact_id):
    return present.contact(contacts.update_contact(principal, contact_id, body))


@bp.operation("DELETE", "/account/contacts/{contact_id}", access=customer("contacts"),
              status=204, errors={409},
              summary="Remove a contact (revokes its sign-in at once)")
def remove_contact_route(principal, contact_id):
    contacts.remove_contact(principal, contact_id)
