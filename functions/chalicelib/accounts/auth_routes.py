"""/auth: register, sign in and out, sessions, password reset, e-mailed links."""

from ..api import PUBLIC, Answer, Routes, customer
from ..auth.sessions import cleared_cookie, session_cookie
from . import present, reset, signin
from .register import register

bp = Routes(__name__)


@bp.operation("POST", "/auth/register", access=PUBLIC, body="Register", answer="Profile",
              status=201, errors={409, 429}, summary="Registrarse: create an account and sign in")
def register_route(body):
    client, cookie = register(body)
    return Answer(present.profile(client), {"Set-Cookie": session_cookie(cookie)})


@bp.operation("POST", "/auth/login", access=PUBLIC, body="Login", answer="LoginAnswer",
              errors={401, 429},
              summary="Iniciar Sesión (a backup code is accepted as totp): the owner's profile, "
                      "or for a login contact who it is (as /auth/me)")
def login_route(body):
    principal, cookie = signin.login(body)
    answer = present.me(principal) if principal.contact else present.profile(principal.client)
    return Answer(answer, {"Set-Cookie": session_cookie(cookie)})


@bp.operation("GET", "/auth/me", access=customer(), answer="Me", errors={409},
              summary="Who is signed in: owner or contact, and its permissions")
def me_route(principal):
    return present.me(principal)


@bp.operation("POST", "/auth/logout", access=customer(), status=204, summary="End this session")
def logout_route(principal):
    signin.logout(principal)
    return Answer(headers={"Set-Cookie": cleared_cookie()})


@bp.operation("POST", "/auth/logout-all", access=customer(), status=204,
              summary="End every session of this user")
def logout_all_route(principal):
    signin.logout_all(principal)
    return Answer(headers={"Set-Cookie": cleared_cookie()})


@bp.operation("GET", "/auth/sessions", access=customer(), answer="SessionPage",
              summary="This user's sessions")
def sessions_route(principal):
    return {"items": signin.list_sessions(principal), "next": None}


@bp.operation("DELETE", "/auth/sessions/{session_id}", access=customer(), status=204,
              summary="End one session")
def end_session_route(principal, session_id):
    signin.end_session(principal, session_id)


@bp.operation("POST", "/auth/password-reset", access=PUBLIC, body="ResetRequest", answer="Empty",
              status=202, errors={429},
              summary="¿Olvidó su contraseña?: e-mail a reset link (always 202)")
def password_reset_route(body):
    reset.request_reset(body.email)
    return {}


@bp.operation("POST", "/auth/password-reset/confirm", access=PUBLIC, body="ResetConfirm",
              status=204, errors={403}, summary="Choose a new password from a reset link")
def password_reset_confirm_route(body):
    reset.confirm_reset(body)
    return Answer(headers={"Set-Cookie": cleared_cookie()})


@bp.operation("POST", "/auth/password-reset/question", access=PUBLIC, body="TokenOnly",
              answer="SecurityQuestionAnswer", errors={429},
              summary="The security question of a reset link: question (key or free text), "
                      "question_text")
def password_reset_question_route(body):
    return reset.reset_question(body.token)


@bp.operation("POST", "/auth/verify-email", access=PUBLIC, body="TokenOnly", status=204,
              summary="Verify the address from an e-mailed link")
def verify_email_route(body):
    reset.verify_email(body.token)


@bp.operation("POST", "/auth/accept-invitation", access=PUBLIC, body="AcceptInvitation",
              status=204, summary="A contact chooses its password")
def accept_invitation_route(body):
    reset.accept_invitation(body)
