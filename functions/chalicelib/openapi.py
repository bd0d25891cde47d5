"""The API's OpenAPI 3.1 document, served at /api/openapi.json.

Generated from the operations' declarations alone (chalicelib/api.py): their request
bodies and answers are the pydantic models they name, their error statuses follow from
who may call them and what they take, plus the ones each declares. The tests check every
answer the API gives against this document.
"""

import re
from functools import cache

from . import api

STATUS_TEXT = {
    400: "malformed_request (no body, not a JSON object) or invalid_token",
    401: "unauthenticated, invalid_credentials, totp_required or totp_invalid",
    403: "forbidden_origin, forbidden (a contact's permission, a staff role, a staff session "
         "still setting up its second factor, or an address outside the staff networks), "
         "invalid_password or security_answer_incorrect",
    404: "not_found",
    409: "email_taken or conflict",
    413: "payload_too_large (over 64 KB)",
    415: "unsupported_media_type (a body that is not application/json)",
    422: "validation_failed: `fields` names each refused field",
    429: "too_many_attempts, with Retry-After",
    503: "service_unavailable",
}
SUCCESS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 204: "Done; no body"}


def error_statuses(operation: api.Operation) -> set[int]:
    """Every error status an operation can answer, besides the envelope's default."""
    statuses = set(operation.errors)
    if operation.body:
        statuses |= {400, 413, 415, 422}
    # forbidden_origin: any request that did not come through the site's CloudFront, or a
    # change (not GET) from another site's page
    statuses.add(403)
    if operation.access.signed_in:
        statuses |= {401, 403}
    if "{" in operation.path:
        statuses.add(404)
    if _paged(operation):
        statuses.add(422)  # a bad ?cursor= or ?limit=
    return statuses


def _paged(operation: api.Operation) -> bool:
    return bool(operation.answer) and operation.answer.endswith("Page")


def _operation(operation: api.Operation, schemas: dict) -> dict:
    method = operation.method.lower()
    words = re.sub(r"[^a-z0-9]+", "_", operation.path.lower()).strip("_")
    success = {"description": SUCCESS_TEXT[operation.status]}
    if operation.answer == api.HTML:
        success["content"] = {"text/html": {"schema": {"type": "string"}}}
    elif operation.answer:
        success["content"] = {"application/json": {"schema": _ref(operation, operation.answer,
                                                                   schemas, "serialization")}}
    op: dict = {"summary": operation.summary, "operationId": f"{method}_{words}",
                "responses": {str(operation.status): success}}
    params = [p.strip("{}") for p in operation.path.split("/") if p.startswith("{")]
    if params:
        op["parameters"] = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                            for p in params]
    if _paged(operation):
        op.setdefault("parameters", []).extend([
            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                        "maximum": 100, "default": 20}},
            {"name": "cursor", "in": "query", "schema": {"type": "string"}}])
    if operation.body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": _ref(operation, operation.body, schemas, "validation")}}}
    if operation.access.kind == "staff":
        op["security"] = [{"staff": []}]
        op["x-staff-roles"] = list(operation.access.roles)
    elif operation.access.signed_in:
        op["security"] = [{"session": []}]
    elif operation.access.kind == "optional":
        op["security"] = [{}, {"session": []}]
    for status in sorted(error_statuses(operation)):
        op["responses"][str(status)] = {"description": STATUS_TEXT[status], "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    op["responses"]["default"] = {"$ref": "#/components/responses/Error"}
    return op


def _ref(operation: api.Operation, name: str, schemas: dict, mode: str) -> dict:
    """Put a named model (and the models it uses) into the components; return its $ref."""
    model = operation.schema(name)
    title = name.rpartition(":")[2]
    generated = model.model_json_schema(mode=mode, ref_template="#/components/schemas/{model}")
    defs = generated.pop("$defs", {})
    generated["title"] = title
    if mode == "validation":
        generated = _with_country_rules(generated)
    for component, body in [*defs.items(), (title, generated)]:
        if schemas.setdefault(component, body) != body:
            raise ValueError(f"two different schemas named {component!r}: rename one")
    return {"$ref": f"#/components/schemas/{title}"}


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
    schemas: dict = {
        "Error": {"type": "object", "required": ["error"], "additionalProperties": False,
                  "properties": {"error": {
                      "type": "object", "required": ["code", "message"],
                      "additionalProperties": False, "properties": {
                          "code": {"enum": _error_codes()}, "message": {"type": "string"},
                          "fields": {"type": "object",
                                     "additionalProperties": {"type": "string"}}}}}},
    }
    for operation in api.OPERATIONS:
        paths.setdefault(operation.path, {})[operation.method.lower()] = _operation(operation,
                                                                                    schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Portico client API", "version": "1.0.0",
                 "description": "The client area's JSON API. Errors always use the Error "
                                "envelope; conventions in docs/api.md."},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "responses": {"Error": {"description": "The error envelope", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "portico_session"},
                "staff": {"type": "apiKey", "in": "cookie", "name": "portico_staff",
                          "description": "A member of staff's session (Path=/api/staff); "
                                         "each operation lists its roles in x-staff-roles "
                                         "(admin may call every one)"}},
        },
    }
