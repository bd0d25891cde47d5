"""Thirty parallel attempts against each throttle: how many were judged, how many refused.

Shared by tests/api/test_throttle_bursts.py (which asserts exactly `limit` attempts were
judged) and bench/throttle_bursts.py (which prints the figures). Each scenario takes a
`setup` with the app's browsers and a settings override, fires BURST requests at once
(a barrier releases the threads together) and answers a Counter of (status, error code).

The requests of one burst are identical: Chalice keeps the request being handled in one
attribute of the app (a Lambda handles one at a time), so threads sharing the test
client may read each other's request; identical requests make that harmless.
"""

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from threading import Barrier
from typing import Callable

from tests.support import totp

BURST = 30
PASSWORD = "castillo-de-arena-42"
WRONG = "no-es-la-contrasena-1"
ORIGIN = "http://127.0.0.1:8000"


@dataclass
class Setup:
    new_browser: Callable  # (**Browser fields) -> Browser
    override: Callable  # (**settings) -> None


def fire(request: Callable[[int], object], n: int = BURST) -> Counter:
    """Run request(i) for i in range(n) in n threads released together."""
    barrier = Barrier(n)

    def one(i):
        barrier.wait()
        r = request(i)
        return r.status, (r.error.get("code") if r.status >= 400 else None)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return Counter(pool.map(one, range(n)))


def _customer(s: Setup, email="ana@example.com"):
    from tests.api.conftest import registration

    b = s.new_browser()
    assert b.post("/auth/register", registration(email=email)).status == 201
    return b


def _login(b, email="ana@example.com", password=PASSWORD, **extra):
    return b.post("/auth/login", {"email": email, "password": password, **extra})


def wrong_passwords_one_address(s: Setup) -> Counter:
    _customer(s)
    return fire(lambda i: _login(s.new_browser(), password=WRONG))


def wrong_passwords_one_ip(s: Setup) -> Counter:
    s.override(login_fail_per_ip=10, login_fail_per_address=1000)
    return fire(lambda i: _login(s.new_browser(), email="nadie@example.com", password=WRONG))


def _two_factor_customer(s: Setup):
    b = _customer(s)
    secret = b.post("/account/two-factor", {"current_password": PASSWORD}).json["secret"]
    assert b.post("/account/two-factor/confirm", {"code": totp.code(secret)}).status == 200
    return b


def wrong_codes_at_sign_in(s: Setup) -> Counter:
    _two_factor_customer(s)
    return fire(lambda i: _login(s.new_browser(), totp="000000"))


def wrong_codes_confirming_two_factor(s: Setup) -> Counter:
    b = _customer(s)
    assert b.post("/account/two-factor", {"current_password": PASSWORD}).status == 200
    return fire(lambda i: b.post("/account/two-factor/confirm", {"code": "000000"}))


def wrong_current_passwords(s: Setup) -> Counter:
    b = _customer(s)
    return fire(lambda i: b.put("/account/security-question", {
        "current_password": WRONG, "question": "favourite_book", "answer": "verde"}))


def reset_requests_one_address(s: Setup) -> Counter:
    from tests.support import mail

    _customer(s)
    before = len(mail.to("ana@example.com"))
    statuses = fire(lambda i: s.new_browser().post("/auth/password-reset",
                                                   {"email": "ana@example.com"}))
    statuses["e-mails sent", None] = len(mail.to("ana@example.com")) - before
    return statuses


def wrong_answers_one_link(s: Setup) -> Counter:
    from tests.support import mail

    b = _customer(s)
    assert b.put("/account/security-question", {
        "current_password": PASSWORD, "question": "favourite_book", "answer": "verde"}).status == 204
    assert s.new_browser().post("/auth/password-reset", {"email": "ana@example.com"}).status == 202
    token = mail.token_from(mail.last_to("ana@example.com"))
    return fire(lambda i: s.new_browser().post(
        "/auth/password-reset/confirm",
        {"token": token, "new_password": "faro-de-levante-77", "security_answer": "rojo"}))


def sign_ups_one_ip(s: Setup) -> Counter:
    """One address, so one account is made: the other judged attempts are 409s."""
    from tests.api.conftest import registration

    return fire(lambda i: s.new_browser().post("/auth/register", registration()))


def votes_one_ip(s: Setup) -> Counter:
    import boto3

    from chalicelib import content as manifest
    from chalicelib.config import settings

    s.override(vote_per_ip=10)
    boto3.client("s3", region_name=settings.region).put_object(
        Bucket=settings.content_bucket, Key="manifest.json",
        Body=json.dumps({"kb": {"uptime": "network-uptime"}, "downloads": {}}).encode())
    manifest.forget()
    return fire(lambda i: s.new_browser().post("/kb/uptime/votes", {"helpful": True},
                                               headers={"Origin": ORIGIN}))


def _staff(s: Setup, **options):
    from tests.support.staff import make_member

    return make_member(**options)


def staff_wrong_passwords_one_address(s: Setup) -> Counter:
    member = _staff(s)
    return fire(lambda i: s.new_browser().post("/staff/auth/login", {
        "email": member.email, "password": WRONG, "totp": "000000"}))


def staff_wrong_passwords_one_ip(s: Setup) -> Counter:
    s.override(login_fail_per_ip=10, login_fail_per_address=1000)
    return fire(lambda i: s.new_browser().post("/staff/auth/login", {
        "email": "nadie@portico.example", "password": WRONG}))


def staff_wrong_codes_at_sign_in(s: Setup) -> Counter:
    from tests.support.staff import STAFF_PASSWORD

    member = _staff(s)
    return fire(lambda i: s.new_browser().post("/staff/auth/login", {
        "email": member.email, "password": STAFF_PASSWORD, "totp": "000000"}))


def staff_wrong_codes_setting_up(s: Setup) -> Counter:
    from tests.support.staff import sign_in

    member = _staff(s, two_factor=False)
    b = s.new_browser()
    assert sign_in(b, member).status == 200
    assert b.post("/staff/auth/two-factor").status == 200
    return fire(lambda i: b.post("/staff/auth/two-factor/confirm", {"code": "000000"}))


def staff_wrong_current_passwords(s: Setup) -> Counter:
    from tests.support.staff import sign_in

    member = _staff(s)
    b = s.new_browser()
    assert sign_in(b, member).status == 200
    return fire(lambda i: b.post("/staff/me/password", {"current_password": WRONG,
                                                        "new_password": "faro-nuevo-del-sur-9"}))


# name -> (scenario, limit, what a judged attempt answers, what a refused one answers)
SCENARIOS = {
    "sign-in, wrong passwords, one address": (
        wrong_passwords_one_address, 5, {(401, "invalid_credentials")}, (429, "too_many_attempts")),
    "sign-in, wrong passwords, one IP (limit set to 10)": (
        wrong_passwords_one_ip, 10, {(401, "invalid_credentials")}, (429, "too_many_attempts")),
    "sign-in, wrong two-factor codes": (
        wrong_codes_at_sign_in, 5, {(401, "totp_invalid")}, (429, "too_many_attempts")),
    "two-factor set-up, wrong codes": (
        wrong_codes_confirming_two_factor, 5, {(401, "totp_invalid")}, (429, "too_many_attempts")),
    "wrong current passwords": (
        wrong_current_passwords, 5, {(403, "invalid_password")}, (429, "too_many_attempts")),
    "reset requests, one address": (
        reset_requests_one_address, 5, {(202, None)}, (429, "too_many_attempts")),
    "wrong security answers, one link": (
        wrong_answers_one_link, 5, {(403, "security_answer_incorrect")}, (400, "invalid_token")),
    "sign-ups, one IP": (
        sign_ups_one_ip, 20, {(201, None), (409, "email_taken")}, (429, "too_many_attempts")),
    "kb votes, one IP (limit set to 10)": (
        votes_one_ip, 10, {(200, None)}, (429, "too_many_attempts")),
    "staff sign-in, wrong passwords, one address": (
        staff_wrong_passwords_one_address, 5, {(401, "invalid_credentials")},
        (429, "too_many_attempts")),
    "staff sign-in, wrong passwords, one IP (limit set to 10)": (
        staff_wrong_passwords_one_ip, 10, {(401, "invalid_credentials")},
        (429, "too_many_attempts")),
    "staff sign-in, wrong second-factor codes": (
        staff_wrong_codes_at_sign_in, 5, {(401, "totp_invalid")}, (429, "too_many_attempts")),
    "staff second-factor set-up, wrong codes": (
        staff_wrong_codes_setting_up, 5, {(401, "totp_invalid")}, (429, "too_many_attempts")),
    "staff, wrong current passwords": (
        staff_wrong_current_passwords, 5, {(403, "invalid_password")}, (429, "too_many_attempts")),
}


def judged(seen: Counter, answers: set) -> int:
    return sum(n for answer, n in seen.items() if answer in answers)
