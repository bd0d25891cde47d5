"""One declaration per operation: method, path, who may call it, body, answer, summary.

    bp = Routes(__name__)

    @bp.operation("PATCH", "/account/contacts/{contact_id}", access=customer("contacts"),
                  body="ContactPatch", answer="Contact", summary="Change a contact",
                  errors={409})
    def update_contact(principal, body, contact_id):
        return present.contact(contacts.update_contact(principal, contact_id, body))

The decorator authenticates (401), checks the permission or role (403), parses and
validates the body (400/422), passes what the view names among `principal`, `body`,
`query` and the path's parameters, and turns the return value into the answer: a value is
JSON with the declared status; None is 204; `Answer` adds headers. The OpenAPI document
(openapi.py) is generated from these declarations alone, and the tests that list public
or id-carrying routes read them too.

Schemas are named, not imported: "ContactPatch" is looked up in the blueprint's
`schemas` module (default: the area's `schemas.py`) on first use, so pydantic is paid
for by the first request with a body, not by every cold start.
"""

import inspect
from dataclasses import dataclass, field
from functools import wraps
from importlib import import_module

from chalice import Blueprint, Response

from . import context
from .auth.sessions import current_customer
from .auth.staff import ROLES as STAFF_ROLES
from .auth.staff_sessions import current_staff, require_staff_network
from .errors import Forbidden, Unauthenticated
from .http import no_content, parse_body, reply
from .i18n import current_language

HTML = "html"  # an answer that is an HTML document, not JSON


@dataclass(frozen=True)
class Access:
    """Who may call an operation."""

    kind: str  # "public", "optional" (public, but a signed-in customer is known), "customer", "staff"
    permission: str | None = None  # customer: a contact needs it (an owner has every one)
    roles: tuple[str, ...] = ()  # staff: the roles that may call it (admin always may)
    # staff: a session still setting up its second factor may call it (only the set-up
    # itself, and signing out, say so; every other staff operation answers such a session 403)
    setup: bool = False

    @property
    def signed_in(self) -> bool:
        return self.kind in ("customer", "staff")


PUBLIC = Access("public")
OPTIONAL_CUSTOMER = Access("optional")


def customer(permission: str | None = None) -> Access:
    """A signed-in owner or login contact; with a permission, a contact must hold it."""
    return Access("customer", permission=permission)


def staff(*roles: str, setup: bool = False) -> Access:
    """A signed-in member of staff holding one of `roles` (an admin holds every one):
    `staff("billing")`, `staff(*STAFF_ROLES)` for every member. Each staff operation names
    its roles: none is a mistake, caught at declaration."""
    unknown = set(roles) - set(STAFF_ROLES)
    if not roles or unknown:
        raise ValueError(f"a staff operation names its roles among {STAFF_ROLES}: {roles}")
    return Access("staff", roles=tuple(roles), setup=setup)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    access: Access
    schemas_module: str
    body: str | None = None
    answer: str | None = None
    status: int = 200
    errors: frozenset[int] = field(default_factory=frozenset)

    def schema(self, name: str):
        module, _, attr = name.rpartition(":")
        return getattr(import_module(module or self.schemas_module), attr)

    @property
    def body_schema(self):
        return self.schema(self.body) if self.body else None


OPERATIONS: list[Operation] = []


@dataclass
class Answer:
    """A view's answer with headers (a cookie): the status is still the declared one."""

    body: object = None
    headers: dict = field(default_factory=dict)


# How each kind of signed-in person is found from a request. Each loader reads its own
# cookie only: a customer's never signs in a member of staff, nor the reverse.
PRINCIPAL_LOADERS: dict = {"customer": current_customer, "staff": current_staff}


def _principal(access: Access, request):
    if access.kind == "public":
        return None
    if access.kind == "staff":
        require_staff_network()
    loader = PRINCIPAL_LOADERS.get("staff" if access.kind == "staff" else "customer")
    principal = loader(request) if loader else None
    if principal is not None and not context.current().asked_language:
        # No language the page asked for: the account's own.
        current_language.set(principal.language)
    if access.kind == "optional":
        return principal
    if principal is None:
        raise Unauthenticated()
    if access.kind == "staff":
        if principal.setup_only and not access.setup:
            raise Forbidden()  # the second factor first
        principal.require_role(*access.roles)
    elif access.permission:
        principal.require(access.permission)
    return principal


def _respond(result, operation: Operation) -> Response:
    if isinstance(result, Response):
        return result
    headers = {}
    if isinstance(result, Answer):
        result, headers = result.body, result.headers
    if operation.status == 204:
        return no_content(headers)
    if operation.answer == HTML:
        return Response(body=result, status_code=operation.status,
                        headers={"Content-Type": "text/html; charset=utf-8", **headers})
    return reply(result, operation.status, headers)


class Routes(Blueprint):
    """An area's routes, each declared once with `operation`."""

    def __init__(self, import_name: str, schemas: str | None = None):
        super().__init__(import_name)
        self.schemas_module = schemas or f"{import_name.rpartition('.')[0]}.schemas"

    def route(self, path, **kwargs):
        # Any content type reaches the app: the edge answers 415 itself, in our envelope.
        kwargs.setdefault("content_types", ["*/*"])
        return super().route(path, **kwargs)

    def operation(self, method: str, path: str, *, summary: str, access: Access,
                  body: str | None = None, answer: str | None = None, status: int = 200,
                  errors=()):
        operation = Operation(method.upper(), path, summary, access, self.schemas_module,
                              body, answer, status, frozenset(errors))
        OPERATIONS.append(operation)

        def decorate(view):
            wanted = set(inspect.signature(view).parameters)

            @wraps(view)
            def handler(**params):
                request = self.current_request
                principal = _principal(operation.access, request)
                if "principal" in wanted:
                    params["principal"] = principal
                if operation.body:
                    params["body"] = parse_body(request, operation.body_schema)
                if "query" in wanted:
                    params["query"] = request.query_params or {}
                return _respond(view(**params), operation)

            self.route(path, methods=[operation.method])(handler)
            return view

        return decorate
