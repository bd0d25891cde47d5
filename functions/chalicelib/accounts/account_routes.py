"""/account: Mis Datos, password, security question, two-factor, contacts."""

from ..http import LazySchemas, Routes, no_content, parse_body, reply
from . import contacts, present, profile, reset, security, two_factor
from .sessions import require_auth

bp = Routes(__name__)
schemas = LazySchemas(f"{__package__}.schemas")


@bp.route("/account", methods=["GET"])
def account_route():
    return reply(present.profile(require_auth(bp.current_request, "profile").client))


@bp.route("/account", methods=["PATCH"])
def update_account_route():
    auth = require_auth(bp.current_request, "profile")
    body = parse_body(bp.current_request, schemas.ProfilePatch)
    return reply(present.profile(profile.update_profile(auth, body, bp.current_request)))


@bp.route("/account/verification-email", methods=["POST"])
def resend_verification_route():
    auth = require_auth(bp.current_request, "profile")
    if not auth.client.email_verified:
        reset.resend_verification(auth.client)
    return reply({}, 202)


@bp.route("/account/password", methods=["POST"])
def password_route():
    auth = require_auth(bp.current_request)
    security.change_password(auth, parse_body(bp.current_request, schemas.PasswordChange),
                             bp.current_request)
    return no_content()


@bp.route("/account/security-question", methods=["GET"])
def security_question_route():
    return reply(security.security_question(require_auth(bp.current_request)))


@bp.route("/account/security-question", methods=["PUT"])
def set_security_question_route():
    auth = require_auth(bp.current_request)
    security.set_security_question(auth, parse_body(bp.current_request, schemas.SecurityQuestion),
                                   bp.current_request)
    return no_content()


def _confirmed(schema):
    """The signed-in person, the body, and their own sign-in once current_password is right."""
    auth = require_auth(bp.current_request)
    body = parse_body(bp.current_request, schema)
    return auth, body, security.confirm_password(auth, body.current_password)


@bp.route("/account/two-factor", methods=["POST"])
def two_factor_start_route():
    auth, _body, signin = _confirmed(schemas.CurrentPassword)
    return reply(two_factor.start(auth, signin))


@bp.route("/account/two-factor/confirm", methods=["POST"])
def two_factor_confirm_route():
    auth = require_auth(bp.current_request)
    body = parse_body(bp.current_request, schemas.TwoFactorConfirm)
    signin = security.user_login(auth)
    return reply({"backup_codes": two_factor.confirm(auth, signin, body.code, bp.current_request)})


@bp.route("/account/two-factor/setup", methods=["DELETE"])
def two_factor_cancel_route():
    auth = require_auth(bp.current_request)
    two_factor.cancel_setup(security.user_login(auth))
    return no_content()


@bp.route("/account/two-factor/backup-codes", methods=["POST"])
def backup_codes_route():
    auth, body, signin = _confirmed(schemas.BackupCodesRenew)
    codes = two_factor.renew_backup_codes(auth, signin, body.code, bp.current_request)
    return reply({"backup_codes": codes})


@bp.route("/account/two-factor", methods=["DELETE"])
def two_factor_disable_route():
    auth, body, signin = _confirmed(schemas.TwoFactorDisable)
    two_factor.disable(auth, signin, body.code, bp.current_request)
    return no_content()


@bp.route("/account/contacts", methods=["GET"])
def contacts_route():
    auth = require_auth(bp.current_request, "contacts")
    return reply({"items": [present.contact(c) for c in contacts.list_contacts(auth)], "next": None})


@bp.route("/account/contacts", methods=["POST"])
def add_contact_route():
    auth = require_auth(bp.current_request, "contacts")
    body = parse_body(bp.current_request, schemas.ContactCreate)
    return reply(present.contact(contacts.add_contact(auth, body, bp.current_request)), 201)


@bp.route("/account/contacts/{contact_id}", methods=["GET"])
def contact_route(contact_id):
    auth = require_auth(bp.current_request, "contacts")
    return reply(present.contact(contacts.get_contact(auth, contact_id)))


@bp.route("/account/contacts/{contact_id}", methods=["PATCH"])
def update_contact_route(contact_id):
    auth = require_auth(bp.current_request, "contacts")
    body = parse_body(bp.current_request, schemas.ContactPatch)
    return reply(present.contact(contacts.update_contact(auth, contact_id, body,
                                                         bp.current_request)))


@bp.route("/account/contacts/{contact_id}", methods=["DELETE"])
def remove_contact_route(contact_id):
    auth = require_auth(bp.current_request, "contacts")
    contacts.remove_contact(auth, contact_id, bp.current_request)
    return no_content()
