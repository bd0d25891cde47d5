"""Iniciar Sesión and sessions: sign in, sign out, sign out everywhere, list and end."""

from .. import context, throttle
from ..activity.record import entry, record
from ..auth.devices import device_fingerprint
from ..auth.models import Client, Contact, Login, Session, find_login
from ..auth.passwords import verify_password
from ..auth.principal import Principal
from ..auth.sessions import end_sessions, is_live, new_session, user_sessions
from ..config import settings
from ..db import Item, iso, utcnow
from ..email_addresses import canonical
from ..errors import InvalidCredentials, NotFound, TotpRequired
from ..mail.send import send
from .two_factor import check_second_factor

MAX_KNOWN_DEVICES = 20


def address_limit(email: str) -> throttle.Limit:
    """Failed sign-ins (and wrong current passwords) of one address."""
    return throttle.Limit("login-addr", canonical(email), settings.login_fail_per_address,
                          settings.login_fail_window)


def login_limits(email: str) -> list[throttle.Limit]:
    return [address_limit(email), *throttle.per_ip("login-ip", context.current().ip,
                                                   settings.login_fail_per_ip,
                                                   settings.login_fail_window)]


def login(body) -> tuple[Principal, str]:
    """Check the credentials (and second factor); open a session. Returns it and the cookie.

    A slot of each limit is reserved before the password is judged (so a burst of
    parallel guesses judges at most the limit) and given back when the password is right:
    successful sign-ins do not count. Common path: two UpdateItems (reserve), one GetItem
    (sign-in), two UpdateItems (give back), one BatchWriteItem (session + activity), one
    BatchGetItem (profile, contact); one UpdateItem fewer per step from an exempt IP.
    """
    email = canonical(body.email)
    limits = throttle.reserve(*login_limits(email))
    signin = find_login(email)

    if not verify_password(signin.password_hash if signin else None, body.password):
        if signin:
            record(signin, "login_failed")
        raise InvalidCredentials()
    throttle.release(*limits)
    if signin.two_factor_enabled:
        if not body.totp:
            raise TotpRequired()
        check_second_factor(signin, body.totp)

    client, contact = _people(signin)
    session, cookie = new_session(signin.client_id, signin.contact_id)
    with Item.batch_write() as batch:
        batch.save(session)
        batch.save(entry(signin, "login"))
    principal = Principal.customer(client, session, contact)
    _notice_new_device(signin, session, principal)
    return principal, cookie


def _people(signin: Login) -> tuple[Client, Contact | None]:
    """The account and (for a contact's sign-in) the contact, read before any session is
    made: a sign-in whose contact is gone or has lost every permission (a left-over item)
    signs nobody in, and above all never the owner."""
    keys = [Client.key(signin.client_id)]
    if signin.contact_id:
        keys.append(Contact.key(signin.client_id, signin.contact_id))
    people = {i.sk: i for i in Item.batch_get(keys)}
    client = people.get(keys[0][1])
    contact = people.get(keys[-1][1]) if signin.contact_id else None
    if not isinstance(client, Client):
        raise InvalidCredentials()
    if signin.contact_id and not (isinstance(contact, Contact) and contact.permissions):
        raise InvalidCredentials()
    return client, contact


def _notice_new_device(signin: Login, session: Session, auth: Principal) -> None:
    fingerprint = device_fingerprint(session.device)
    if fingerprint in signin.known_devices:
        return
    known = [*signin.known_devices, fingerprint][-MAX_KNOWN_DEVICES:]
    signin.update(actions=[Login.known_devices.set(known)])
    person = auth.person
    send(client_id=auth.client_id, to=person.email, language=auth.client.language,
         template="new_device", context={"first_name": person.first_name, "device": session.device,
                                         "ip": session.ip,
                                         "at": session.created_at.strftime("%d/%m/%Y %H:%M")})


def logout(auth: Principal) -> None:
    auth.session.delete()
    record(auth, "logout")


def logout_all(auth: Principal) -> None:
    end_sessions(auth.client_id, auth.contact_id)
    record(auth, "signed_out_everywhere")


def list_sessions(auth: Principal) -> list[dict]:
    sessions = sorted(user_sessions(auth.client_id, auth.contact_id),
                      key=lambda s: s.last_seen_at, reverse=True)
    now = utcnow()
    return [{"id": s.session_id, "device": s.device, "ip": s.ip, "created_at": iso(s.created_at),
             "last_seen_at": iso(s.last_seen_at), "current": s.sk == auth.session.sk}
            for s in sessions if is_live(s, now)]


def end_session(auth: Principal, session_id: str) -> None:
    target = next((s for s in user_sessions(auth.client_id, auth.contact_id)
                   if s.session_id == session_id), None)
    if target is None:
        raise NotFound()
    target.delete()
    record(auth, "session_ended", target.device)

