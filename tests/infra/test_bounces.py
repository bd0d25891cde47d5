"""SES bounces and complaints: marked in Mis Emails, address suppressed when permanent."""

import json
from email.utils import make_msgid

import pytest
from moto import mock_aws

from tests.support import stack


@pytest.fixture
def table():
    with mock_aws():
        stack.create_resources()
        yield


@pytest.fixture
def logged(table):
    """A customer's sign-in and one logged e-mail to them; returns (client_id, email_id)."""
    from chalicelib.auth.models import Login
    from chalicelib.db import new_id, utcnow
    from chalicelib.mail.models import SentEmail

    client_id, email_id = new_id(), new_id()
    Login(*Login.key("ana@example.com"), email="ana@example.com", client_id=client_id).save()
    SentEmail(*SentEmail.key(client_id, email_id), email_id=email_id, sent_at=utcnow(),
              email_kind="account", template="welcome", subject="Hola", to=["ana@example.com"],
              body_text="x", body_html="x").save()
    return client_id, email_id


def notification(kind, email_id, address="Ana@Example.com", bounce_type="Permanent"):
    mail = {"destination": [address], "commonHeaders": {
        "messageId": make_msgid(idstring=email_id, domain="portico")}}
    if kind == "Bounce":
        return {"eventType": "Bounce", "mail": mail, "bounce": {
            "bounceType": bounce_type, "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": address}]}}
    return {"notificationType": "Complaint", "mail": mail, "complaint": {
        "complaintFeedbackType": "abuse", "complainedRecipients": [{"emailAddress": address}]}}


def status_of(client_id, email_id):
    from chalicelib.mail.models import SentEmail

    return SentEmail.get(*SentEmail.key(client_id, email_id)).status


def invoke(message: str):
    """Deliver an SNS message to the handler as Lambda would."""
    from chalice import Chalice
    from chalice.test import Client

    from chalicelib.mail.bounces import bp

    app = Chalice(app_name="feedback")
    app.register_blueprint(bp)
    with Client(app) as client:
        return client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message))


def test_message_id_gives_back_our_email_id():
    from chalicelib.mail.bounces import email_id_from

    msgid = make_msgid(idstring="0193abc12de4f5a6b7c8", domain="portico")
    assert email_id_from({"commonHeaders": {"messageId": msgid}}) == "0193abc12de4f5a6b7c8"
    assert email_id_from({"headers": [{"name": "Message-ID", "value": msgid}]}) == \
        "0193abc12de4f5a6b7c8"
    assert email_id_from({"commonHeaders": {"messageId": "<x@elsewhere>"}}) is None


def test_permanent_bounce_marks_the_email_and_suppresses_the_address(logged):
    from chalicelib.mail.bounces import suppressed

    client_id, email_id = logged
    invoke(json.dumps(notification("Bounce", email_id)))
    assert status_of(client_id, email_id) == "bounced"
    assert suppressed(["ANA@example.com", "other@example.com"]) == {"ana@example.com"}


def test_transient_bounce_is_logged_but_the_address_stays(logged):
    from chalicelib.mail.bounces import record, suppressed

    client_id, email_id = logged
    record(notification("Bounce", email_id, bounce_type="Transient"))
    assert status_of(client_id, email_id) == "bounced"
    assert suppressed(["ana@example.com"]) == set()


def test_complaint_suppresses_the_address(logged):
    from chalicelib.mail.bounces import record, suppressed

    client_id, email_id = logged
    record(notification("Complaint", email_id))
    assert status_of(client_id, email_id) == "complained"
    assert suppressed(["ana@example.com"]) == {"ana@example.com"}


def test_feedback_for_an_unknown_email_creates_nothing_in_a_log(logged):
    from chalicelib.db import Item
    from chalicelib.mail.bounces import record

    client_id, _ = logged
    record(notification("Bounce", "ffffffffffffffffffff"))
    assert [i.sk for i in Item.query(f"CLIENT#{client_id}")] == [
        f"EMAIL#{logged[1]}"]


def test_other_events_and_garbage_are_ignored(logged):
    client_id, email_id = logged
    invoke(json.dumps({"eventType": "Delivery", "mail": {}}))
    invoke("not json")
    assert status_of(client_id, email_id) == "sent"


def test_a_real_ses_bounce_finds_the_email_by_its_tag_though_ses_replaced_the_message_id(logged):
    """SES's documented bounce event: messageId is SES's own, the tags are what we sent."""
    from pathlib import Path

    from chalicelib.mail.bounces import suppressed

    client_id, email_id = logged
    sample = (Path(__file__).parent / "samples" / "ses_bounce_event.json").read_text()
    message = sample.replace("CLIENT_ID", client_id).replace("EMAIL_ID", email_id)
    assert "@portico>" not in message  # no Message-ID of ours: only the tag names the e-mail
    invoke(message)
    assert status_of(client_id, email_id) == "bounced"
    assert suppressed(["ana@example.com"]) == {"ana@example.com"}
    from chalicelib.mail.bounces import Suppression

    assert Suppression.get(*Suppression.key("ana@example.com")).email_id == email_id
