"""Administración Contactos: contacts, the e-mails each receives, and sign-in rights.

A contact given permissions gets its own sign-in (a LOGIN#<address> item, so the address
is unique across accounts and login contacts) and an invitation to choose its password;
the owner never sets it. Removing the permissions or the contact ends its access at once:
every request re-reads the contact (see sessions.current_auth).
"""

from pynamodb.exceptions import TransactWriteError

from ..activity.log import entry
from ..addresses import check
from ..config import settings
from ..db import client_pk, condition_failed, new_id, transaction, utcnow
from ..errors import EmailTaken, NotFound
from ..http import client_ip, user_agent
from ..mail.send import send
from .models import Contact, Login, login_pk
from .sessions import Auth, end_sessions
from .tokens import link, new_token


def list_contacts(auth: Auth) -> list[Contact]:
    return list(Contact.query(client_pk(auth.client_id), Contact.sk.startswith("CONTACT#")))


def get_contact(auth: Auth, contact_id: str) -> Contact:
    try:
        item = Contact.get(client_pk(auth.client_id), f"CONTACT#{contact_id}")
    except (Contact.DoesNotExist, ValueError):
        raise NotFound() from None
    return item


def add_contact(auth: Auth, body, request) -> Contact:
    contact_id = new_id()
    values = body.model_dump()
    check(values, values["country"])
    contact = Contact(client_pk(auth.client_id), f"CONTACT#{contact_id}", contact_id=contact_id,
                      created_at=utcnow(), **values)
    contact.login_status = "invited" if contact.permissions else ""
    with _writes() as tx:
        tx.save(contact, condition=Contact.pk.does_not_exist())
        if contact.permissions:
            secret = _grant_login(tx, auth, contact)
    if contact.permissions:
        _invite(auth, contact, secret)
    _log(auth, "contact_added", contact, request)
    return contact


def update_contact(auth: Auth, contact_id: str, body, request) -> Contact:
    contact = get_contact(auth, contact_id)
    changes = body.model_dump(exclude_unset=True)
    # Phone and postcode are read in the contact's country, so a new country re-checks them.
    address = {name: changes.get(name, getattr(contact, name)) for name in ("phone", "postcode")
               if name in changes or "country" in changes}
    changes.update(check(address, changes.get("country", contact.country)))
    changes = {k: v for k, v in changes.items() if getattr(contact, k) != v}
    if not changes:
        return contact
    old_email, had_login = contact.email, bool(contact.permissions)
    for name, value in changes.items():
        setattr(contact, name, value)
    has_login = bool(contact.permissions)
    email_moved = had_login and has_login and contact.email.lower() != old_email.lower()
    secret = None
    with _writes() as tx:
        if had_login and (not has_login or email_moved):
            tx.delete(Login(login_pk(old_email), "LOGIN"),
                      condition=Login.contact_id == contact.contact_id)
        if has_login and (not had_login or email_moved):
            contact.login_status = "invited"
            secret = _grant_login(tx, auth, contact)
        if not has_login:
            contact.login_status = ""
        tx.save(contact, condition=Contact.pk.exists())
    if had_login and (not has_login or email_moved):
        end_sessions(auth.client_id, contact.contact_id)
    if secret:
        _invite(auth, contact, secret)
    _log(auth, "contact_changed", contact, request, detail=", ".join(sorted(changes)))
    return contact


def remove_contact(auth: Auth, contact_id: str, request) -> None:
    contact = get_contact(auth, contact_id)
    with _writes() as tx:
        tx.delete(contact, condition=Contact.pk.exists())
        if contact.permissions:
            tx.delete(Login(login_pk(contact.email), "LOGIN"),
                      condition=Login.contact_id == contact.contact_id)
    end_sessions(auth.client_id, contact.contact_id)
    _log(auth, "contact_removed", contact, request)


class _writes:
    """A transaction whose failed address condition answers 409 email_taken."""

    def __enter__(self):
        self._tx = transaction()
        return self._tx.__enter__()

    def __exit__(self, *exc_info):
        try:
            return self._tx.__exit__(*exc_info)
        except TransactWriteError as exc:
            if condition_failed(exc):
                raise EmailTaken() from exc
            raise


def _grant_login(tx, auth: Auth, contact: Contact) -> str:
    """Reserve the contact's address as a sign-in and create its invitation token."""
    tx.save(Login(login_pk(contact.email), "LOGIN", email=contact.email, client_id=auth.client_id,
                  contact_id=contact.contact_id), condition=Login.pk.does_not_exist())
    token, secret = new_token("invite", client_id=auth.client_id, contact_id=contact.contact_id,
                              email=contact.email, ttl=settings.invitation_ttl)
    tx.save(token)
    return secret


def _invite(auth: Auth, contact: Contact, secret: str) -> None:
    language = auth.client.language
    send(client_id=auth.client_id, to=contact.email, language=language,
         template="contact_invitation",
         context={"first_name": contact.first_name, "email": contact.email,
                  "owner_name": f"{auth.client.first_name} {auth.client.last_name}".strip()},
         secrets={"invite_link": link(language, "accept-invitation", secret)})


def _log(auth: Auth, event: str, contact: Contact, request, detail: str = "") -> None:
    entry(auth.client_id, event, ip=client_ip(request), user_agent=user_agent(request),
          actor=auth.actor, detail=f"{contact.email} {detail}".strip()).save()
