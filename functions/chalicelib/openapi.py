"""The API's OpenAPI 3.1 document, served at /api/openapi.json.

Request bodies come from the same pydantic schemas that validate them; each operation
is listed once in OPERATIONS, and a test fails when a route exists that the document
lacks, or the reverse. Areas add their rows here when they add routes.
"""

import re
from functools import cache

from .accounts import schemas as accounts
from .accounts.present import PROFILE_FIELDS
from .kb import schemas as kb

# Reusable response shapes, described loosely: the field names are docs/api.md's contract.
PROFILE = {"$ref": "#/components/schemas/Profile"}
LIST = {"$ref": "#/components/schemas/List"}
OBJECT = {"type": "object"}
HTML = {"type": "string", "contentMediaType": "text/html"}

# (method, path, summary, request schema or None, success status, response schema or None,
#  signed in?)
OPERATIONS = [
    ("get", "/health", "API and table reachable", None, 200, OBJECT, False),
    ("get", "/openapi.json", "This document", None, 200, OBJECT, False),
    ("post", "/auth/register", "Registrarse: create an account and sign in", accounts.Register, 201, PROFILE, False),
    ("post", "/auth/login", "Iniciar Sesión (a backup code is accepted as totp)", accounts.Login, 200, PROFILE, False),
    ("get", "/auth/me", "Who is signed in: owner or contact, and its permissions", None, 200, OBJECT, True),
    ("post", "/auth/logout", "End this session", None, 204, None, True),
    ("post", "/auth/logout-all", "End every session of this user", None, 204, None, True),
    ("get", "/auth/sessions", "This user's sessions", None, 200, LIST, True),
    ("delete", "/auth/sessions/{session_id}", "End one session", None, 204, None, True),
    ("post", "/auth/password-reset", "¿Olvidó su contraseña?: e-mail a reset link (always 202)", accounts.Email_, 202, OBJECT, False),
    ("post", "/auth/password-reset/confirm", "Choose a new password from a reset link", accounts.ResetConfirm, 204, None, False),
    ("post", "/auth/password-reset/question", "The security question of a reset link: question (key or free text), question_text", accounts.TokenOnly, 200, OBJECT, False),
    ("post", "/auth/verify-email", "Verify the address from an e-mailed link", accounts.TokenOnly, 204, None, False),
    ("post", "/auth/accept-invitation", "A contact chooses its password", accounts.AcceptInvitation, 204, None, False),
    ("get", "/account", "Mis Datos", None, 200, PROFILE, True),
    ("patch", "/account", "Change profile fields (email needs current_password)", accounts.ProfilePatch, 200, PROFILE, True),
    ("post", "/account/verification-email", "Send the verification link again", None, 202, OBJECT, True),
    ("post", "/account/password", "Cambiar Contraseña (ends the other sessions)", accounts.PasswordChange, 204, None, True),
    ("get", "/account/security-question", "The security question (never the answer): question (key or free text), question_text", None, 200, OBJECT, True),
    ("put", "/account/security-question", "Cambiar Pregunta de Seguridad", accounts.SecurityQuestion, 204, None, True),
    ("post", "/account/two-factor", "Start two-factor set-up: secret, otpauth_uri, qr_svg", accounts.CurrentPassword, 200, OBJECT, True),
    ("post", "/account/two-factor/confirm", "Turn two-factor on; answers 10 backup codes once", accounts.TwoFactorConfirm, 200, OBJECT, True),
    ("delete", "/account/two-factor/setup", "Cancel a set-up not yet confirmed (forgets the pending secret)", None, 204, None, True),
    ("post", "/account/two-factor/backup-codes", "New backup codes for the password and a current code (the old ones stop working); answers them once", accounts.BackupCodesRenew, 200, OBJECT, True),
    ("delete", "/account/two-factor", "Turn two-factor off", accounts.TwoFactorDisable, 204, None, True),
    ("get", "/account/contacts", "Administración de contactos", None, 200, LIST, True),
    ("post", "/account/contacts", "Añadir Nuevo Contacto (permissions give a sign-in by invitation)", accounts.ContactCreate, 201, OBJECT, True),
    ("get", "/account/contacts/{contact_id}", "One contact", None, 200, OBJECT, True),
    ("patch", "/account/contacts/{contact_id}", "Change a contact", accounts.ContactPatch, 200, OBJECT, True),
    ("delete", "/account/contacts/{contact_id}", "Remove a contact (revokes its sign-in at once)", None, 204, None, True),
    ("get", "/account/emails", "Mis Emails, newest first", None, 200, LIST, True),
    ("get", "/account/emails/{email_id}", "One e-mail: body_text and the sanitised body_html (secrets redacted); pages show the HTML through the /html document", None, 200, OBJECT, True),
    ("get", "/account/emails/{email_id}/html", "One e-mail's sanitised HTML, for a sandboxed frame (its own CSP)", None, 200, HTML, True),
    ("get", "/account/activity", "Activity log, newest first", None, 200, LIST, True),
    ("get", "/dashboard", "Counts and short lists for the client-area home", None, 200, OBJECT, True),
    ("get", "/kb/{slug}/votes", "¿Fue útil la respuesta?: counts and this visitor's vote", None, 200, OBJECT, False),
    ("post", "/kb/{slug}/votes", "Vote (or change the vote) on an article; sets the visitor cookie", kb.Vote, 200, OBJECT, False),
    ("get", "/downloads/{download_id}", "Short-lived link to a download (401 signed out, 403 not entitled)", None, 200, OBJECT, False),
]

# The error statuses an operation can answer beyond those every operation of its kind
# has (see _error_statuses): docs/api.md's table, per route.
EXTRA_ERRORS = {
    ("post", "/auth/register"): {409, 429},
    ("post", "/auth/login"): {401, 429},
    ("post", "/auth/password-reset"): {429},
    ("post", "/auth/password-reset/confirm"): {403},
    ("post", "/auth/password-reset/question"): {429},
    ("post", "/account/verification-email"): {429},
    # 409 conflict: the person's sign-in address moved in a parallel request meanwhile
    ("get", "/auth/me"): {409},
    ("get", "/account/security-question"): {409},
    ("delete", "/account/two-factor/setup"): {409},
    ("delete", "/account/contacts/{contact_id}"): {409},
    ("post", "/account/two-factor/backup-codes"): {401, 409},
    # a wrong current_password counts like a failed sign-in: 403, then 429
    ("patch", "/account"): {403, 409, 429},
    ("post", "/account/password"): {403, 429},
    ("put", "/account/security-question"): {403, 429},
    ("post", "/account/two-factor"): {403, 409, 429},
    ("post", "/account/two-factor/confirm"): {409, 429},
    ("delete", "/account/two-factor"): {403, 409, 429},
    ("post", "/account/contacts"): {409},
    ("patch", "/account/contacts/{contact_id}"): {409},
    ("post", "/kb/{slug}/votes"): {429},
    ("get", "/downloads/{download_id}"): {401, 403},
}
STATUS_TEXT = {
    400: "malformed_request (no body, not a JSON object) or invalid_token",
    401: "unauthenticated, invalid_credentials, totp_required or totp_invalid",
    403: "forbidden_origin, forbidden (permission), invalid_password or security_answer_incorrect",
    404: "not_found",
    409: "email_taken or conflict",
    413: "payload_too_large (over 64 KB)",
    415: "unsupported_media_type (a body that is not application/json)",
    422: "validation_failed: `fields` names each refused field",
    429: "too_many_attempts, with Retry-After",
}


def _error_statuses(method, path, schema, signed_in) -> set[int]:
    statuses = set(EXTRA_ERRORS.get((method, path), ()))
    if schema is not None:
        statuses |= {400, 413, 415, 422}
        if "current_password" in schema.model_fields:
            # a wrong one counts like a failed sign-in: 403, then 429; 409 as for /auth/me
            statuses |= {403, 409, 429}
    if method != "get":
        statuses.add(403)  # forbidden_origin
    if signed_in:
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    return statuses


def _error(status: int) -> dict:
    return {"description": STATUS_TEXT[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


ERROR = {"$ref": "#/components/responses/Error"}


def _operation(method, path, summary, schema, status, response, signed_in) -> dict:
    words = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_")
    op: dict = {"summary": summary, "operationId": f"{method}_{words}",
                "responses": {str(status): {"description": summary}}}
    if response is not None:
        media = "text/html" if response is HTML else "application/json"
        op["responses"][str(status)]["content"] = {media: {"schema": response}}
    params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
    if params:
        op["parameters"] = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                            for p in params]
    if schema is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema.__name__.rstrip('_')}"}}}}
    if signed_in:
        op["security"] = [{"session": []}]
    for error in sorted(_error_statuses(method, path, schema, signed_in)):
        op["responses"][str(error)] = _error(error)
    op["responses"]["default"] = ERROR
    return op


def _error_codes() -> list[str]:
    from . import errors

    return sorted({cls.code for cls in vars(errors).values()
                   if isinstance(cls, type) and issubclass(cls, errors.ApiError)})


def _with_country_rules(schema: dict) -> dict:
    """State the per-country postcode format and tax-id check as if/then rules of a body
    that names its country (without one, the stored country's rules apply)."""
    from .addresses import POSTCODES, TAX_ID_EXAMPLES

    props = schema.get("properties", {})
    if "country" not in props or not {"postcode", "tax_id"} & set(props):
        return schema
    rules = []
    for country in sorted(set(POSTCODES) | set(TAX_ID_EXAMPLES)):
        then = {}
        if "postcode" in props and country in POSTCODES:
            pattern, form, example = POSTCODES[country]
            then["postcode"] = {"pattern": f"^(?:{pattern})$", "examples": [example]}
        if "tax_id" in props and country in TAX_ID_EXAMPLES:
            then["tax_id"] = {"description": "Checked with its check digits: NIF/NIE/CIF in "
                              "Spain, the VAT number in another EU country.",
                              "examples": [TAX_ID_EXAMPLES[country]]}
        if then:
            rules.append({"if": {"properties": {"country": {"const": country}},
                                 "required": ["country"]},
                          "then": {"properties": then}})
    return {**schema, "allOf": [*schema.get("allOf", []), *rules]}


@cache
def document() -> dict:
    paths: dict = {}
    schemas = {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"], "properties": {
                "code": {"enum": _error_codes()}, "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
        "List": {"type": "object", "required": ["items", "next"], "properties": {
            "items": {"type": "array", "items": {"type": "object"}},
            "next": {"type": ["string", "null"]}}},
        "Profile": {"type": "object", "properties": {
            name: {} for name in ("id", *PROFILE_FIELDS, "phone_display", "created_at")}},
    }
    for method, path, summary, schema, status, response, signed_in in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(method, path, summary, schema, status,
                                                        response, signed_in)
        if schema is not None:
            schemas[schema.__name__.rstrip("_")] = _with_country_rules(schema.model_json_schema(
                ref_template="#/components/schemas/{model}"))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Portico client API", "version": "1.0.0",
                 "description": "The client area's JSON API. Errors always use the Error envelope."},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {"Error": {"description": "The error envelope", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie",
                                            "name": "portico_session"}},
        },
    }
