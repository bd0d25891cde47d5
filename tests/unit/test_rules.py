"""Plain rules, tested without any table."""

import pytest

from chalicelib.accounts.passwords import normalise_answer
from chalicelib.auth.devices import device_name
from chalicelib.auth.passwords import password_problem
from chalicelib.db import decode_cursor, encode_cursor
from chalicelib.errors import ValidationFailed
from chalicelib.i18n import MESSAGES, pick_language, t
from chalicelib.mail.send import redact


@pytest.mark.parametrize("password, problem", [
    ("corta", "password_short"),
    ("1234567890", "password_common"),
    ("Password123", "password_common"),
    ("ana@example.com", "password_is_email"),
    ("castillo-de-arena-42", None),
])
def test_password_rules(password, problem):
    assert password_problem(password, email="Ana@Example.com") == problem


@pytest.mark.parametrize("given", ["Málaga", "  MALAGA ", "málaga", "Ma\u0301laga"])
def test_security_answers_compare_without_case_or_accents(given):
    assert normalise_answer(given) == "malaga"


@pytest.mark.parametrize("header, language", [
    (None, "es"), ("", "es"), ("en-GB,en;q=0.8", "en"), ("fr, en;q=0.5, es;q=0.9", "es"),
    ("de", "es"), ("en;q=garbage", "en"),
])
def test_language_from_accept_language(header, language):
    assert pick_language(header) == language


def test_every_message_has_both_languages():
    assert all(set(entry) == {"es", "en"} for entry in MESSAGES.values())
    assert t("not_found", "en") == "Not found."


@pytest.mark.parametrize("agent, device", [
    ("Mozilla/5.0 (Windows NT 10.0; Win64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", "Chrome · Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1", "Safari · iOS"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0", "Firefox · Linux"),
    ("curl/8.0", "curl"),
    ("", "?"),
])
def test_device_names(agent, device):
    assert device_name(agent) == device


def test_redact_keeps_the_address_and_hides_the_token():
    link = "https://portico.example/clientarea/password-reset/?token=abc123secret"
    assert redact(link) == "https://portico.example/clientarea/password-reset/?token=REDACTED"
    assert redact("EPP-CODE-123") == "REDACTED"


def test_cursor_round_trip_and_tamper_refusal():
    class Fake:
        pk, sk = "CLIENT#1", "ACTIVITY#0001"

    cursor = encode_cursor(Fake)
    assert decode_cursor(cursor, pk="CLIENT#1", sk_prefix="ACTIVITY#")["sk"] == {"S": "ACTIVITY#0001"}
    for bad in (cursor, "!!!", "e30"):
        with pytest.raises(ValidationFailed):
            decode_cursor(bad, pk="CLIENT#2", sk_prefix="ACTIVITY#")


@pytest.mark.parametrize("phone, country, stored", [
    ("+34 612 345 678", "ES", "+34612345678"),
    ("612345678", "ES", "+34612345678"),
    ("+1 555 555 0100", "US", "+15555550100"),
    ("(202) 555-0143", "US", "+12025550143"),
])
def test_phones_are_stored_in_e164(phone, country, stored):
    from chalicelib.phones import e164

    assert e164(phone, country) == stored


@pytest.mark.parametrize("phone", ["12", "abc", "+34 1", ""])
def test_impossible_phones_are_refused(phone):
    from chalicelib.phones import e164

    assert e164(phone, "ES") is None


@pytest.mark.parametrize("address", ["ana@example.com", "qa+1@empresa.test", "x@sub.dominio.es"])
def test_addresses_accepted(address):
    from chalicelib.validation import _email

    assert _email(address) == address
