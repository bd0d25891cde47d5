"""Iniciar Sesión, throttling, new-device notice, sessions and signing out."""

from datetime import timedelta

from tests.api.conftest import registration
from tests.support import mail
from tests.support.accounts import login


def test_login_answers_the_profile_and_sets_the_cookie(customer, new_browser):
    other = new_browser()
    r = login(other, email="  ANA@example.com ")
    assert r.status == 200
    assert r.json["email"] == "ana@example.com"
    assert "portico_session" in other.cookies
    assert other.get("/account").status == 200


def test_unknown_address_and_wrong_password_answer_the_same(customer, new_browser):
    wrong = login(new_browser(), password="not-the-password")
    unknown = login(new_browser(), email="nobody@example.com")
    assert wrong.status == unknown.status == 401
    assert wrong.body == unknown.body
    assert wrong.error["code"] == "invalid_credentials"


def test_failed_sign_ins_are_logged_for_the_account(customer, new_browser):
    login(new_browser(ip="203.0.113.9"), password="not-the-password")
    item = customer.get("/account/activity").json["items"][0]
    assert (item["event"], item["ip"]) == ("login_failed", "203.0.113.9")


def test_five_failures_per_address_then_429_with_retry_after(customer, new_browser):
    for i in range(5):
        assert login(new_browser(ip=f"203.0.113.{i}"), password="wrong-wrong-wrong").status == 401
    r = login(new_browser(ip="203.0.113.99"))  # even the right password now waits
    assert (r.status, r.error["code"]) == (429, "too_many_attempts")
    assert 0 < int(r.headers["Retry-After"]) <= 900


def test_failures_per_ip_are_throttled_across_addresses(customer, new_browser, override_settings):
    override_settings(login_fail_per_ip=3)
    b = new_browser(ip="198.51.100.200")
    for i in range(3):
        assert login(b, email=f"nobody{i}@example.com").status == 401
    assert login(b).status == 429
    assert login(new_browser(ip="198.51.100.201")).status == 200


def test_successful_sign_ins_do_not_count(customer, new_browser):
    for _ in range(7):
        assert login(new_browser()).status == 200


def test_sign_in_from_a_new_device_emails_a_notice_once(customer, new_browser):
    before = len(mail.to("ana@example.com"))
    login(new_browser(user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537"))
    login(new_browser(user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537"))
    notices = mail.to("ana@example.com")[before:]
    assert [m["Subject"] for m in notices] == ["Nuevo inicio de sesión en su cuenta"]
    assert "Chrome · Windows" in mail.text_of(notices[0])


def test_same_device_as_registration_sends_no_notice(customer, new_browser):
    before = len(mail.to("ana@example.com"))
    login(new_browser())
    assert len(mail.to("ana@example.com")) == before


def test_logout_ends_the_session_for_real(customer):
    cookie = dict(customer.cookies)
    assert customer.post("/auth/logout").status == 204
    customer.cookies = cookie  # replaying the old cookie does not help
    assert customer.get("/account").error["code"] == "unauthenticated"


def test_logout_all_ends_every_session_of_the_user(customer, new_browser):
    other = new_browser()
    login(other)
    assert other.post("/auth/logout-all").status == 204
    assert customer.get("/account").status == 401
    assert other.get("/account").status == 401


def test_sessions_are_listed_and_one_can_be_ended(customer, new_browser):
    phone = new_browser(user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1", ip="192.0.2.55")
    login(phone)
    items = customer.get("/auth/sessions").json["items"]
    assert len(items) == 2
    assert set(items[0]) == {"id", "device", "ip", "created_at", "last_seen_at", "current"}
    theirs = next(s for s in items if not s["current"])
    assert (theirs["device"], theirs["ip"]) == ("Safari · iOS", "192.0.2.55")
    assert customer.delete(f"/auth/sessions/{theirs['id']}").status == 204
    assert phone.get("/account").status == 401
    assert customer.delete(f"/auth/sessions/{theirs['id']}").status == 404


def test_cookie_garbage_is_just_unauthenticated(browser):
    for value in ("x", "a.b.c", "0" * 21 + ".-." + "A" * 43, "%00;;;"):
        browser.cookies = {"portico_session": value}
        assert browser.get("/account").error["code"] == "unauthenticated"


def _age_session(browser, **delta):
    from chalicelib.auth.models import Session
    client_id = browser.get("/account").json["id"]
    for session in Session.query(Session.key(client_id, "")[0], Session.sk.startswith(Session.PREFIX)):
        session.update(actions=[Session.last_seen_at.set(session.last_seen_at - timedelta(**delta))])


def test_an_idle_session_expires(customer):
    _age_session(customer, hours=13)
    assert customer.get("/account").status == 401


def test_an_expired_session_is_refused_even_before_ttl_cleans_it(customer):
    from chalicelib.auth.models import Session
    from chalicelib.db import utcnow

    client_id = customer.get("/account").json["id"]
    for session in Session.query(Session.key(client_id, "")[0], Session.sk.startswith(Session.PREFIX)):
        session.update(actions=[Session.expires_at.set(utcnow() - timedelta(seconds=1))])
    assert customer.get("/account").status == 401


def test_every_route_needing_a_session_answers_401_envelope(browser):
    from tests.support.contract import operations

    signed_in = [op for op in operations() if op.access.signed_in]
    assert len(signed_in) > 20
    for op in signed_in:
        method, path = op.method, op.path
        concrete = path.replace("{", "").replace("}", "")
        r = browser.request(method, concrete, {} if method != "GET" else None)
        assert (r.status, r.error["code"]) == (401, "unauthenticated"), (method, path)


def test_login_validation(browser):
    r = browser.post("/auth/login", {"email": "a@example.com"})
    assert r.status == 422 and "password" in r.error["fields"]


def test_registration_helper_is_valid(browser):
    assert browser.post("/auth/register", registration()).status == 201


def test_exempt_ips_skip_per_ip_limits_but_not_per_address(customer, new_browser, override_settings):
    override_settings(login_fail_per_ip=2, throttle_exempt_ips=("127.0.0.1",))
    local = new_browser(ip="127.0.0.1")
    for i in range(3):
        assert login(local, email=f"nobody{i}@example.com").status == 401
    assert login(local).status == 200
    for _ in range(5):
        login(local, password="wrong-wrong-wrong")
    assert login(local).status == 429


def test_foreign_malformed_cookies_do_not_hide_the_session(customer):
    session = customer.cookies["portico_session"]
    customer.cookies = {"weird": '{"a": 1, "b": [2]}', "portico_session": session, "x y": "z"}
    assert customer.get("/account").status == 200
