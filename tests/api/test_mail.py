"""The one e-mail function: queued with the change, delivered by a job, a failed send is
retried, logged and never loses the change."""

import logging

from tests.api.conftest import registration
from tests.support import mail
from tests.support.jobs import jobs_of, run_jobs


def test_ses_failure_keeps_the_account_and_records_the_email_as_failed(browser, monkeypatch, caplog):
    from botocore.exceptions import EndpointConnectionError

    from chalicelib import aws
    from chalicelib.config import settings

    ses = aws.client("ses")
    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise EndpointConnectionError(endpoint_url="https://email.eu-west-1.amazonaws.com")

    monkeypatch.setattr(ses, "send_raw_email", broken)
    with caplog.at_level(logging.ERROR):
        r = browser.post("/auth/register", registration())
        assert r.status == 201
        # The first try failed: the e-mail waits for its next one, and says so.
        emails = browser.get("/account/emails").json["items"]
        assert [(e["subject"], e["status"]) for e in emails] == [("Bienvenido a Portico Hosting", "queued")]
        run_jobs(retries=True)
    assert len(calls) == settings.job_max_attempts  # retried with backoff, then given up
    emails = browser.get("/account/emails").json["items"]
    assert [(e["subject"], e["status"]) for e in emails] == [("Bienvenido a Portico Hosting", "failed")]
    assert "not sent" in caplog.text
    [job] = jobs_of("mail.send")
    assert job.status == "dead" and job.error.startswith("EndpointConnectionError")


def test_every_email_is_logged_for_the_customer(customer):
    sent = [m["Subject"] for m in mail.to("ana@example.com")]
    logged = [e["subject"] for e in customer.get("/account/emails").json["items"]]
    assert sorted(sent) == sorted(logged)


def test_unknown_address_still_runs_the_password_hash(browser, monkeypatch):
    """Unknown address and wrong password cost the same: argon2 runs for both."""
    from chalicelib.auth import passwords

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
    from chalicelib.mail.bounces import Suppression

    pk, sk = Suppression.key("ana@example.com")
    Suppression(pk, sk, address="ana@example.com", reason="bounce", at=utcnow()).save()
    before = len(mail.sent())
    new_browser().post("/auth/password-reset", {"email": "ana@example.com"})
    assert len(mail.sent()) == before
    latest = customer.get("/account/emails").json["items"][0]
    assert (latest["subject"], latest["status"]) == ("Restablecer su contraseña", "suppressed")


class _Boom(Exception):
    pass


def _ses_raises(monkeypatch, exc):
    from chalicelib import aws

    def broken(**kwargs):
        raise exc

    monkeypatch.setattr(aws.client("ses"), "send_raw_email", broken)


def _errors():
    from botocore.exceptions import ClientError

    return [ClientError({"Error": {"Code": "Throttling", "Message": "slow down"}}, "SendRawEmail"),
            ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendRawEmail"),
            UnicodeEncodeError("ascii", "ñ", 0, 1, "no SMTPUTF8"), ValueError("header"), _Boom("?")]


def test_any_mail_failure_after_a_commit_is_logged_never_a_500_nor_half_made(customer, new_browser,
                                                                            monkeypatch, caplog):
    for n, exc in enumerate(_errors()):
        _ses_raises(monkeypatch, exc)
        with caplog.at_level(logging.ERROR):
            fresh = new_browser()
            r = fresh.post("/auth/register", registration(email=f"n{n}@example.com"))
            assert r.status == 201, (exc, r.body)
            assert fresh.get("/account").json["email"] == f"n{n}@example.com"
            r = customer.post("/account/contacts", {"first_name": "Eva", "last_name": "Ruiz",
                                                    "email": f"eva{n}@example.com", "permissions": ["invoices"]})
            assert r.status == 201, (exc, r.body)
            assert r.json["login_status"] == "invited"
            r = fresh.patch("/account", {"email": f"m{n}@example.com", "current_password": "castillo-de-arena-42"})
            assert (r.status, r.json.get("email")) == (200, f"m{n}@example.com"), (exc, r.body)
            run_jobs(retries=True)  # SES refusing the message fails it at once; the rest after the last try
        statuses = {e["status"] for e in fresh.get("/account/emails").json["items"]}
        assert statuses == {"failed"}, (exc, statuses)
        assert "not sent" in caplog.text
        caplog.clear()
    assert len(customer.get("/account/contacts").json["items"]) == len(_errors())


def test_header_values_are_one_line_and_encoded_whatever_the_stored_text(aws):
    """A name stored before the schemas refused line breaks still makes a valid message."""
    from chalicelib.mail.jobs import _mime

    message = _mime("e1", "luis@bücher.example", "Luis\u2028Bcc: x@evil.example\x85\r\nPérez",
                    ["eva@example.com"], "Hola\u2029Luis\nBcc: y@evil.example", "texto", "<p>html</p>")
    raw = message.as_bytes()
    headers = raw.split(b"\n\n", 1)[0].decode("ascii")
    assert "Bcc" not in [line.split(":")[0] for line in headers.splitlines()]
    assert "xn--bcher-kva.example" in str(message["To"])
    assert str(message["Subject"]) == "Hola Luis Bcc: y@evil.example"


def test_a_bounce_reported_in_punycode_suppresses_the_unicode_spelling(browser):
    from chalicelib.db import utcnow
    from chalicelib.mail.bounces import Suppression

    assert browser.post("/auth/register", registration(email="ana@bücher.example")).status == 201
    pk, sk = Suppression.key("ana@xn--bcher-kva.example")  # as SES reports it
    Suppression(pk, sk, address="ana@xn--bcher-kva.example", reason="bounce", at=utcnow()).save()
    before = len(mail.sent())
    browser.post("/auth/password-reset", {"email": "ana@bücher.example"})
    assert len(mail.sent()) == before
    assert browser.get("/account/emails").json["items"][0]["status"] == "suppressed"


def test_sends_name_the_stage_configuration_set_so_bounces_reach_this_stage(browser, monkeypatch):
    """The SES identity is shared by an account's stages; the configuration set is not."""
    import dataclasses

    from chalicelib import aws
    from chalicelib.mail import jobs as delivery

    ses = aws.client("ses")
    sent = []
    monkeypatch.setattr(ses, "send_raw_email", lambda **kwargs: sent.append(kwargs))
    monkeypatch.setattr(delivery, "settings", dataclasses.replace(
        delivery.settings, mail_configuration_set="portico-prod-mail"))
    assert browser.post("/auth/register", registration()).status == 201
    assert sent and all(s["ConfigurationSetName"] == "portico-prod-mail" for s in sent)


def test_every_email_is_sent_in_the_companys_name_with_its_legal_footer(browser):
    """The sender's name, the subject's company and the footer come from the company file."""
    from chalicelib.company import load

    company = load("local")  # the test stage's file
    browser.post("/auth/register", registration(language="en"))
    message = mail.last_to("ana@example.com")
    assert str(message["From"]) == f"{company.trade_name} <no-reply@portico.example>"
    assert message["Subject"] == f"Welcome to {company.trade_name}"
    footer = f"{company.legal_name} · Tax ID (NIF) {company.nif} · {company.address.line('en')}"
    assert mail.text_of(message).endswith(f"\n-- \n{footer}\n")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert footer in html
