"""The request edge: docs/api.md's error envelope, origin, content type and size rules."""

import logging

import pytest

from tests.api.conftest import registration


def assert_error(r, status, code):
    assert r.status == status, r.body
    assert r.headers.get("Content-Type", r.headers.get("content-type")) == "application/json"
    assert r.error["code"] == code
    assert isinstance(r.error["message"], str) and r.error["message"]


def test_malformed_json_is_400_malformed_request(browser):
    assert_error(browser.post("/auth/login", raw=b"{not json",
                              headers={"Content-Type": "application/json"}), 400, "malformed_request")


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"42", b"null"])
def test_json_that_is_not_an_object_is_400(browser, raw):
    assert_error(browser.post("/auth/login", raw=raw, headers={"Content-Type": "application/json"}),
                 400, "malformed_request")


def test_invalid_utf8_is_400(browser):
    assert_error(browser.post("/auth/login", raw=b'{"email": "\xff"}',
                              headers={"Content-Type": "application/json"}), 400, "malformed_request")


def test_body_that_is_not_json_is_415(browser):
    r = browser.post("/auth/login", raw=b"email=a", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 415, "unsupported_media_type")


def test_json_with_charset_is_accepted(browser):
    r = browser.post("/auth/login", raw=b'{"email": "x@example.com", "password": "nope-nope-nope"}',
                     headers={"Content-Type": "application/json; charset=utf-8"})
    assert_error(r, 401, "invalid_credentials")


def test_body_over_64_kb_is_413(browser):
    r = browser.post("/auth/login", {"email": "a@example.com", "password": "x" * 70_000})
    assert_error(r, 413, "payload_too_large")


def test_foreign_origin_on_a_mutating_request_is_403(browser):
    r = browser.post("/auth/register", registration(), headers={"Origin": "https://evil.example"})
    assert_error(r, 403, "forbidden_origin")
    # ... and nothing was created
    assert browser.post("/auth/login", {"email": "ana@example.com",
                                         "password": "castillo-de-arena-42"}).status == 401


def test_site_origin_and_no_origin_are_allowed(browser, new_browser):
    assert browser.post("/auth/register", registration(),
                        headers={"Origin": "http://127.0.0.1:8000"}).status == 201
    assert new_browser().post("/auth/register", registration("b@example.com")).status == 201


def test_foreign_origin_on_a_read_is_allowed(browser):
    assert browser.get("/health", headers={"Origin": "https://elsewhere.example"}).status == 200


def test_request_without_body_needs_no_content_type(customer):
    assert customer.post("/auth/logout").status == 204


@pytest.mark.parametrize("method, path, allow", [
    ("PUT", "/health", "GET"),
    ("DELETE", "/auth/login", "POST"),
    ("POST", "/account/contacts/abc", "DELETE, GET, PATCH"),
])
def test_known_path_with_other_method_is_405_envelope(browser, method, path, allow):
    """Answered by the app itself, so API Gateway on AWS gives the same 405."""
    r = browser.request(method, path)
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == allow


def test_errors_follow_accept_language(new_browser):
    english = new_browser(language="en-GB,en;q=0.9")
    r = english.post("/auth/login", {"email": "x@example.com", "password": "whatever-whatever"})
    assert r.error["message"] == "The e-mail address or password is incorrect."
    spanish = new_browser(language="fr-FR, es;q=0.5")
    r = spanish.post("/auth/login", {"email": "x@example.com", "password": "whatever-whatever"})
    assert r.error["message"] == "El correo electrónico o la contraseña no son correctos."


def test_the_pages_language_wins_over_the_accounts(new_browser):
    # A Spanish account reading the English pages gets English errors, and the reverse.
    b = new_browser(language="en")
    b.post("/auth/register", registration(language="es"))
    r = b.patch("/account", {"first_name": ""})
    assert r.error["message"] == "Please check the highlighted fields."
    assert r.error["fields"]["first_name"] == "This field is required."
    b.language = "es"
    assert b.patch("/account", {"first_name": ""}).error["message"] == "Revise los campos marcados."


def test_without_a_language_asked_the_accounts_language_answers(new_browser):
    b = new_browser(language="")
    b.post("/auth/register", registration(language="en"))
    assert b.patch("/account", {"first_name": ""}).error["message"] == (
        "Please check the highlighted fields.")
    b.language = "de-DE, fr;q=0.8"  # nothing we speak: the account's language still
    assert b.patch("/account", {"first_name": ""}).error["message"] == (
        "Please check the highlighted fields.")
    signed_out = new_browser(language="")
    r = signed_out.post("/auth/login", {"email": "x@example.com", "password": "whatever-whatever"})
    assert r.error["message"] == "El correo electrónico o la contraseña no son correctos."


def test_unexpected_failure_is_500_envelope_with_request_id_and_no_internals(browser, monkeypatch, caplog):
    from chalicelib.accounts import signin

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals: table portico-test")

    monkeypatch.setattr(signin, "login", explode)
    with caplog.at_level(logging.ERROR):
        r = browser.post("/auth/login", {"email": "x@example.com", "password": "whatever-whatever"})
    assert_error(r, 500, "internal_error")
    assert "secret internals" not in r.body.decode()
    request_id = r.error["message"].rsplit(" ", 1)[1]
    assert len(request_id) >= 8
    assert any(getattr(rec, "request_id", None) == request_id for rec in caplog.records)


def test_validation_errors_name_each_field(browser):
    r = browser.post("/auth/register", {"email": "not-an-address", "password": 5, "first_name": None,
                                        "surprise": 1, "accept_terms": "yes"})
    assert_error(r, 422, "validation_failed")
    fields = r.error["fields"]
    assert {"email", "password", "first_name", "surprise", "accept_terms", "city"} <= set(fields)
    assert fields["surprise"] == "Campo desconocido."
    assert fields["first_name"] == "Este campo es obligatorio."


@pytest.mark.parametrize("value", ["\ud800", "a\x00b", "x" * 61])
def test_unicode_and_length_edge_cases_are_422_not_500(browser, value):
    r = browser.post("/auth/register", registration(first_name=value))
    assert_error(r, 422, "validation_failed")
    assert "first_name" in r.error["fields"]


def test_emoji_and_accents_are_stored_as_sent(browser):
    r = browser.post("/auth/register", registration(first_name="José 🚀", last_name="Ñúñez"))
    assert r.status == 201
    assert r.json["first_name"] == "José 🚀"


def test_health_answers_ok(browser):
    r = browser.get("/health")
    assert (r.status, r.json) == (200, {"status": "ok"})


def test_behind_cloudfront_a_request_without_the_origin_secret_is_refused(browser, override_settings):
    override_settings(origin_secret="s3cr3t-from-cloudfront")
    assert_error(browser.get("/health"), 403, "forbidden_origin")
    assert_error(browser.get("/health", headers={"X-Origin-Verify": "guess"}), 403, "forbidden_origin")
    assert browser.get("/health", headers={"X-Origin-Verify": "s3cr3t-from-cloudfront"}).status == 200


ODD_HEADER_VALUES = ["ñ", "s3cr3t-from-cloudfront-ñ", "🚀" * 20, "\u2028", "\x00", "\ud800", "é" * 2000,
                     " ", "=;=;,,", "\x7f\x1b[31m"]


@pytest.mark.parametrize("value", ODD_HEADER_VALUES)
def test_a_non_ascii_or_odd_origin_secret_is_403_not_500(browser, override_settings, value):
    override_settings(origin_secret="s3cr3t-from-cloudfront")
    assert_error(browser.get("/health", headers={"X-Origin-Verify": value}), 403, "forbidden_origin")
    assert_error(browser.post("/auth/login", {"email": "a@example.com", "password": "x"},
                              headers={"X-Origin-Verify": value}), 403, "forbidden_origin")


def test_a_non_ascii_configured_origin_secret_still_compares(browser, override_settings):
    override_settings(origin_secret="sécret-ñ")
    assert browser.get("/health", headers={"X-Origin-Verify": "sécret-ñ"}).status == 200
    assert_error(browser.get("/health", headers={"X-Origin-Verify": "secret-n"}), 403, "forbidden_origin")


ODD_HEADERS = ["Origin", "Cookie", "Accept-Language", "CloudFront-Viewer-Address", "User-Agent",
               "Content-Type"]


@pytest.mark.parametrize("header", ODD_HEADERS)
def test_odd_values_in_any_header_never_give_a_500(customer, new_browser, header):
    requests = [("GET", "/account", None), ("GET", "/auth/me", None), ("GET", "/health", None),
                ("POST", "/auth/login", {"email": "ana@example.com", "password": "nope-nope-nope"}),
                ("POST", "/auth/password-reset", {"email": "ana@example.com"}),
                ("GET", "/kb/some-article/votes", None),
                ("POST", "/kb/some-article/votes", {"helpful": True}),
                ("GET", "/downloads/nope", None)]
    for who in (customer, new_browser()):
        for value in ODD_HEADER_VALUES:
            for method, path, body in requests:
                r = who.request(method, path, body, headers={header: value})
                assert r.status < 500, (header, value, method, path, r.body)
                if r.status >= 400:
                    assert r.error["code"], r.body
