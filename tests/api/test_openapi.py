"""The OpenAPI document and the routes describe the same API."""


def test_every_route_is_documented_and_every_documented_path_is_a_route(app, browser):
    from chalicelib.http import documented_routes

    routes = {(method.lower(), path) for method, path in documented_routes(app)}
    doc = browser.get("/openapi.json").json
    documented = {(method, path) for path, ops in doc["paths"].items() for method in ops}
    assert routes - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routes == set(), "documented operations with no route"


def test_document_is_openapi_3_1_with_request_schemas(browser):
    doc = browser.get("/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    register = doc["paths"]["/auth/register"]["post"]
    ref = register["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"email", "password", "accept_terms"} <= set(schema["properties"])
    assert "email" in schema["required"]
