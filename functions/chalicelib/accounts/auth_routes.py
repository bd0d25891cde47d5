"""/auth: register, sign in and out, sessions, password reset, e-mailed links."""

from ..http import LazySchemas, Routes, no_content, parse_body, reply
from . import present, reset, signin
from .register import register
from .sessions import cleared_cookie, require_auth, session_cookie

bp = Routes(__name__)
schemas = LazySchemas(f"{__package__}.schemas")


@bp.route("/auth/register", methods=["POST"])
def register_route():
    body = parse_body(bp.current_request, schemas.Register)
    client, cookie = register(body, bp.current_request)
    return reply(present.profile(client), 201, {"Set-Cookie": session_cookie(cookie)})


@bp.route("/auth/login", methods=["POST"])
def login_route():
    body = parse_body(bp.current_request, schemas.Login)
    auth, cookie = signin.login(body, bp.current_request)
    answer = present.me(auth) if auth.contact else present.profile(auth.client)
    return reply(answer, 200, {"Set-Cookie": session_cookie(cookie)})


@bp.route("/auth/me", methods=["GET"])
def me_route():
    return reply(present.me(require_auth(bp.current_request)))


@bp.route("/auth/logout", methods=["POST"])
def logout_route():
    signin.logout(require_auth(bp.current_request), bp.current_request)
    return no_content({"Set-Cookie": cleared_cookie()})


@bp.route("/auth/logout-all", methods=["POST"])
def logout_all_route():
    signin.logout_all(require_auth(bp.current_request), bp.current_request)
    return no_content({"Set-Cookie": cleared_cookie()})


@bp.route("/auth/sessions", methods=["GET"])
def sessions_route():
    return reply({"items": signin.list_sessions(require_auth(bp.current_request)), "next": None})


@bp.route("/auth/sessions/{session_id}", methods=["DELETE"])
def end_session_route(session_id):
    signin.end_session(require_auth(bp.current_request), session_id, bp.current_request)
    return no_content()


@bp.route("/auth/password-reset", methods=["POST"])
def password_reset_route():
    body = parse_body(bp.current_request, schemas.Email_)
    reset.request_reset(body.email, bp.current_request)
    return reply({}, 202)


@bp.route("/auth/password-reset/confirm", methods=["POST"])
def password_reset_confirm_route():
    reset.confirm_reset(parse_body(bp.current_request, schemas.ResetConfirm), bp.current_request)
    return no_content({"Set-Cookie": cleared_cookie()})


@bp.route("/auth/password-reset/question", methods=["POST"])
def password_reset_question_route():
    body = parse_body(bp.current_request, schemas.TokenOnly)
    return reply(reset.reset_question(body.token, bp.current_request))


@bp.route("/auth/verify-email", methods=["POST"])
def verify_email_route():
    body = parse_body(bp.current_request, schemas.TokenOnly)
    reset.verify_email(body.token, bp.current_request)
    return no_content()


@bp.route("/auth/accept-invitation", methods=["POST"])
def accept_invitation_route():
    reset.accept_invitation(parse_body(bp.current_request, schemas.AcceptInvitation),
                            bp.current_request)
    return no_content()
