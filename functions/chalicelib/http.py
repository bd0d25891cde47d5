"""The request edge: origin and content rules, JSON bodies, replies, the error envelope.

`install(app)` puts one middleware in front of every route. It picks the request's
language, enforces docs/api.md's origin / content-type / size rules, and turns every failure
(our ApiErrors, Chalice's own 4xx, unexpected exceptions) into the error envelope.
"""

import hmac
import json
import logging
import uuid
from datetime import datetime

from chalice import Response

from . import context
from .config import settings
from .db import iso
from .errors import (
    CHALICE_STATUS_TO_ERROR,
    ApiError,
    ForbiddenOrigin,
    InternalError,
    MalformedRequest,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from .i18n import DEFAULT_LANGUAGE, current_language, has, pick_language, t
from .money import Money

log = logging.getLogger("portico")

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = context.current().request_id
        return True


def configure_logging(app) -> None:
    """Every log line carries the request id that a 500 answer quotes."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    handler.addFilter(_RequestIdFilter())
    for logger in (log, app.log):
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def install(app) -> None:
    configure_logging(app)

    @app.middleware("http")
    def edge(request, get_response):
        gateway = getattr(request, "context", None) or {}
        asked = pick_language(request.headers.get("accept-language"), fallback="")
        context.begin(ip=client_ip(request), user_agent=user_agent(request),
                      request_id=gateway.get("requestId") or uuid.uuid4().hex,
                      asked_language=asked)
        # The page's language; without one, the signed-in person's (api.py), else Spanish.
        current_language.set(asked or DEFAULT_LANGUAGE)
        try:
            check_edge(request)
            response = get_response(request)
        except ApiError as err:
            response = err.to_response()
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.path)
            response = InternalError(request_id=context.current().request_id).to_response()
        response = _envelope_chalice_errors(response)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


ANSWERED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
VIEW_405 = "method_not_allowed"


def answer_other_methods(app) -> None:
    """Route every other method of each known path to a 405 with its Allow header.

    API Gateway answers a method a resource lacks as an unknown path (403, mapped to our
    404); routing them to the app gives docs/api.md's 405 on AWS exactly as locally.
    """
    for path, entries in list(app.routes.items()):
        allowed = sorted(entries)
        missing = [m for m in ANSWERED_METHODS if m not in entries]
        if not missing:
            continue

        app.route(path, methods=missing, content_types=["*/*"])(_answer_405(", ".join(allowed)))


def _answer_405(allowed: str):
    def view(**_path_params):
        raise MethodNotAllowed(headers={"Allow": allowed})

    view.__name__ = VIEW_405
    return view


def documented_routes(app) -> set[tuple[str, str]]:
    """The (method, path) pairs the app really serves: not the 405 answers above."""
    return {(method, path) for path, entries in app.routes.items()
            for method, entry in entries.items() if entry.view_name != VIEW_405}


def check_edge(request) -> None:
    """Refuse what docs/api.md refuses before any route runs."""
    if settings.origin_secret and not hmac.compare_digest(
            _utf8(request.headers.get("x-origin-verify", "")), _utf8(settings.origin_secret)):
        raise ForbiddenOrigin()
    body = request.raw_body or b""
    if len(body) > settings.max_body_bytes:
        raise PayloadTooLarge()
    origin = request.headers.get("origin")
    if request.method in MUTATING and origin and origin.rstrip("/") not in settings.allowed_origins:
        raise ForbiddenOrigin()
    if body:
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            raise UnsupportedMediaType()


def _utf8(value: str) -> bytes:
    # compare_digest refuses str with non-ASCII characters: compare bytes. surrogatepass
    # keeps a lone surrogate (possible in a JSON event) from raising as well.
    return value.encode("utf-8", "surrogatepass")


def header_text(value: str) -> str:
    """A header value safe to store and hash: lone surrogates and control characters,
    which DynamoDB or encode() refuse, become U+FFFD."""
    return "".join("\ufffd" if ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or 0xd800 <= ord(c) < 0xe000
                   else c for c in value)


def _envelope_chalice_errors(response: Response) -> Response:
    """Chalice answers some failures with its own body ({"Code": ...}); rewrap them."""
    body = response.body
    if response.status_code < 400 or not (isinstance(body, dict) and "Code" in body):
        return response
    error_cls = CHALICE_STATUS_TO_ERROR.get(response.status_code, InternalError)
    if error_cls is InternalError:
        log.error("internal error answered (see the traceback logged above)")
        return InternalError(request_id=context.current().request_id).to_response()
    wrapped = error_cls().to_response()
    if "Allow" in response.headers:
        wrapped.headers["Allow"] = response.headers["Allow"]
    return wrapped


# Reading requests

def read_json(request) -> dict:
    """Return the body as a dict: {} when there is none; 400 when it is not a JSON object."""
    raw = request.raw_body
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise MalformedRequest() from exc
    if not isinstance(data, dict):
        raise MalformedRequest()
    return data


def parse_body(request, schema):
    """Validate the JSON body against a schema, or answer 422 with a message per field.

    A route with a schema needs a body (the document says requestBody required): none is
    400, so that an empty PATCH is told apart from `{}` (change nothing)."""
    from pydantic import ValidationError

    if not request.raw_body:
        raise MalformedRequest()
    data = read_json(request)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(fields=validation_fields(exc)) from None


def validation_fields(exc) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        # Top-level field names only: "permissions" for a bad list item, not "permissions.0".
        name = str(err["loc"][0]) if err["loc"] else "body"
        fields.setdefault(name, _field_message(err))
    return fields


def _field_message(err) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing" or (err.get("input") is None and kind.endswith("_type")):
        return t("field.required")
    if kind == "string_too_long":
        return t("field.too_long", max=ctx.get("max_length"))
    if kind == "string_too_short":
        return t("field.too_short", min=ctx.get("min_length"))
    if kind == "too_long":
        return t("field.too_long", max=ctx.get("max_length"))
    if kind == "extra_forbidden":
        return t("field.unknown")
    if kind in ("literal_error", "enum"):
        return t("field.choice", value=str(err.get("input"))[:40])
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return t("field.type")
    if has(f"field.{kind}"):  # our own checks (validation.fail) name their message
        return t(f"field.{kind}", **{k: v for k, v in ctx.items() if isinstance(v, (str, int))})
    return t("field.invalid")  # one of pydantic's own checks we have no better words for


def cookies(request) -> dict[str, str]:
    """The request's cookies. Parsed leniently: one malformed cookie of another app on the
    same host (cookies ignore ports) must not hide ours, as http.cookies would."""
    found: dict[str, str] = {}
    for part in request.headers.get("cookie", "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name and name not in found:
            found[name] = value.strip().strip('"')
    return found


def client_ip(request) -> str:
    """The visitor's IP: CloudFront's viewer address (the local server sets it too)."""
    viewer = request.headers.get("cloudfront-viewer-address")
    if viewer:
        # "198.51.100.10:46532" or "2001:db8::1:46532": the port is always last.
        return header_text(viewer.rsplit(":", 1)[0].strip("[]"))
    return ((request.context or {}).get("identity") or {}).get("sourceIp") or "unknown"


def user_agent(request) -> str:
    return header_text((request.headers.get("user-agent") or "")[:300])


# Replies

def reply(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False, default=_api_json), status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def _api_json(value):
    """Money and times in the API's shapes (docs/api.md); anything else JSON does not know
    is a route's mistake, to fail loudly (500) rather than be answered as some str()."""
    if isinstance(value, Money):
        return value.to_json()
    if isinstance(value, datetime):
        return iso(value)
    raise TypeError(f"{type(value).__name__} in a JSON answer: convert it in the route")


def no_content(headers: dict | None = None) -> Response:
    return Response(body="", status_code=204, headers=headers or {})


def cookie_header(name: str, value: str, *, max_age: int, path: str = "/",
                  same_site: str = "Lax") -> str:
    parts = [f"{name}={value}", f"Path={path}", "HttpOnly", f"SameSite={same_site}",
             f"Max-Age={max_age}"]
    if settings.secure_cookies:
        parts.append("Secure")
    return "; ".join(parts)
