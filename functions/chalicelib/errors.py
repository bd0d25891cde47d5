"""Every error the API can answer, with its status and public code (docs/api.md's table).

Errors derive from ChaliceUnhandledError so that Chalice lets them through to our
middleware (chalicelib.http), which turns each into the one error envelope:
{"error": {"code": ..., "message": ..., "fields": {...}}}.
"""

import json

from chalice import Response
from chalice.app import ChaliceUnhandledError

from .i18n import t


class ApiError(ChaliceUnhandledError):
    status = 500
    code = "internal_error"

    def __init__(self, *, fields: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None, message_key: str | None = None,
                 **params):
        super().__init__(self.code)
        self.fields = fields
        self.headers = headers or {}
        self.message_key = message_key or self.code
        self.params = params

    def to_response(self) -> Response:
        return error_response(self.status, self.code, t(self.message_key, **self.params),
                              fields=self.fields, headers=self.headers)


def error_response(status: int, code: str, message: str, *, fields: dict | None = None,
                   headers: dict | None = None) -> Response:
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return Response(body=json.dumps({"error": error}, ensure_ascii=False), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


class MalformedRequest(ApiError):
    status, code = 400, "malformed_request"


class InvalidToken(ApiError):
    status, code = 400, "invalid_token"


class Unauthenticated(ApiError):
    status, code = 401, "unauthenticated"


class InvalidCredentials(ApiError):
    status, code = 401, "invalid_credentials"


class TotpRequired(ApiError):
    status, code = 401, "totp_required"


class TotpInvalid(ApiError):
    status, code = 401, "totp_invalid"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class ForbiddenOrigin(ApiError):
    status, code = 403, "forbidden_origin"


class InvalidPassword(ApiError):
    status, code = 403, "invalid_password"


class SecurityAnswerIncorrect(ApiError):
    status, code = 403, "security_answer_incorrect"


class NotFound(ApiError):
    status, code = 404, "not_found"


class MethodNotAllowed(ApiError):
    status, code = 405, "method_not_allowed"


class EmailTaken(ApiError):
    status, code = 409, "email_taken"


class Conflict(ApiError):
    status, code = 409, "conflict"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


class ValidationFailed(ApiError):
    status, code = 422, "validation_failed"


class TooManyAttempts(ApiError):
    status, code = 429, "too_many_attempts"

    def __init__(self, retry_after: int):
        super().__init__(headers={"Retry-After": str(max(1, int(retry_after)))})


class InternalError(ApiError):
    status, code = 500, "internal_error"


def field_error(field: str, key: str, **params) -> ValidationFailed:
    """A 422 for one field, its message translated from `field.<key>`."""
    return ValidationFailed(fields={field: t(f"field.{key}", **params)})


# Chalice answers some failures itself, around our views; these map them to our codes.
# (An unknown path never reaches the app: the gateway, or the local server, answers it.)
CHALICE_STATUS_TO_ERROR = {
    400: MalformedRequest,
    405: MethodNotAllowed,
    415: UnsupportedMediaType,
    500: InternalError,
}


class ServiceUnavailable(ApiError):
    status, code = 503, "service_unavailable"
