"""The OpenAPI document and the routes describe the same API."""

import pytest


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


def _schema(doc, ref):
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _body_schema(doc, path, method):
    return _schema(doc, doc["paths"][path][method]["requestBody"]["content"]["application/json"]
                   ["schema"]["$ref"])


def test_request_schemas_state_lengths_formats_enumerations_and_accept_terms(browser):
    doc = browser.get("/openapi.json").json
    register = _body_schema(doc, "/auth/register", "post")
    props = register["properties"]
    assert props["accept_terms"]["const"] is True
    assert props["email"]["format"] == "email" and props["email"]["maxLength"] == 254
    assert (props["first_name"]["minLength"], props["first_name"]["maxLength"]) == (1, 60)
    assert "pattern" in props["first_name"] and "\\u2028" in props["first_name"]["pattern"]
    assert "minLength" not in props["company"]
    assert props["password"]["minLength"] == 10
    assert "ES" in props["country"]["enum"] and len(props["country"]["enum"]) == 249
    assert props["language"]["enum"] == ["es", "en"]
    assert set(register["required"]) == {"email", "password", "first_name", "last_name", "address1",
                                         "city", "postcode", "country", "phone", "accept_terms"}
    contact = _body_schema(doc, "/account/contacts", "post")
    assert contact["properties"]["permissions"]["items"]["enum"][0] == "profile"
    patch = _body_schema(doc, "/account", "patch")
    assert patch["dependentRequired"] == {"email": ["current_password"]}
    assert {"type": "null"} in patch["properties"]["company"]["anyOf"]
    assert "required" not in patch


@pytest.mark.parametrize("method, path, statuses", [
    ("post", "/auth/register", {"400", "403", "409", "413", "415", "422", "429"}),
    ("post", "/auth/login", {"400", "401", "403", "422", "429"}),
    ("get", "/account", {"401", "403"}),
    ("patch", "/account", {"400", "401", "403", "409", "413", "415", "422"}),
    ("patch", "/account/contacts/{contact_id}", {"400", "401", "403", "404", "409", "422"}),
    ("delete", "/account/contacts/{contact_id}", {"401", "403", "404"}),
    ("post", "/account/two-factor/confirm", {"401", "409", "422", "429"}),
    ("get", "/downloads/{download_id}", {"401", "403", "404"}),
    ("post", "/kb/{slug}/votes", {"404", "422", "429"}),
])
def test_operations_list_their_error_statuses_with_the_error_envelope(browser, method, path, statuses):
    doc = browser.get("/openapi.json").json
    responses = doc["paths"][path][method]["responses"]
    assert statuses <= set(responses), set(responses)
    for status in statuses:
        assert responses[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}
        assert responses[status]["description"]
    codes = doc["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]
    assert {"validation_failed", "email_taken", "too_many_attempts", "forbidden_origin"} <= set(codes)


# A schema-driven fuzzer in miniature: examples built only from what the document states.

ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789áéíóúñçÑÜßøåæ"
            "ΑΒΓαβγЖжЯя김민준東京大阪علیرضاनमस्ते🚀😀-'.,&/#")


class Example:
    def __init__(self, doc, rng):
        self.doc, self.rng, self.n = doc, rng, 0

    def of(self, schema):
        rng = self.rng
        if "$ref" in schema:
            return self.of(_schema(self.doc, schema["$ref"]))
        if "anyOf" in schema:
            return self.of(rng.choice(schema["anyOf"]))
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return rng.choice(schema["enum"])
        kind = schema.get("type")
        if kind == "null":
            return None
        if kind == "boolean":
            return rng.choice([True, False])
        if kind == "array":
            items = schema["items"].get("enum", [])
            return rng.sample(items, rng.randint(0, min(len(items), schema.get("maxItems", 3))))
        if kind == "object":
            return self.obj(schema)
        if kind == "string":
            return self.string(schema)
        raise AssertionError(f"no example for {schema}")

    def obj(self, schema):
        import jsonschema

        props = schema["properties"]
        names = set(schema.get("required", []))
        names |= {n for n in props if self.rng.random() < 0.6}
        for name, needs in schema.get("dependentRequired", {}).items():
            if name in names:
                names |= set(needs)
        body = {name: self.of(props[name]) for name in sorted(names)}
        # A rule that applies (the country's postcode format, its tax id) reshapes its fields.
        for rule in schema.get("allOf", []):
            if "if" in rule and jsonschema.Draft202012Validator(rule["if"]).is_valid(body):
                for name, extra in rule["then"]["properties"].items():
                    if name in body and body[name]:
                        body[name] = self.of({**props[name], **extra})
        return body

    def string(self, schema):
        rng = self.rng
        if "examples" in schema:
            return rng.choice(schema["examples"])
        if schema.get("format") == "email":
            self.n += 1
            domain = rng.choice(["example.com", "empresa.test", "xn--bcher-kva.example"])
            return f"u{self.n}{rng.randint(0, 10**6)}x@{domain}"
        low = max(schema.get("minLength", 0), 1 if rng.random() < 0.8 else 0)
        high = min(schema.get("maxLength", 40), 40)
        length = rng.randint(low, max(low, high))
        chars = [rng.choice(ALPHABET) for _ in range(length)]
        if length > 2 and rng.random() < 0.5:
            chars[rng.randrange(1, length - 1)] = " "
        return "".join(chars)


def test_examples_built_from_the_document_are_never_refused_with_422(customer, new_browser):
    import random

    import jsonschema

    doc = customer.get("/openapi.json").json
    rng = random.Random(8)
    contact = customer.post("/account/contacts", {"first_name": "Eva", "last_name": "Ruiz",
                                                  "email": "eva@example.com"}).json["id"]
    customer.post("/account/two-factor", {"current_password": "castillo-de-arena-42"})
    # A PATCH without a country is read in the stored one: a country whose postcode and tax id
    # are free text, since the document can only tie the rules to a country sent beside them.
    assert customer.patch("/account", {"country": "MX"}).status == 200
    answered = {}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if "requestBody" not in op:
                continue
            ref = op["requestBody"]["content"]["application/json"]["schema"]
            concrete = path.replace("{contact_id}", contact).replace("{slug}", "nope")
            for n in range(6):
                body = Example(doc, rng).of(ref)
                jsonschema.validate(body, {**doc, **ref})  # the example follows the document
                who = customer if "security" in op else new_browser(ip=f"192.0.2.{n}")
                r = who.request(method.upper(), concrete, body)
                assert r.status != 422 and r.status < 500, (method, path, body, r.body)
                assert str(r.status) in op["responses"], (method, path, r.status, r.body)
                answered.setdefault((method, path), set()).add(r.status)
    # the examples were good enough to be applied, not only refused for another reason
    for done in [("post", "/auth/register"), ("post", "/account/contacts"), ("patch", "/account"),
                 ("patch", "/account/contacts/{contact_id}"), ("post", "/auth/password-reset")]:
        assert answered[done] & {200, 201, 202}, (done, answered[done])


def test_document_is_valid_openapi_3_1(browser):
    from openapi_spec_validator import validate

    validate(browser.get("/openapi.json").json)
