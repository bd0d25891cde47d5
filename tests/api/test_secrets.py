"""Secrets never leave: no password, hash, token or answer in answers, e-mail logs or logs."""

import logging

from tests.support import mail
from tests.support.accounts import PASSWORD, login


def test_no_secret_appears_in_answers_email_log_or_log_lines(customer, new_browser, caplog, capsys):
    caplog.set_level(logging.INFO)  # what the app logs in production (botocore debug is off)
    answers = []
    answers.append(customer.put("/account/security-question", {
        "current_password": PASSWORD, "question": "first_pet", "answer": "Garbancito"}).body)
    answers.append(customer.post("/auth/password-reset", {"email": "ana@example.com"}).body)
    reset_token = mail.token_from(mail.last_to("ana@example.com"))
    answers.append(new_browser().post("/auth/password-reset/confirm", {
        "token": reset_token, "new_password": "nuevo-secreto-99", "security_answer": "garbancito"}).body)
    b = new_browser()
    answers.append(login(b, password="nuevo-secreto-99").body)
    contact = b.post("/account/contacts", {"first_name": "C", "last_name": "D", "email": "c@example.com",
                                           "permissions": ["profile"]})
    answers.append(contact.body)
    invite_token = mail.token_from(mail.last_to("c@example.com"))
    session_secret = b.cookies["portico_session"].rsplit(".", 1)[1]
    for path in ("/account", "/auth/me", "/auth/sessions", "/account/contacts", "/account/activity",
                 "/dashboard", "/account/security-question"):
        answers.append(b.get(path).body)
    for item in b.get("/account/emails").json["items"]:
        answers.append(b.get(f"/account/emails/{item['id']}").body)
        answers.append(b.get(f"/account/emails/{item['id']}/html").body)

    from chalicelib.auth.models import Login

    stored = Login.get("LOGIN#ana@example.com", "LOGIN")
    secrets = [PASSWORD, "nuevo-secreto-99", "Garbancito", "garbancito", reset_token, invite_token,
               session_secret, stored.password_hash, stored.security_answer_hash]
    logged = caplog.text + capsys.readouterr().err
    everything = b"".join(answers).decode() + logged
    for secret in secrets:
        assert secret not in everything
    assert "REDACTED" in everything  # the e-mail log shows where a secret was
