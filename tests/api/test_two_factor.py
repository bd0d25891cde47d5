"""Two-factor sign-in: set-up with a confirmed code, codes once only, backup codes."""

import time

import pyotp
import pytest

from tests.support import mail, totp
from tests.support.accounts import PASSWORD, login

code_for = totp.code


@pytest.fixture
def two_factor(customer):
    """A customer with two-factor on; answers (secret, backup codes)."""
    r = customer.post("/account/two-factor", {"current_password": PASSWORD})
    secret = r.json["secret"]
    codes = customer.post("/account/two-factor/confirm", {"code": code_for(secret)}).json["backup_codes"]
    return secret, codes


def test_setup_needs_the_password_and_answers_secret_uri_and_qr(customer):
    assert customer.post("/account/two-factor", {"current_password": "nope-nope-nope"}).error["code"] == "invalid_password"
    r = customer.post("/account/two-factor", {"current_password": PASSWORD})
    assert r.status == 200
    assert r.json["otpauth_uri"].startswith("otpauth://totp/Portico:ana%40example.com?secret=")
    assert r.json["qr_svg"].startswith("<svg")
    assert customer.get("/account").json["two_factor_enabled"] is False


def test_confirming_a_code_turns_it_on_with_ten_backup_codes(customer, two_factor):
    _, codes = two_factor
    assert len(codes) == 10 and len(set(codes)) == 10
    assert customer.get("/account").json["two_factor_enabled"] is True
    assert mail.last_to("ana@example.com")["Subject"] == "Verificación en dos pasos activada"
    assert customer.get("/account/activity").json["items"][0]["event"] == "two_factor_enabled"


def test_a_code_is_good_for_its_step_and_one_step_either_side(monkeypatch):
    from chalicelib.auth.second_factor import matching_step as _matching_step

    secret = pyotp.random_base32()
    generator = pyotp.TOTP(secret)
    now = 1_800_000_015  # mid-step, frozen: the answer may not depend on when the test runs
    monkeypatch.setattr(time, "time", lambda: now)
    step = now // generator.interval
    for offset in (-1, 0, 1):
        assert _matching_step(secret, generator.at((step + offset) * generator.interval)) == step + offset
    for offset in (-2, 2):
        assert _matching_step(secret, generator.at((step + offset) * generator.interval)) is None


def test_wrong_confirmation_code_is_totp_invalid(customer):
    customer.post("/account/two-factor", {"current_password": PASSWORD})
    r = customer.post("/account/two-factor/confirm", {"code": "000000"})
    assert (r.status, r.error["code"]) == (401, "totp_invalid")
    assert customer.get("/account").json["two_factor_enabled"] is False


def test_sign_in_then_needs_a_code_and_a_code_works_once(two_factor, new_browser):
    secret, _ = two_factor
    r = login(new_browser())
    assert (r.status, r.error["code"]) == (401, "totp_required")
    code = code_for(secret, 1)  # the set-up used this step's code
    assert login(new_browser(), totp=code).status == 200
    replay = login(new_browser(), totp=code)
    assert (replay.status, replay.error["code"]) == (401, "totp_invalid")


def test_backup_code_signs_in_once(two_factor, new_browser):
    _, codes = two_factor
    assert login(new_browser(), totp=codes[3]).status == 200
    assert login(new_browser(), totp=codes[3]).error["code"] == "totp_invalid"


def test_wrong_codes_are_throttled(two_factor, new_browser, monkeypatch):
    # One fixed window: a run that crosses a window's end would start counting afresh.
    monkeypatch.setattr("chalicelib.throttle.now", lambda: 1_800_000_000)
    statuses = [login(new_browser(), totp="123456").status for _ in range(6)]
    assert statuses[-1] == 429


def test_turning_it_off_needs_password_and_code(customer, two_factor):
    secret, codes = two_factor
    r = customer.delete("/account/two-factor", {"current_password": "nope-nope-nope", "code": codes[0]})
    assert r.error["code"] == "invalid_password"
    r = customer.delete("/account/two-factor", {"current_password": PASSWORD, "code": "000000"})
    assert r.error["code"] == "totp_invalid"
    assert customer.delete("/account/two-factor", {"current_password": PASSWORD, "code": codes[0]}).status == 204
    assert customer.get("/account").json["two_factor_enabled"] is False
    assert mail.last_to("ana@example.com")["Subject"] == "Verificación en dos pasos desactivada"


def test_secret_is_never_answered_again(customer, two_factor):
    secret, codes = two_factor
    for path in ("/account", "/auth/me", "/dashboard", "/account/activity"):
        body = customer.get(path).body.decode()
        assert secret not in body and codes[0] not in body


def test_new_backup_codes_need_the_password_and_a_code_and_void_the_old_set(customer, two_factor, new_browser):
    _, old = two_factor
    wrong = customer.post("/account/two-factor/backup-codes",
                          {"current_password": "nope-nope-nope", "code": old[1]})
    assert (wrong.status, wrong.error["code"]) == (403, "invalid_password")
    # The password alone does not mint new second factors.
    r = customer.post("/account/two-factor/backup-codes", {"current_password": PASSWORD})
    assert (r.status, r.error["code"]) == (422, "validation_failed") and "code" in r.error["fields"]
    r = customer.post("/account/two-factor/backup-codes", {"current_password": PASSWORD, "code": "000000"})
    assert (r.status, r.error["code"]) == (401, "totp_invalid")
    r = customer.post("/account/two-factor/backup-codes", {"current_password": PASSWORD, "code": old[1]})
    assert r.status == 200
    new = r.json["backup_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert customer.get("/account/activity").json["items"][0]["event"] == "backup_codes_renewed"
    assert login(new_browser(), totp=old[0]).error["code"] == "totp_invalid"
    assert login(new_browser(), totp=new[0]).status == 200
    notice = mail.last_to("ana@example.com")
    assert notice["Subject"] == "Nuevos códigos de respaldo"
    assert not any(code in mail.text_of(notice) for code in new)


def test_new_backup_codes_need_two_factor_on(customer):
    r = customer.post("/account/two-factor/backup-codes", {"current_password": PASSWORD, "code": "123456"})
    assert (r.status, r.error["code"]) == (409, "conflict")


def test_a_setup_can_be_cancelled_before_it_is_confirmed(customer):
    secret = customer.post("/account/two-factor", {"current_password": PASSWORD}).json["secret"]
    assert customer.delete("/account/two-factor/setup").status == 204
    r = customer.post("/account/two-factor/confirm", {"code": code_for(secret)})
    assert r.status == 422 and "code" in r.error["fields"]
    assert customer.get("/account").json["two_factor_enabled"] is False
    assert customer.delete("/account/two-factor/setup").status == 204  # nothing pending: still fine


def test_cancelling_a_setup_leaves_two_factor_on_when_it_is_on(customer, two_factor, new_browser):
    assert customer.delete("/account/two-factor/setup").status == 204
    assert customer.get("/account").json["two_factor_enabled"] is True
    assert login(new_browser()).error["code"] == "totp_required"
