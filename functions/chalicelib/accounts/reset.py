"""¿Olvidó su contraseña?: the e-mailed reset link, and the links that verify an address
or accept an invitation.

The brief e-mails a new password after the link is confirmed; Portico keeps the two
steps but lets the person choose the new password on the confirmation page, so no
password ever travels by e-mail.
"""

import time

from pynamodb.exceptions import TransactWriteError, UpdateError

from .. import context, jobs, throttle
from ..activity.record import Subject, record
from ..auth.models import Client, Contact, Login, find_login, same_generation
from ..auth.passwords import hash_password, require_good_password
from ..auth.sessions import end_sessions
from ..config import settings
from ..db import transaction
from ..email_addresses import canonical
from ..errors import InvalidToken, SecurityAnswerIncorrect, ValidationFailed
from ..i18n import t
from ..mail.send import send
from .models import Token
from .passwords import verify_answer
from .questions import describe, question_text
from .tokens import find_token, link, new_token

MAX_ANSWER_FAILURES = 5


RESET_JOB = "accounts.reset_link"


def request_reset(email: str) -> None:
    """E-mail a reset link if the address has a sign-in. Answers the same either way.

    Its timing must not tell either, so the request does the same for any address: it
    counts the attempt and submits the job RESET_JOB with the address. Whether the address
    has a sign-in is found out by the job (email_reset_link), after the answer. The answer
    waits for settings.reset_response_floor_ms (0 by default: both paths do the very same
    requests, bench/reset_timing.py measures them); a floor is there for a change that
    ever makes the paths differ again.
    """
    started = time.monotonic()
    email = canonical(email)
    throttle.take(throttle.Limit("reset-addr", email, settings.reset_per_address, settings.reset_window),
                  *throttle.per_ip("reset-ip", context.current().ip, settings.reset_per_ip,
                                   settings.reset_window))
    jobs.submit(RESET_JOB, {"email": email})
    _wait_until(started + settings.reset_response_floor_ms / 1000)


def email_reset_link(job) -> dict:
    """The job RESET_JOB: the link, its token and its e-mail in one transaction (the job's),
    or nothing at all for an address without a sign-in."""
    signin = find_login(job.payload["email"])
    if signin is None:
        return {"sent": False}
    client = Client.get(*Client.key(signin.client_id))
    person = _person(signin, client)
    token, secret = new_token("reset", client_id=signin.client_id, contact_id=signin.contact_id,
                              email=job.payload["email"], ttl=settings.reset_token_ttl)
    token.password_generation = signin.password_generation
    job.tx.save(token)
    send(client_id=signin.client_id, to=person.email, language=client.language,
         template="password_reset", context={"first_name": person.first_name},
         secrets={"reset_link": link(client.language, "password-reset", secret)}, tx=job.tx)
    return {"sent": True}


def _wait_until(deadline: float) -> None:
    left = deadline - time.monotonic()
    if left > 0:
        time.sleep(left)


def _person(signin: Login, client: Client):
    if signin.contact_id:
        return Contact.get(*Contact.key(signin.client_id, signin.contact_id))
    return client


def confirm_reset(body) -> None:
    """Set the new password from a reset link; end every session of that user.

    A link is refused once the password changed after it was issued (another link was
    used, the password was changed or an invitation accepted): the transaction holds
    that as a condition, so of two links confirmed at once exactly one wins.
    """
    token = find_token(body.token, "reset")
    signin = find_login(token.email)
    if signin is None:
        raise InvalidToken()
    if signin.password_generation != token.password_generation:
        raise InvalidToken()
    client = Client.get(*Client.key(signin.client_id))
    require_good_password(body.new_password, email=token.email, field="new_password")
    # No "must differ from the current one" here (Cambiar Contraseña has it): the person
    # forgot it, and the answer would turn a leaked link into an unthrottled oracle for
    # the current password.
    if signin.security_answer_hash:
        if not body.security_answer:
            raise ValidationFailed(fields={"security_answer": "{} {}".format(
                t("field.security_answer_required", client.language),
                question_text(signin.security_question, client.language))})
        _take_answer_attempt(token)
        if not verify_answer(signin.security_answer_hash, body.security_answer):
            if token.answer_failures >= MAX_ANSWER_FAILURES:
                token.delete()  # the link is burned
            raise SecurityAnswerIncorrect()
    person = _person(signin, client)
    try:
        with transaction() as tx:
            tx.delete(token, condition=Token.pk.exists())
            tx.update(signin, actions=[Login.password_hash.set(hash_password(body.new_password)),
                                       Login.password_generation.add(1)],
                      condition=(Login.client_id == token.client_id)
                      & same_generation(token.password_generation))
            send(client_id=signin.client_id, to=person.email, language=client.language,
                 template="password_changed",
                 context={"first_name": person.first_name, "reset": True}, tx=tx)
    except TransactWriteError as exc:
        raise InvalidToken() from exc
    end_sessions(signin.client_id, signin.contact_id)
    record(signin, "password_reset")


def _take_answer_attempt(token: Token) -> None:
    """Count an answer before judging it, atomically: after MAX_ANSWER_FAILURES the link
    takes no more answers, however many arrive at once. (The password is checked
    before, so a right answer goes on to use the link, and its count does not matter.)"""
    try:
        token.update(actions=[Token.answer_failures.add(1)],
                     condition=Token.pk.exists() & (Token.answer_failures.does_not_exist()
                                                    | (Token.answer_failures < MAX_ANSWER_FAILURES)))
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise InvalidToken() from exc


def reset_question(secret: str) -> dict:
    """The security question behind a live reset link, so the page asks it up front.

    Only the question (or null): nothing else about the account. Reads are limited per IP,
    like failed sign-ins, so the route is no cheap oracle for stolen or guessed links.
    """
    throttle.take(*throttle.per_ip("reset-question", context.current().ip, settings.login_fail_per_ip,
                                   settings.login_fail_window))
    token = find_token(secret, "reset")
    signin = find_login(token.email)
    if signin is None:
        raise InvalidToken()
    return describe(signin.security_question if signin.security_answer_hash else None)


def verify_email(secret: str) -> None:
    token = find_token(secret, "verify")
    client = Client.get(*Client.key(token.client_id))
    if canonical(client.email) != canonical(token.email):
        raise InvalidToken()  # the address changed again since this link was sent
    try:
        with transaction() as tx:
            tx.delete(token, condition=Token.pk.exists())
            tx.update(client, actions=[Client.email_verified.set(True)],
                      condition=Client.email == client.email)
    except TransactWriteError as exc:
        raise InvalidToken() from exc
    record(Subject(token.client_id), "email_verified", client.email)


def accept_invitation(body) -> None:
    """An invited contact chooses its password; from then on it can sign in."""
    token = find_token(body.token, "invite")
    require_good_password(body.password, email=token.email, field="password")
    try:
        signin = Login.get(*Login.key(token.email))
        contact = Contact.get(*Contact.key(token.client_id, token.contact_id))
    except (Login.DoesNotExist, Contact.DoesNotExist):
        raise InvalidToken() from None
    try:
        with transaction() as tx:
            tx.delete(token, condition=Token.pk.exists())
            tx.update(signin, actions=[Login.password_hash.set(hash_password(body.password)),
                                       Login.password_generation.add(1)],
                      condition=(Login.contact_id == token.contact_id)
                      & same_generation(token.password_generation))
            tx.update(contact, actions=[Contact.login_status.set("active")],
                      condition=Contact.pk.exists())
    except TransactWriteError as exc:
        raise InvalidToken() from exc
    record(Subject(token.client_id, actor=contact.email), "invitation_accepted")


def resend_verification(client: Client) -> None:
    """Send the link that verifies the account's current address again, at most as often
    as reset links: a button that sends mail must not flood an inbox or SES's quota."""
    throttle.take(throttle.Limit("verify-resend", client.client_id, settings.reset_per_address,
                                 settings.reset_window))
    token, secret = new_token("verify", client_id=client.client_id, email=client.email,
                              ttl=settings.verify_token_ttl)
    with transaction() as tx:
        tx.save(token)
        send(client_id=client.client_id, to=client.email, language=client.language,
             template="verify_email",
             context={"first_name": client.first_name, "email": client.email},
             secrets={"verify_link": link(client.language, "verify-email", secret)}, tx=tx)
