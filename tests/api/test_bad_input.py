"""Never a 500 for bad input: every documented body gets mangled values, and every answer
is a 4xx in the error envelope (or a success), signed in or not."""

import random

import pytest

from chalicelib.openapi import OPERATIONS

BAD_VALUES = [None, "", " ", 0, -1, 10**30, 1.5, True, [], {}, ["x"], {"a": 1}, "x" * 5000,
              "\ud800", "\u0000", "🚀" * 50, "<script>alert(1)</script>", "' OR 1=1 --",
              "../../etc/passwd", "ＡＢＣ", "e\u0301", "\n\t", "null"]

BODIES = [(method.upper(), path, schema) for method, path, _, schema, *_ in OPERATIONS
          if schema is not None]


def mangled(schema, rng):
    """A body with the schema's fields, each given a random bad value, plus a stray one."""
    fields = list(schema.model_fields)
    body = {name: rng.choice(BAD_VALUES) for name in fields}
    if rng.random() < 0.3:
        body[rng.choice(["extra", "id", "__proto__", "kind"])] = rng.choice(BAD_VALUES)
    return body


@pytest.mark.parametrize("method, path, schema", BODIES, ids=[f"{m} {p}" for m, p, _ in BODIES])
def test_mangled_bodies_get_4xx_envelopes(customer, new_browser, method, path, schema):
    rng = random.Random(f"{method} {path}")
    concrete = path.replace("{contact_id}", "nope").replace("{slug}", "nope")
    for who in (customer, new_browser()):
        for _ in range(12):
            r = who.request(method, concrete, mangled(schema, rng))
            assert r.status < 500, (method, path, r.status, r.body)
            if r.status >= 400:
                assert set(r.error) >= {"code", "message"}, r.body
    # the customer is still there, unchanged in what matters
    assert customer.get("/account").json["email"] == "ana@example.com"
