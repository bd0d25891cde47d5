"""Mis Datos: read and change the profile; a new address is verified, the old one told."""

from pynamodb.exceptions import TransactWriteError

from .. import optimistic, vies
from ..activity.record import record
from ..addresses import check
from ..auth import lookup
from ..auth.models import Client, Login, find_login
from ..auth.principal import Principal
from ..config import settings
from ..db import condition_failed, transaction
from ..email_addresses import canonical
from ..errors import Conflict, EmailTaken, Forbidden, field_error
from ..mail.send import send
from .security import confirm_password
from .tokens import link, new_token


def update_profile(auth: Principal, body) -> Client:
    # The owner's sign-in address is the key to the account (a reset goes there): only the
    # owner moves it, whatever permission a contact holds.
    if auth.contact and "email" in body.model_fields_set:
        raise Forbidden()
    client = auth.client
    changes = body.model_dump(exclude_unset=True)
    current_password = changes.pop("current_password", None)
    # The phone, postcode and tax id are read in the country: a new country re-checks them.
    address = {name: changes.get(name, getattr(client, name))
               for name in ("phone", "postcode", "tax_id") if name in changes or "country" in changes}
    changes.update(check(address, changes.get("country", client.country)))
    new_email = changes.pop("email", None)
    if new_email and canonical(new_email) == canonical(client.email):
        changes["email"], new_email = new_email, None  # only the letter case changes
    changed = {k: v for k, v in changes.items() if getattr(client, k) != v}
    actions = [getattr(Client, name).set(value) for name, value in changed.items()]
    vat_actions, vat_values = _vat_check(client, changes, changed)
    actions += vat_actions

    if new_email:
        if not current_password:
            raise field_error("current_password", "current_password_required")
        confirm_password(auth, current_password)
        _change_email(auth, new_email, changed, actions)
        changed["email"] = new_email
        for name, value in {**changed, **vat_values, "email_verified": False}.items():
            setattr(client, name, value)
    elif actions:
        _update(client, changed, actions)
        for name, value in vat_values.items():  # what VIES said, written with the change
            setattr(client, name, value)
    if changed:
        record(auth, "profile_changed", ", ".join(sorted(changed)))
    return client


def _vat_check(client: Client, changes: dict, changed: dict) -> tuple[list, dict]:
    """Ask VIES again when the VAT number or the country changed, or when the customer
    saves a number VIES has not confirmed yet (it may answer now): the answer and its
    time are kept on the profile for checkout, which never asks VIES itself.

    Returns the update actions and the values they write."""
    tax_id = changes.get("tax_id", client.tax_id)
    country = changes.get("country", client.country)
    if not ({"tax_id", "country"} & set(changed) or ("tax_id" in changes and client.vat_valid is not True)):
        return [], {}
    vat = vies.check_for(tax_id, country)
    values = {"vat_valid": vat.valid if vat else None, "vat_checked_at": vat.checked_at if vat else None}
    return [getattr(Client, name).set(value) if value is not None else getattr(Client, name).remove()
            for name, value in values.items()], values


def _update(client: Client, changed: dict, actions: list) -> None:
    """Write the changed fields. When a field staff look clients up by changes, the lookup
    companions change in the same transaction, conditioned on the looked-up values they
    were computed from; a parallel change of those values makes it read the profile again
    and write again (each change sets its own fields, so both stay), never a stale index."""
    if not set(changed) & set(lookup.FIELDS):
        client.update(actions=actions)
        return
    reads = iter([client])  # the first attempt uses the profile this request read

    def write() -> Client:
        current = next(reads, None) or Client.get(*Client.key(client.client_id),
                                                  consistent_read=True)
        before = lookup.values_of(current)
        after = {**before, **{k: v for k, v in changed.items() if k in lookup.FIELDS}}
        with transaction() as tx:
            tx.update(current, actions=actions, condition=_looked_up_as(before))
            lookup.write(tx, client.client_id, before, after)
        return current

    def conflicted(exc: Exception) -> bool:
        return isinstance(exc, TransactWriteError) and (condition_failed(exc)
                                                        or optimistic.transaction_conflict(exc))

    current = optimistic.retry(write, conflicted)
    # A transaction's update does not refresh the item: answer what was read and written.
    for name in current.attribute_values:
        setattr(client, name, getattr(current, name))
    for name, value in changed.items():
        setattr(client, name, value)


def _looked_up_as(before: dict):
    """Condition: the fields staff look the client up by still hold what was read."""
    condition = None
    for name in lookup.FIELDS:
        attribute = getattr(Client, name)
        same = attribute == before[name]
        if not before[name]:  # an empty optional field may be stored, or not at all
            same = same | attribute.does_not_exist()
        condition = same if condition is None else condition & same
    return condition


def _change_email(auth: Principal, new_email: str, changed: dict, actions: list) -> None:
    """Move the owner's sign-in to the new address atomically, then verify it."""
    client = auth.client
    old_email = client.email
    try:
        old_login = Login.get(*Login.key(old_email), consistent_read=True)
    except Login.DoesNotExist:
        raise Conflict() from None  # moved by a parallel change since this request began
    values = {k: v for k, v in old_login.attribute_values.items() if k not in ("pk", "sk", "kind")}
    values["email"] = new_email
    new_login = Login(*Login.key(new_email), **values)
    before = lookup.values_of(client)
    after = {**before, **{k: v for k, v in changed.items() if k in lookup.FIELDS},
             "email": new_email}
    token, secret = new_token("verify", client_id=client.client_id, email=new_email,
                              ttl=settings.verify_token_ttl)
    try:
        with transaction() as tx:
            tx.delete(old_login, condition=Login.client_id == client.client_id)
            tx.save(new_login, condition=Login.pk.does_not_exist())
            # Only from the address read: a parallel change of address wins, this one is 409.
            tx.update(client, actions=[*actions, Client.email.set(new_email),
                                       Client.email_verified.set(False)],
                      condition=_looked_up_as(before))
            tx.save(token)
            lookup.write(tx, client.client_id, before, after)
            # Both e-mails go out only if the address really changed.
            context = {"first_name": client.first_name, "old_email": old_email,
                       "new_email": new_email}
            send(client_id=client.client_id, to=new_email, language=client.language,
                 template="verify_email", context={**context, "email": new_email},
                 secrets={"verify_link": link(client.language, "verify-email", secret)}, tx=tx)
            send(client_id=client.client_id, to=old_email, language=client.language,
                 template="email_changed", context=context, tx=tx)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise (EmailTaken() if _taken(new_email) else Conflict()) from exc
        raise


def _taken(email: str) -> bool:
    return find_login(email, consistent=True) is not None
