"""Administración de contactos: contacts, the e-mails each receives, and sign-in rights.

A contact given permissions gets its own sign-in (a LOGIN#<address> item, so the address
is unique across accounts and login contacts) and an invitation to choose its password;
the owner never sets it. Removing the permissions or the contact ends its access at once:
every request re-reads the contact (see sessions.current_auth).
"""

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import size

from .. import registry, summary
from ..activity.record import record
from ..addresses import check
from ..auth.models import Client, Contact, Login, find_login, fresh_generation
from ..auth.principal import Principal
from ..auth.sessions import end_sessions
from ..config import settings
from ..db import condition_failed, new_id, transaction, utcnow
from ..email_addresses import canonical
from ..errors import Conflict, EmailTaken, Forbidden, NotFound
from ..mail.send import send
from .tokens import link, new_token

# A write conditioned on what was read is retried this often, re-reading each time,
# before the request gives up with 409 conflict.
ATTEMPTS = 5


class _Changed(Exception):
    """The contact changed between our read and our conditional write: read again."""


def list_contacts(auth: Principal) -> list[Contact]:
    return list(Contact.query(Client.key(auth.client_id)[0], Contact.sk.startswith(Contact.PREFIX)))


def get_contact(auth: Principal, contact_id: str, *, consistent: bool = False) -> Contact:
    try:
        item = Contact.get(*Contact.key(auth.client_id, contact_id), consistent_read=consistent)
    except (Contact.DoesNotExist, ValueError):
        raise NotFound() from None
    return item


def may_manage(auth: Principal, contact: Contact) -> bool:
    """The owner manages every contact; a contact (with `contacts`) only those without a
    sign-in, and never itself: sign-ins and their rights are the owner's to give."""
    if auth.contact is None:
        return True
    return contact.contact_id != auth.contact_id and not contact.permissions


def _out_of_reach(auth: Principal, kinds) -> bool:
    """Does any of these e-mail kinds carry what this contact may not read? (Each kind's
    area names the permission that reads it.) A contact may not route copies of those
    e-mails to any address: a new contact, or a subscriber's address changed."""
    needs = {kind.name: kind.permission for kind in registry.email_kinds()}
    return auth.contact is not None and any(
        needs.get(kind) and not auth.may(needs[kind]) for kind in kinds)


def add_contact(auth: Principal, body) -> Contact:
    if auth.contact and (body.permissions or _out_of_reach(auth, body.email_preferences)):
        raise Forbidden()
    contact_id = new_id()
    values = body.model_dump()
    check(values, values["country"])
    contact = Contact(*Contact.key(auth.client_id, contact_id), contact_id=contact_id,
                      created_at=utcnow(), **values)
    contact.login_status = "invited" if contact.permissions else ""
    try:
        with transaction() as tx:
            tx.save(contact, condition=Contact.pk.does_not_exist())
            summary.adjust(tx, auth.client_id, contacts=+1)
            if contact.permissions:
                _invite(tx, auth, contact, _grant_login(tx, auth, contact))
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise EmailTaken() from exc  # the address already signs someone in
        raise
    _log(auth, "contact_added", contact)
    return contact


def update_contact(auth: Principal, contact_id: str, body) -> Contact:
    """Write only the fields that change, so parallel edits of other fields all stay."""
    wanted = body.model_dump(exclude_unset=True)
    if auth.contact and wanted.get("permissions"):
        raise Forbidden()
    for _ in range(ATTEMPTS):
        contact = get_contact(auth, contact_id, consistent=True)
        if not may_manage(auth, contact):
            raise Forbidden()
        # A contact may not send copies it could not read itself to another address.
        kinds = wanted.get("email_preferences", contact.email_preferences)
        added = set(kinds) - set(contact.email_preferences)
        if _out_of_reach(auth, kinds if "email" in wanted else added):
            raise Forbidden()
        # Phone and postcode are read in the contact's country, so a new country re-checks them.
        address = {name: wanted.get(name, getattr(contact, name)) for name in ("phone", "postcode")
                   if name in wanted or "country" in wanted}
        checked = {**wanted, **check(address, wanted.get("country", contact.country))}
        changes = {k: v for k, v in checked.items() if getattr(contact, k) != v}
        if not changes:
            return contact
        old_email = contact.email
        try:
            if "email" in changes or "permissions" in changes:
                login_ended = _change_sign_in(auth, contact, changes)
            else:
                _update_fields(auth, contact, changes)
                login_ended = False
        except _Changed:
            continue
        if login_ended:
            end_sessions(auth.client_id, contact.contact_id)
        _log(auth, "contact_changed", contact, detail=", ".join(sorted(changes)),
             email=old_email)
        return contact
    raise Conflict()


def _as_read(contact: Contact):
    """True while the contact still has the address and rights it had when read."""
    if contact.permissions:
        rights = Contact.permissions == list(contact.permissions)
    else:
        rights = Contact.permissions.does_not_exist() | (size(Contact.permissions) == 0)
    return (Contact.email == contact.email) & rights


def _writable_by(auth: Principal):
    """What must hold at write time for this user to write a contact at all."""
    condition = Contact.pk.exists()
    if auth.contact:  # a sign-in granted meanwhile by the owner puts it out of reach
        condition &= Contact.permissions.does_not_exist() | (size(Contact.permissions) == 0)
    return condition


def _update_fields(auth: Principal, contact: Contact, changes: dict) -> None:
    """Fields that do not touch the sign-in: one UpdateItem of just those attributes."""
    try:
        contact.update(actions=[getattr(Contact, k).set(v) for k, v in changes.items()],
                       condition=_writable_by(auth))
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise _Changed() from exc
        raise


def _change_sign_in(auth: Principal, contact: Contact, changes: dict) -> bool:
    """Address or rights change: the contact and its LOGIN item move together, in one
    transaction conditioned on the address and rights read, so a concurrent change
    makes it read again instead of leaving a sign-in that no longer matches. A new
    sign-in's invitation is e-mailed from the same transaction.

    Returns whether the old sign-in ended.
    """
    new_email = changes.get("email", contact.email)
    new_rights = changes.get("permissions", contact.permissions)
    had, has = bool(contact.permissions), bool(new_rights)
    moved = had and has and canonical(new_email) != canonical(contact.email)
    ends, starts = had and (not has or moved), has and (not had or moved)
    # A missing or stale sign-in item is no reason to refuse: only ours is removed.
    old_login = own_login(auth, contact) if ends else None
    if starts:
        _refuse_taken(auth, contact, new_email)
    actions = [getattr(Contact, k).set(v) for k, v in changes.items()]
    if starts:
        actions.append(Contact.login_status.set("invited"))
    elif not has:
        actions.append(Contact.login_status.set(""))
    if starts or ends:  # a new sign-in, or none: no second factor is set up on it
        actions.append(Contact.two_factor_enabled.set(False))
    condition = _writable_by(auth) & _as_read(contact)
    try:
        with transaction() as tx:
            if old_login:
                tx.delete(old_login, condition=_is_login_of(auth, contact))
            tx.update(contact, actions=actions, condition=condition)
            if starts:
                contact.email = new_email
                _invite(tx, auth, contact, _grant_login(tx, auth, contact),
                        first_name=changes.get("first_name", contact.first_name))
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise _Changed() from exc
        raise
    for name, value in changes.items():
        setattr(contact, name, value)
    if starts:
        contact.login_status = "invited"
    elif not has:
        contact.login_status = ""
    return ends


def own_login(auth: Principal, contact: Contact) -> Login | None:
    """The contact's sign-in item if it exists and really is this contact's."""
    signin = find_login(contact.email, consistent=True)
    if signin is None or not signin.belongs_to(auth.client_id, contact.contact_id):
        return None
    return signin


def _is_login_of(auth: Principal, contact: Contact):
    return (Login.client_id == auth.client_id) & (Login.contact_id == contact.contact_id)


def _refuse_taken(auth: Principal, contact: Contact, email: str) -> None:
    """409 email_taken if the address signs someone else in (a left-over item of this
    same contact does not count: it is overwritten)."""
    signin = find_login(email, consistent=True)
    if signin is not None and not signin.belongs_to(auth.client_id, contact.contact_id):
        raise EmailTaken()


def remove_contact(auth: Principal, contact_id: str) -> None:
    """Delete the contact and its own sign-in item, if it has one; a missing or stale
    sign-in item never blocks the deletion."""
    for _ in range(ATTEMPTS):
        contact = get_contact(auth, contact_id, consistent=True)
        if not may_manage(auth, contact):
            raise Forbidden()
        signin = own_login(auth, contact)
        try:
            with transaction() as tx:
                tx.delete(contact, condition=_writable_by(auth) & _as_read(contact))
                summary.adjust(tx, auth.client_id, contacts=-1)
                if signin:
                    tx.delete(signin, condition=_is_login_of(auth, contact))
        except TransactWriteError as exc:
            if condition_failed(exc):
                continue
            raise
        end_sessions(auth.client_id, contact.contact_id)
        _log(auth, "contact_removed", contact)
        return
    raise Conflict()


def _grant_login(tx, auth: Principal, contact: Contact) -> str:
    """Reserve the contact's address as a sign-in and create its invitation token."""
    generation = fresh_generation()
    tx.save(Login(*Login.key(contact.email), email=contact.email, client_id=auth.client_id,
                  contact_id=contact.contact_id, password_generation=generation),
            condition=Login.pk.does_not_exist() | _is_login_of(auth, contact))
    token, secret = new_token("invite", client_id=auth.client_id, contact_id=contact.contact_id,
                              email=contact.email, ttl=settings.invitation_ttl)
    token.password_generation = generation  # an earlier invitation of the address is void
    tx.save(token)
    return secret


def _invite(tx, auth: Principal, contact: Contact, secret: str, *,
            first_name: str | None = None) -> None:
    """The invitation e-mail, queued in the transaction that grants the sign-in."""
    language = auth.client.language
    send(client_id=auth.client_id, to=contact.email, language=language,
         template="contact_invitation",
         context={"first_name": contact.first_name if first_name is None else first_name,
                  "email": contact.email,
                  "owner_name": f"{auth.client.first_name} {auth.client.last_name}".strip()},
         secrets={"invite_link": link(language, "accept-invitation", secret)}, tx=tx)


def _log(auth: Principal, event: str, contact: Contact, detail: str = "",
         email: str = "") -> None:
    record(auth, event, f"{email or contact.email} {detail}".strip())
