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


# Only ASCII digits are digits. Each entry maps "0123456789" to look-alike digits that
# str.isdigit(), re's \d or int() would take for digits.
DIGIT_LOOKALIKES = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "extended-arabic-indic": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "bengali": "০১২৩৪৫৬৭৮৯",
    "thai": "๐๑๒๓๔๕๖๗๘๙",
    "full-width": "０１２３４５６７８９",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "subscript": "₀₁₂₃₄₅₆₇₈₉",
    "circled": "⓪①②③④⑤⑥⑦⑧⑨",
    "mathematical-bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}


def lookalike(text: str, script: str) -> str:
    return text.translate(str.maketrans("0123456789", DIGIT_LOOKALIKES[script]))


SCRIPTS = sorted(DIGIT_LOOKALIKES)


@pytest.fixture
def totp_customer(customer, override_settings):
    """A customer with two-factor on and room for many wrong codes: (secret, backup codes)."""
    override_settings(totp_fail_per_user=1000)
    r = customer.post("/account/two-factor", {"current_password": "castillo-de-arena-42"})
    secret = r.json["secret"]
    codes = customer.post("/account/two-factor/confirm",
                          {"code": current_code(secret, -1)}).json["backup_codes"]
    return secret, codes


def current_code(secret, step_offset=0):
    import time

    import pyotp

    totp = pyotp.TOTP(secret)
    return totp.at(int(time.time()) + step_offset * totp.interval)


@pytest.mark.parametrize("script", SCRIPTS)
def test_two_factor_confirm_refuses_the_right_code_in_lookalike_digits(customer, override_settings,
                                                                       script):
    override_settings(totp_fail_per_user=1000)
    secret = customer.post("/account/two-factor", {"current_password": "castillo-de-arena-42"}).json["secret"]
    for code in (lookalike(current_code(secret), script), lookalike("2" * 6, script)):
        r = customer.post("/account/two-factor/confirm", {"code": code})
        assert (r.status, r.error.get("code")) == (401, "totp_invalid"), (code, r.body)
    assert customer.get("/account").json["two_factor_enabled"] is False
    # the ASCII code still turns it on
    assert customer.post("/account/two-factor/confirm", {"code": current_code(secret)}).status == 200


@pytest.mark.parametrize("script", SCRIPTS)
def test_sign_in_and_disable_refuse_codes_in_lookalike_digits(totp_customer, customer, new_browser,
                                                               script):
    secret, backup = totp_customer
    for code in (lookalike(current_code(secret), script), lookalike(current_code(secret, 1), script),
                 lookalike(backup[0], script), lookalike("2" * 6, script)):
        r = new_browser().post("/auth/login", {"email": "ana@example.com",
                                               "password": "castillo-de-arena-42", "totp": code})
        assert (r.status, r.error.get("code")) == (401, "totp_invalid"), (code, r.body)
        r = customer.delete("/account/two-factor", {"current_password": "castillo-de-arena-42",
                                                    "code": code})
        assert (r.status, r.error.get("code")) == (401, "totp_invalid"), (code, r.body)
    # the backup code whose digits were disguised is still unused
    assert new_browser().post("/auth/login", {"email": "ana@example.com", "password": "castillo-de-arena-42",
                                              "totp": backup[0]}).status == 200


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("listing", ["/account/emails", "/account/activity"])
def test_paging_limit_in_lookalike_digits_is_422(customer, script, listing):
    from urllib.parse import quote

    for value in ("2", "20", "100"):
        r = customer.get(f"{listing}?limit={quote(lookalike(value, script))}")
        assert (r.status, r.error.get("code")) == (422, "validation_failed"), (value, r.body)
        assert "limit" in r.error["fields"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_phone_in_lookalike_digits_is_422_everywhere_a_phone_is_taken(customer, new_browser, script):
    from tests.api.conftest import registration

    phone = lookalike("+34 612 345 678", script)
    r = new_browser().post("/auth/register", registration("otra@example.com", phone=phone))
    assert (r.status, r.error.get("fields", {}).get("phone") is not None) == (422, True), r.body
    r = customer.patch("/account", {"phone": phone})
    assert (r.status, "phone" in r.error.get("fields", {})) == (422, True), r.body
    r = customer.post("/account/contacts", {"first_name": "Luis", "last_name": "Pérez",
                                            "email": "luis@example.com", "phone": phone})
    assert (r.status, "phone" in r.error.get("fields", {})) == (422, True), r.body
    assert customer.get("/account").json["phone"] == "+34612345678"
