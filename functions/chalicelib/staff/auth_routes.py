"""/staff/auth and /staff/me: a member of staff signs in, sets up its second factor,
changes its password, signs out."""

from ..api import PUBLIC, Answer, Routes, staff
from ..auth.staff import ROLES
from ..auth.staff_sessions import cleared_staff_cookie, staff_cookie
from . import present, signin

bp = Routes(__name__)

EVERY_ROLE = ROLES


@bp.operation("POST", "/staff/auth/login", access=PUBLIC, body="StaffSignIn", answer="StaffMe",
              errors={401, 429},
              summary="Staff sign-in: e-mail, password and the second factor's code (totp, or a "
                      "backup code). A member without a second factor yet gets 200 with "
                      "two_factor_setup_required and a setup-only session")
def login_route(body):
    principal, cookie = signin.login(body)
    return Answer(present.me(principal), {"Set-Cookie": staff_cookie(cookie)})


@bp.operation("POST", "/staff/auth/two-factor", access=staff(*EVERY_ROLE, setup=True),
              answer="StaffTwoFactorSetup", errors={409},
              summary="Start setting up the required second factor: secret, otpauth_uri, qr_svg")
def two_factor_start_route(principal):
    return signin.start_two_factor(principal)


@bp.operation("POST", "/staff/auth/two-factor/confirm", access=staff(*EVERY_ROLE, setup=True),
              body="StaffCode", answer="StaffBackupCodes", errors={409, 429},
              summary="Turn the second factor on with a code (the session becomes a full one); "
                      "answers 10 backup codes once")
def two_factor_confirm_route(principal, body):
    return {"backup_codes": signin.confirm_two_factor(principal, body.code)}


@bp.operation("POST", "/staff/auth/logout", access=staff(*EVERY_ROLE, setup=True), status=204,
              summary="End this staff session")
def logout_route(principal):
    signin.logout(principal)
    return Answer(headers={"Set-Cookie": cleared_staff_cookie()})


@bp.operation("POST", "/staff/auth/logout-others", access=staff(*EVERY_ROLE), status=204,
              summary="End every other session of this member of staff")
def logout_others_route(principal):
    signin.logout_others(principal)


@bp.operation("POST", "/staff/auth/password", access=PUBLIC, body="StaffSetPassword",
              status=204, errors={429},
              summary="Choose a staff password from a one-time link (an invitation, an admin's "
                      "link, `make staff-user`); ends the member's sessions")
def set_password_route(body):
    signin.set_password(body)


@bp.operation("GET", "/staff/me", access=staff(*EVERY_ROLE), answer="StaffMe",
              summary="The signed-in member of staff")
def me_route(principal):
    return present.me(principal)


@bp.operation("POST", "/staff/me/password", access=staff(*EVERY_ROLE),
              body="StaffPasswordChange", status=204, errors={403, 409, 429},
              summary="Change one's own staff password (ends the other sessions)")
def password_route(principal, body):
    signin.change_password(principal, body)


@bp.operation("POST", "/staff/me/backup-codes", access=staff(*EVERY_ROLE),
              body="StaffBackupCodesRenew", answer="StaffBackupCodes", errors={403, 409, 429},
              summary="New backup codes for the password and a current code (the old ones stop "
                      "working); answers them once")
def backup_codes_route(principal, body):
    return {"backup_codes": signin.renew_backup_codes(principal, body)}
