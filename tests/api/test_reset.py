"""Solicite su Contraseña: always 202, a single-use hour-long link, the security question."""

from datetime import timedelta

from tests.api.test_signin import PASSWORD, login
from tests.support import mail

NEW = "faro-de-levante-77"


def reset_token(b, email="ana@example.com"):
    assert b.post("/auth/password-reset", {"email": email}).status == 202
    return mail.token_from(mail.last_to(email))


def test_request_answers_202_whether_or_not_the_address_exists(customer, new_browser):
    before = len(mail.sent())
    r = new_browser().post("/auth/password-reset", {"email": "nobody@example.com"})
    assert (r.status, r.json) == (202, {})
    assert len(mail.sent()) == before
    assert new_browser().post("/auth/password-reset", {"email": "ANA@example.com"}).status == 202
    assert mail.last_to("ana@example.com")["Subject"] == "Restablecer su contraseña"


def test_link_sets_a_new_password_once_and_ends_every_session(customer, new_browser):
    token = reset_token(new_browser())
    visitor = new_browser()
    assert visitor.post("/auth/password-reset/confirm", {"token": token, "new_password": NEW}).status == 204
    assert customer.get("/account").status == 401
    assert login(new_browser()).status == 401
    assert login(new_browser(), password=NEW).status == 200
    again = visitor.post("/auth/password-reset/confirm", {"token": token, "new_password": NEW + "x"})
    assert (again.status, again.error["code"]) == (400, "invalid_token")
    assert mail.last_to("ana@example.com")["Subject"] == "Su contraseña ha cambiado"


def test_link_expires_after_an_hour(customer, new_browser):
    from chalicelib.accounts.models import Token
    from chalicelib.accounts.passwords import hash_secret

    token = reset_token(new_browser())
    item = Token.get(f"TOKEN#{hash_secret(token)}", "TOKEN")
    item.update(actions=[Token.expires_at.set(item.expires_at - timedelta(hours=1, seconds=1))])
    r = new_browser().post("/auth/password-reset/confirm", {"token": token, "new_password": NEW})
    assert r.error["code"] == "invalid_token"


def test_unknown_token_is_invalid_token(browser):
    r = browser.post("/auth/password-reset/confirm", {"token": "x" * 43, "new_password": NEW})
    assert (r.status, r.error["code"]) == (400, "invalid_token")


def test_new_password_follows_the_rules(customer, new_browser):
    token = reset_token(new_browser())
    r = new_browser().post("/auth/password-reset/confirm", {"token": token, "new_password": "short"})
    assert r.status == 422 and "new_password" in r.error["fields"]
    assert new_browser().post("/auth/password-reset/confirm",
                              {"token": token, "new_password": NEW}).status == 204


def test_security_question_is_asked_when_set(customer, new_browser):
    assert customer.put("/account/security-question", {
        "current_password": PASSWORD, "question": "birth_city", "answer": "Málaga"}).status == 204
    token = reset_token(new_browser())
    b = new_browser()
    missing = b.post("/auth/password-reset/confirm", {"token": token, "new_password": NEW})
    assert missing.status == 422 and "¿En qué ciudad nació?" in missing.error["fields"]["security_answer"]
    wrong = b.post("/auth/password-reset/confirm",
                   {"token": token, "new_password": NEW, "security_answer": "Sevilla"})
    assert (wrong.status, wrong.error["code"]) == (403, "security_answer_incorrect")
    right = b.post("/auth/password-reset/confirm",
                   {"token": token, "new_password": NEW, "security_answer": "  MALAGA "})
    assert right.status == 204


def test_guessing_the_answer_burns_the_link(customer, new_browser):
    customer.put("/account/security-question", {
        "current_password": PASSWORD, "question": "favourite_book", "answer": "verde"})
    token = reset_token(new_browser())
    b = new_browser()
    for _ in range(5):
        b.post("/auth/password-reset/confirm", {"token": token, "new_password": NEW, "security_answer": "rojo"})
    r = b.post("/auth/password-reset/confirm", {"token": token, "new_password": NEW, "security_answer": "verde"})
    assert r.error["code"] == "invalid_token"


def test_reset_requests_are_throttled_per_address(customer, new_browser):
    statuses = [new_browser().post("/auth/password-reset", {"email": "ana@example.com"}).status
                for _ in range(6)]
    assert statuses == [202] * 5 + [429]


def test_logged_copy_of_the_reset_email_has_no_live_token(customer, new_browser):
    token = reset_token(new_browser())
    emails = customer.get("/account/emails").json["items"]
    reset = next(e for e in emails if e["subject"] == "Restablecer su contraseña")
    full = customer.get(f"/account/emails/{reset['id']}").json
    assert token not in full["body_text"] and token not in full["body_html"]
    assert "token=REDACTED" in full["body_text"]


def test_reset_page_can_read_the_question_before_submitting(customer, new_browser):
    customer.put("/account/security-question", {
        "current_password": PASSWORD, "question": "birth_city", "answer": "Málaga"})
    token = reset_token(new_browser())
    r = new_browser().post("/auth/password-reset/question", {"token": token},
                           headers={"Accept-Language": "en"})
    assert (r.status, r.json) == (200, {"question": "birth_city", "question_text": "In which city were you born?"})
    # Reading it does not use the link up.
    assert new_browser().post("/auth/password-reset/confirm", {
        "token": token, "new_password": NEW, "security_answer": "malaga"}).status == 204
    used = new_browser().post("/auth/password-reset/question", {"token": token})
    assert (used.status, used.error["code"]) == (400, "invalid_token")


def test_reset_question_is_null_without_one_and_needs_a_live_reset_link(customer, new_browser):
    token = reset_token(new_browser())
    r = new_browser().post("/auth/password-reset/question", {"token": token})
    assert (r.status, r.json) == (200, {"question": None, "question_text": None})
    for bad in ("x" * 43, "short"):
        r = new_browser().post("/auth/password-reset/question", {"token": bad})
        assert (r.status, r.error["code"]) == (400, "invalid_token")
    assert new_browser().post("/auth/password-reset/question", {}).status == 422


def test_reset_question_reads_are_throttled_per_ip(customer, new_browser, override_settings):
    override_settings(login_fail_per_ip=3)
    b = new_browser()
    statuses = [b.post("/auth/password-reset/question", {"token": "y" * 43}).status for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_reset_to_the_same_password_is_refused(customer, new_browser):
    token = reset_token(new_browser())
    r = new_browser().post("/auth/password-reset/confirm", {"token": token, "new_password": PASSWORD})
    assert r.status == 422 and "new_password" in r.error["fields"]
    assert new_browser().post("/auth/password-reset/confirm", {"token": token, "new_password": NEW}).status == 204
