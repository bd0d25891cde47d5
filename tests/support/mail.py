"""Read the e-mails the app sent through (emulated) SES, as a person reads them.

Mail is a background job: sent() first runs the job queue until it is empty, so what the
requests so far queued has been delivered."""

import email
import re
from email import policy

from moto.core import DEFAULT_ACCOUNT_ID


def sent() -> list[email.message.EmailMessage]:
    from moto.ses.models import ses_backends

    from tests.support.jobs import run_jobs

    run_jobs()

    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"]
    return [email.message_from_string(m.raw_data, policy=policy.default)
            for m in backend.sent_messages]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def to(address: str) -> list:
    return [m for m in sent() if address.lower() in str(m["To"]).lower() + str(m["Cc"] or "").lower()]


def last_to(address: str):
    messages = to(address)
    assert messages, f"no e-mail was sent to {address}"
    return messages[-1]


def token_from(message) -> str:
    """The `token` of the link in the plain-text part."""
    match = re.search(r"[?&]token=([A-Za-z0-9_-]+)", text_of(message))
    assert match, "no link with a token in the e-mail"
    return match.group(1)
