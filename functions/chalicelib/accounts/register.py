"""Registrarse: one account per address, created in one transaction."""

from pynamodb.exceptions import TransactWriteError

from .. import context, summary, throttle, vies
from ..activity.record import entry
from ..addresses import check
from ..auth import lookup
from ..auth.devices import device_fingerprint
from ..auth.models import Client, Login, fresh_generation
from ..auth.passwords import hash_password, require_good_password
from ..auth.sessions import new_session
from ..config import settings
from ..db import condition_failed, new_id, transaction, utcnow
from ..errors import EmailTaken
from ..mail.send import send
from .tokens import link, new_token


def signup_limits() -> list[throttle.Limit]:
    return throttle.per_ip("signup-ip", context.current().ip, settings.signup_per_ip,
                           settings.signup_window)


def register(body) -> tuple[Client, str]:
    """Create the account, its sign-in, a session, the verification token and the welcome
    e-mail (its job) atomically.

    Returns the profile and the session cookie value. Concurrent sign-ups with one
    address (in any letter case) race on the LOGIN#<address> key: exactly one wins.
    """
    require_good_password(body.password, email=body.email, field="password")
    # Phone, postcode and tax id are read in the country, as in Mis Datos and contacts.
    address = check({"phone": body.phone, "postcode": body.postcode, "tax_id": body.tax_id},
                    body.country)
    limits = signup_limits()
    throttle.take(*limits)
    # After the throttle: a sign-up asks VIES at most as often as sign-ups are allowed.
    vat = vies.check_for(address["tax_id"], body.country)

    client_id, now = new_id(), utcnow()
    client = Client(*Client.key(client_id), client_id=client_id, email=body.email,
                    email_verified=False, first_name=body.first_name, last_name=body.last_name,
                    company=body.company, tax_id=address["tax_id"], address1=body.address1,
                    address2=body.address2, city=body.city, state=body.state,
                    postcode=address["postcode"], country=body.country, phone=address["phone"],
                    language=body.language, marketing_opt_in=body.marketing_opt_in,
                    two_factor_enabled=False, terms_accepted_at=now, created_at=now,
                    vat_valid=vat.valid if vat else None,
                    vat_checked_at=vat.checked_at if vat else None)
    lookup.index_new_client(client)
    session, cookie = new_session(client_id, None)
    login = Login(*Login.key(body.email), email=body.email, client_id=client_id,
                  password_generation=fresh_generation(),
                  password_hash=hash_password(body.password),
                  known_devices=[device_fingerprint(session.device)])
    token, secret = new_token("verify", client_id=client_id, email=body.email,
                              ttl=settings.verify_token_ttl)
    registered = entry(login, "registered")
    try:
        with transaction() as tx:
            tx.save(login, condition=Login.pk.does_not_exist())
            tx.save(client, condition=Client.pk.does_not_exist())
            for item in (session, token, registered):
                tx.save(item)
            lookup.write(tx, client_id, None, lookup.values_of(client))  # staff find it
            summary.adjust(tx, client_id, contacts=0)
            send(client_id=client_id, to=body.email, to_name=f"{body.first_name} {body.last_name}",
                 language=body.language, template="welcome", kind="account",
                 context={"first_name": body.first_name, "email": body.email},
                 secrets={"verify_link": link(body.language, "verify-email", secret)}, tx=tx)
    except TransactWriteError as exc:
        if condition_failed(exc):
            raise EmailTaken() from exc
        raise
    return client, cookie

