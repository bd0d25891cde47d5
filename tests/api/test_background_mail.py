"""E-mail as a background job, seen from the API: the request answers without SES, the
message shows in Mis Emails at once as queued, and it is queued in the transaction of the
change it tells of (a refused change queues nothing). The local stack's tick route is no
part of the app."""

from tests.api.conftest import registration
from tests.support import mail
from tests.support.jobs import jobs_of, run_jobs


def test_a_request_that_sends_mail_answers_before_ses_is_called_and_mis_emails_shows_it_queued(
        new_browser, monkeypatch):
    from chalicelib import aws

    calls = []
    monkeypatch.setattr(aws.client("ses"), "send_raw_email", lambda **kw: calls.append(kw))
    browser = new_browser(run_jobs=False)
    assert browser.post("/auth/register", registration()).status == 201
    assert calls == []  # the answer did not wait for SES
    emails = browser.get("/account/emails").json["items"]
    assert [(e["subject"], e["status"], e["to"]) for e in emails] == [
        ("Bienvenido a Portico Hosting", "queued", ["ana@example.com"])]
    detail = browser.get(f"/account/emails/{emails[0]['id']}").json
    assert detail["status"] == "queued" and "REDACTED" in detail["body_text"]
    assert run_jobs() == 1 and len(calls) == 1
    assert browser.get("/account/emails").json["items"][0]["status"] == "sent"


def test_the_welcome_email_is_written_in_the_registrations_own_transaction(new_browser):
    from bench.dynamodb_calls import counting

    with counting() as seen:
        assert new_browser(run_jobs=False).post("/auth/register", registration()).status == 201
    writes = [op for service, op in seen if service == "dynamodb" and op != "GetItem"
              and op != "Query"]
    # The sign-up throttle's slot, then everything else (account, sign-in, session, token,
    # activity, summary, the e-mail's log entry and its job) in one transaction.
    assert writes == ["UpdateItem", "TransactWriteItems"], writes
    assert ("sqs", "SendMessage") in seen and ("ses", "SendRawEmail") not in seen


def test_a_refused_change_queues_no_email(browser):
    assert browser.post("/auth/register", registration()).status == 201
    before = len(jobs_of("mail.send"))
    taken = browser.post("/auth/register", registration(email="ANA@example.com"))
    assert taken.status == 409
    assert len(jobs_of("mail.send")) == before
    assert len(mail.to("ana@example.com")) == 1  # the first welcome only


def test_an_address_change_queues_both_emails_with_the_change_or_neither(customer, new_browser):
    from tests.support.accounts import PASSWORD

    assert new_browser().post("/auth/register", registration(email="luis@example.com")).status == 201
    before = len(jobs_of("mail.send"))
    r = customer.patch("/account", {"email": "luis@example.com", "current_password": PASSWORD})
    assert r.status == 409
    assert len(jobs_of("mail.send")) == before
    r = customer.patch("/account", {"email": "ana.nueva@example.com", "current_password": PASSWORD})
    assert r.status == 200
    assert len(jobs_of("mail.send")) == before + 2
    assert mail.last_to("ana.nueva@example.com")["Subject"]
    assert mail.last_to("ana@example.com")["Subject"]


def test_every_job_a_request_queued_is_done_once_the_queue_has_run(customer, new_browser):
    new_browser().post("/auth/password-reset", {"email": "ana@example.com"})
    customer.post("/account/verification-email")
    statuses = {j.status for kind in ("mail.send", "accounts.reset_link") for j in jobs_of(kind)}
    assert statuses == {"done"}


def test_the_deployed_app_has_no_local_tick_route(browser):
    from app import app

    assert not [path for path in app.routes if "_local" in path or "tick" in path]
    browser.check_contract = False  # an unknown path: the 404 is the gateway's, not the app's
    assert browser.post("/_local/tick", {"date": "2027-01-15"}).status in (403, 404)
