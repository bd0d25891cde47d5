"""The one e-mail function: a failed send is retried, logged and never loses the change."""

import logging

from tests.api.conftest import registration
from tests.support import mail


def test_ses_failure_keeps_the_account_and_records_the_email_as_failed(browser, monkeypatch, caplog):
    from botocore.exceptions import EndpointConnectionError

    from chalicelib import aws
    from chalicelib.mail import send as send_module

    ses = aws.client("ses")
    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise EndpointConnectionError(endpoint_url="https://email.eu-west-1.amazonaws.com")

    monkeypatch.setattr(ses, "send_raw_email", broken)
    monkeypatch.setattr(send_module.time, "sleep", lambda s: None)
    with caplog.at_level(logging.ERROR):
        r = browser.post("/auth/register", registration())
    assert r.status == 201
    assert len(calls) == 3  # retried
    emails = browser.get("/account/emails").json["items"]
    assert [(e["subject"], e["status"]) for e in emails] == [("Bienvenido a Portico Hosting", "failed")]
    assert "not sent" in caplog.text


def test_every_email_is_logged_for_the_customer(customer):
    sent = [m["Subject"] for m in mail.to("ana@example.com")]
    logged = [e["subject"] for e in customer.get("/account/emails").json["items"]]
    assert sorted(sent) == sorted(logged)


def test_unknown_address_still_runs_the_password_hash(browser, monkeypatch):
    """Unknown address and wrong password cost the same: argon2 runs for both."""
    from chalicelib.accounts import passwords

    verified = []
    hasher = passwords._hasher()
    original = type(hasher).verify

    def spy(self, hash_, password):
        verified.append(hash_)
        return original(self, hash_, password)

    monkeypatch.setattr(type(hasher), "verify", spy)
    browser.post("/auth/login", {"email": "nobody@example.com", "password": "whatever-whatever"})
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")


def test_a_suppressed_address_is_not_mailed_and_the_log_says_so(customer, new_browser):
    from chalicelib.db import utcnow
    from chalicelib.mail.bounces import Suppression, suppression_key

    pk, sk = suppression_key("ana@example.com")
    Suppression(pk, sk, address="ana@example.com", reason="bounce", at=utcnow()).save()
    before = len(mail.sent())
    new_browser().post("/auth/password-reset", {"email": "ana@example.com"})
    assert len(mail.sent()) == before
    latest = customer.get("/account/emails").json["items"][0]
    assert (latest["subject"], latest["status"]) == ("Restablecer su contraseña", "suppressed")


def test_sends_name_the_stage_configuration_set_so_bounces_reach_this_stage(browser, monkeypatch):
    """The SES identity is shared by an account's stages; the configuration set is not."""
    import dataclasses

    from chalicelib import aws
    from chalicelib.mail import send as send_module

    ses = aws.client("ses")
    sent = []
    monkeypatch.setattr(ses, "send_raw_email", lambda **kwargs: sent.append(kwargs))
    monkeypatch.setattr(send_module, "settings", dataclasses.replace(
        send_module.settings, mail_configuration_set="portico-prod-mail"))
    assert browser.post("/auth/register", registration()).status == 201
    assert sent and all(s["ConfigurationSetName"] == "portico-prod-mail" for s in sent)
