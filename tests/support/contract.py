"""The API's declarations and document, for tests: every answer is checked against it.

`check_answer` is called by the API tests' Browser for every request (tests/api/
conftest.py): an answer whose status the operation does not document, or whose body
differs from the documented schema, fails the test that received it.
"""

import json
import re
from functools import cache


def operations():
    """Every declared operation (importing the app registers them)."""
    import app  # noqa: F401

    from chalicelib.api import OPERATIONS

    return list(OPERATIONS)


@cache
def _document() -> dict:
    import app  # noqa: F401

    from chalicelib.openapi import document

    return json.loads(json.dumps(document()))


@cache
def _matchers() -> list[tuple[re.Pattern, str]]:
    found = []
    for path in _document()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
        found.append((re.compile(pattern), path))
    # The literal path first where a literal and a parameter could both match.
    return sorted(found, key=lambda m: m[1].count("{"))


@cache
def _validator(schema_json: str):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    # The whole document is one resource: the components' own "#/components/..." refs
    # resolve inside it, and an answer's schema points into it by "urn:doc#/...".
    document = Resource.from_contents(_document(), default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:doc", document)
    return jsonschema.Draft202012Validator(json.loads(schema_json), registry=registry)


def _resolve_refs(schema):
    """Point an answer schema's local $refs into the document."""
    if isinstance(schema, dict):
        return {k: (f"urn:doc{v}" if k == "$ref" and v.startswith("#/") else _resolve_refs(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_resolve_refs(v) for v in schema]
    return schema


def check_answer(method: str, path: str, status: int, headers: dict, body: bytes) -> None:
    path = path.split("?", 1)[0]
    documented = next((p for pattern, p in _matchers() if pattern.match(path)), None)
    operation = (_document()["paths"].get(documented) or {}).get(method.lower())
    error_schema = {"$ref": "urn:doc#/components/schemas/Error"}
    if operation is None:
        # An unknown path or method: still the error envelope.
        assert status >= 400, (method, path, status)
        _validate(error_schema, body, method, path, status)
        return
    response = operation["responses"].get(str(status))
    if status >= 500:
        response = operation["responses"]["default"]
    assert response is not None, (
        f"{method} {documented} answered {status}, which its declaration does not list: "
        f"add it to the operation's errors= (documented: {sorted(operation['responses'])})")
    if status >= 400:
        _validate(error_schema, body, method, path, status)
        return
    content = response.get("content") or {}
    if not content:
        assert not body, f"{method} {documented} {status} has a body but documents none"
        return
    if "text/html" in content:
        assert headers.get("Content-Type", "").startswith("text/html")
        return
    _validate(_resolve_refs(content["application/json"]["schema"]), body, method, path, status)


def _validate(schema: dict, body: bytes, method: str, path: str, status: int) -> None:
    answer = json.loads(body) if body else None
    validator = _validator(json.dumps(schema, sort_keys=True))
    errors = sorted(validator.iter_errors(answer), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(body)"
        raise AssertionError(f"{method} {path} {status}: answer differs from the OpenAPI "
                             f"document at {where}: {first.message}")
