"""Never a 500 for bad input: every documented body gets mangled values, and every answer
is a 4xx in the error envelope (or a success), signed in or not."""

import random

import pytest

from tests.support import totp
from tests.support.contract import operations

BAD_VALUES = [None, "", " ", 0, -1, 10**30, 1.5, True, [], {}, ["x"], {"a": 1}, "x" * 5000,
              "\ud800", "\u0000", "🚀" * 50, "<script>alert(1)</script>", "' OR 1=1 --",
              "../../etc/passwd", "ＡＢＣ", "e\u0301", "\n\t", "null"]

BODIES = [(op.method, op.path, op.body_schema) for op in operations() if op.body]


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
                          {"code": current_code(secret)}).json["backup_codes"]
    return secret, codes


current_code = totp.code


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


# One-line fields: control, separator and format characters are refused wherever they
# are; a value made only of invisible characters is empty. Fields come from the schemas,
# so a new one-line field is covered without editing this test.

def _checks(field):
    return {getattr(getattr(m, "func", None), "__name__", "") for m in field.metadata}


ONE_LINE = [(method, path, name, "_required" in _checks(field))
            for method, path, schema in BODIES for name, field in schema.model_fields.items()
            if _checks(field) & {"_single_line", "_email"}]

REFUSED_CHARACTERS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\r", "\x1c", "\x1e", "\x9b",
                      "\u200b", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
                      "\ufeff", "\u00ad", "\u180e", "\u2060", "\ufff9", "\U000e0041"]
INVISIBLE_ONLY = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\u0301", "\u200b",
                  "\u3164\u3164", "\u00a0", "\u2007\u3000", "\u034f", "\ufe0f", " \u0301 "]


def _concrete(path):
    return path.replace("{contact_id}", "nope").replace("{slug}", "nope")


def test_every_schema_has_one_line_fields_to_check():
    names = {name for _, _, name, _ in ONE_LINE}
    assert {"first_name", "last_name", "company", "address1", "city", "email", "token"} <= names


@pytest.fixture
def caller(customer, staff_as):
    """Who may call an operation: a member of staff for the staff console's, else a customer."""
    staff = {op.path for op in operations() if op.access.kind == "staff"}
    admin = staff_as("admin")[1] if staff else None
    return lambda path: admin if path in staff else customer


@pytest.mark.parametrize("method, path", sorted({(m, p) for m, p, _, _ in ONE_LINE}))
def test_control_separator_and_format_characters_are_422_on_every_one_line_field(caller, method,
                                                                                path):
    names = {name for m, p, name, _ in ONE_LINE if (m, p) == (method, path)}
    for char in REFUSED_CHARACTERS:
        r = caller(path).request(method, _concrete(path), {name: f"Ana{char}López" for name in names})
        assert r.status == 422, (repr(char), r.body)
        assert names <= set(r.error["fields"]), (repr(char), r.body)


@pytest.mark.parametrize("method, path", sorted({(m, p) for m, p, _, req in ONE_LINE if req}))
def test_required_one_line_fields_made_only_of_invisible_characters_are_422(caller, method, path):
    names = {name for m, p, name, required in ONE_LINE if (m, p) == (method, path) and required}
    for value in INVISIBLE_ONLY:
        r = caller(path).request(method, _concrete(path), {name: value for name in names})
        assert r.status == 422, (repr(value), r.body)
        assert names <= set(r.error["fields"]), (repr(value), r.body)


@pytest.mark.parametrize("name", ["José 🚀", "علی‌رضا", "👩‍💻 Ana", "❤️‍🔥", "김민준", "O'Brien-Smith",
                                  "Zoë Saldaña", "ΑΝΝΑ", "नमस्ते", "e\u0301"])
def test_real_names_with_joiners_marks_and_emoji_are_kept(customer, name):
    import unicodedata

    r = customer.post("/account/contacts", {"first_name": name, "last_name": name,
                                            "email": "eva@example.com", "city": name})
    assert r.status == 201, r.body
    assert r.json["first_name"] == r.json["city"] == unicodedata.normalize("NFC", name)


def test_a_line_break_in_a_contact_name_creates_nothing_and_sends_nothing(customer):
    from tests.support import mail

    before = len(mail.sent())
    r = customer.post("/account/contacts", {"first_name": "Eva\u2028Bcc: x@evil.example",
                                            "last_name": "Ruiz", "email": "eva@example.com",
                                            "permissions": ["invoices"]})
    assert (r.status, r.error["code"]) == (422, "validation_failed")
    assert r.error["fields"]["first_name"] == "Contiene caracteres invisibles o de control no permitidos."
    assert customer.get("/account/contacts").json["items"] == []
    assert len(mail.sent()) == before
    # and the address is still free for a correct request
    assert customer.post("/account/contacts", {"first_name": "Eva", "last_name": "Ruiz",
                                               "email": "eva@example.com",
                                               "permissions": ["invoices"]}).status == 201


@pytest.mark.parametrize("which", ["account", "contact"])
def test_patch_without_a_body_is_400_and_an_empty_object_changes_nothing(customer, which):
    path = "/account"
    if which == "contact":
        path = "/account/contacts/" + customer.post("/account/contacts", {
            "first_name": "Eva", "last_name": "Ruiz", "email": "eva@example.com"}).json["id"]
    before = customer.get(path).json
    r = customer.request("PATCH", path, raw=b"")
    assert (r.status, r.error["code"]) == (400, "malformed_request")
    r = customer.patch(path, {})
    assert (r.status, r.json) == (200, before)
    assert customer.get(path).json == before
