"""Solicite su Contraseña: the e-mailed reset link, and the links that verify an address
or accept an invitation.

The brief e-mails a new password after the link is confirmed; Portico keeps the two
steps but lets the person choose the new password on the confirmation page, so no
password ever travels by e-mail.
"""

from pynamodb.exceptions import TransactWriteError

from .. import throttle
from ..activity.log import entry
from ..config import settings
from ..db import client_pk, transaction
from ..email_addresses import canonical
from ..errors import InvalidToken, SecurityAnswerIncorrect, ValidationFailed, field_error
from ..http import client_ip, user_agent
from ..i18n import t
from ..mail.send import send
from .models import Client, Contact, Login, Token, login_pk
from .passwords import hash_password, password_problem, verify_answer
from .sessions import end_sessions
from .tokens import find_token, link, new_token

MAX_ANSWER_FAILURES = 5


def request_reset(email: str, request) -> None:
    """E-mail a reset link if the address has a sign-in. Answers the same either way."""
    email = canonical(email)
    limit = throttle.Limit("reset-addr", email, settings.reset_per_address, settings.reset_window)
    throttle.take(limit)
    try:
        signin = Login.get(login_pk(email), "LOGIN")
    except Login.DoesNotExist:
        return
    client = Client.get(client_pk(signin.client_id), "PROFILE")
    person = _person(signin, client)
    token, secret = new_token("reset", client_id=signin.client_id, contact_id=signin.contact_id,
                              email=email, ttl=settings.reset_token_ttl)
    token.save()
    send(client_id=signin.client_id, to=person.email, language=client.language,
         template="password_reset", context={"first_name": person.first_name},
         secrets={"reset_link": link(client.language, "password-reset", secret)})


def _person(signin: Login, client: Client):
    if signin.contact_id:
        return Contact.get(client_pk(signin.client_id), f"CONTACT#{signin.contact_id}")
    return client


def confirm_reset(body, request) -> None:
    """Set the new password from a reset link; end every session of that user."""
    token = find_token(body.token, "reset")
    try:
        signin = Login.get(login_pk(token.email), "LOGIN")
    except Login.DoesNotExist:
        raise InvalidToken() from None
    client = Client.get(client_pk(signin.client_id), "PROFILE")
    if signin.security_answer_hash:
        if not body.security_answer:
            raise ValidationFailed(fields={"security_answer": "{} {}".format(
                t("field.security_answer_required", client.language), signin.security_question)})
        if not verify_answer(signin.security_answer_hash, body.security_answer):
            _count_answer_failure(token)
            raise SecurityAnswerIncorrect()
    problem = password_problem(body.new_password, email=token.email)
    if problem:
        raise field_error("new_password", problem)
    try:
        with transaction() as tx:
            tx.delete(token, condition=Token.pk.exists())
            tx.update(signin, actions=[Login.password_hash.set(hash_password(body.new_password))],
                      condition=Login.client_id == token.client_id)
    except TransactWriteError as exc:
        raise InvalidToken() from exc
    end_sessions(signin.client_id, signin.contact_id)
    entry(signin.client_id, "password_reset", ip=client_ip(request), user_agent=user_agent(request),
          actor=signin.actor).save()
    person = _person(signin, client)
    send(client_id=signin.client_id, to=person.email, language=client.language,
         template="password_changed", context={"first_name": person.first_name, "reset": True})


def _count_answer_failure(token: Token) -> None:
    """Guessing answers burns the link after a few tries."""
    token.update(actions=[Token.answer_failures.add(1)])
    if token.answer_failures >= MAX_ANSWER_FAILURES:
        token.delete()


def verify_email(secret: str, request) -> None:
    token = find_token(secret, "verify")
    client = Client.get(client_pk(token.client_id), "PROFILE")
    if canonical(client.email) != canonical(token.email):
        raise InvalidToken()  # the address changed again since this link was sent
    try:
        with transaction() as tx:
            tx.delete(token, condition=Token.pk.exists())
            tx.update(client, actions=[Client.email_verified.set(True)],
                      condition=Client.email == client.email)
    except TransactWriteError as exc:
        raise InvalidToken() from exc
    entry(token.client_id, "email_verified", ip=client_ip(request), user_agent=user_agent(request),
          detail=client.email).save()


def accept_invitation(body, request) -> None:
    """An invited contact chooses its password; from then on it can sign in."""
    token = find_token(body.token, "invite")
    problem = password_problem(body.password, email=token.email)
    if problem:
        raise field_error("password", problem)
    try:
        signin = Login.get(login_pk(token.email), "LOGIN")
        contact = Contact.get(client_pk(token.client_id), f"CONTACT#{token.contact_id}")
    except (Login.DoesNotExist, Contact.DoesNotExist):
        raise InvalidToken() from None
    try:
        with transaction() as tx:
            tx.delete(token, condition=Token.pk.exists())
            tx.update(signin, actions=[Login.password_hash.set(hash_password(body.password))],
                      condition=Login.contact_id == token.contact_id)
            tx.update(contact, actions=[Contact.login_status.set("active")],
                      condition=Contact.pk.exists())
    except TransactWriteError as exc:
        raise InvalidToken() from exc
    entry(token.client_id, "invitation_accepted", ip=client_ip(request),
          user_agent=user_agent(request), actor=contact.email).save()


def verification_email(client: Client) -> None:
    """Send (again) the link that verifies the account's current address."""
    token, secret = new_token("verify", client_id=client.client_id, email=client.email,
                              ttl=settings.verify_token_ttl)
    token.save()
    send(client_id=client.client_id, to=client.email, language=client.language,
         template="verify_email", context={"first_name": client.first_name, "email": client.email},
         secrets={"verify_link": link(client.language, "verify-email", secret)})
