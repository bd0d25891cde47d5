"""VAT numbers of other EU member states, checked against VIES when a customer saves one.

VIES (the European Commission's VAT Information Exchange System) says whether a VAT
number is registered for intra-EU trade: an EU business whose number it confirms is
invoiced without VAT (reverse charge, billing/taxes.py). The number's format was checked
before (python-stdnum, addresses.py); this asks whether it exists.

The check happens when the number is saved (registration, Mis Datos), never at checkout:
the answer and its time are stored on the profile (Client.vat_valid, vat_checked_at) and
checkout reads them. VIES is often slow or down for a member state: a check that does not
get an answer within the timeout stores `valid = None` ("not confirmed"), the customer is
taxed as a consumer until a later check confirms it, and saving never fails because of
VIES.

Which VIES answers is a setting (VIES): "ec", the Commission's REST service (plain HTTPS,
no dependency); "local", a double that never leaves the machine, for the tests and
`make run` (see LocalVies).
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from .config import settings
from .countries import EU
from .db import utcnow

log = logging.getLogger("portico")

EC_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number"
SUPPLIER_COUNTRY = "ES"  # a Spanish customer pays Spanish IVA, business or not: no check


class Unavailable(Exception):
    """VIES gave no answer (timeout, the member state's service down, an odd reply)."""


@dataclass(frozen=True)
class VatCheck:
    valid: bool | None  # True registered, False not registered, None no answer
    checked_at: datetime


def applies(tax_id: str, country: str) -> bool:
    """Is this tax id a VAT number VIES should confirm (another EU member state's)?"""
    return bool(tax_id) and country in EU and country != SUPPLIER_COUNTRY


def check(vat_number: str) -> VatCheck:
    """Ask VIES about a VAT number as addresses.tax_id normalises it ("FR43713392298",
    "EL004321032"): its two letters are VIES's country code."""
    try:
        valid = client()(vat_number[:2], vat_number[2:])
    except Unavailable as exc:
        log.warning("VIES did not answer for %s…: %s", vat_number[:4], exc)
        valid = None
    return VatCheck(valid, utcnow())


def check_for(tax_id: str, country: str) -> VatCheck | None:
    """The check a profile with this tax id and country needs now; None when none applies."""
    return check(tax_id) if applies(tax_id, country) else None


def client():
    return {"ec": ec_vies, "local": LocalVies.answer}[settings.vies]


def ec_vies(country_code: str, number: str) -> bool:
    """The Commission's REST service: POST {countryCode, vatNumber} → {"valid": bool, ...};
    anything else (an error list, a status other than 200, a timeout) is Unavailable."""
    body = json.dumps({"countryCode": country_code, "vatNumber": number}).encode()
    request = urllib.request.Request(EC_URL, data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.vies_timeout) as response:  # noqa: S310 (a constant https URL)
            answer = json.loads(response.read(64 * 1024))
    except (OSError, ValueError) as exc:  # URLError, timeouts and bad JSON alike
        raise Unavailable(str(exc)) from exc
    valid = answer.get("valid") if isinstance(answer, dict) else None
    if not isinstance(valid, bool):
        raise Unavailable(f"no answer: {str(answer)[:200]}")
    return valid


class LocalVies:
    """The double: every number is registered but these, made up to pass stdnum's check
    digits (no real company's): tests and the demo use them to see the other answers."""

    NOT_REGISTERED = frozenset({"DE987654328", "FR11123456782"})
    UNAVAILABLE = frozenset({"PT987654322"})

    @classmethod
    def answer(cls, country_code: str, number: str) -> bool:
        vat_number = country_code + number
        if vat_number in cls.UNAVAILABLE:
            raise Unavailable("the local double plays a member state that is down")
        return vat_number not in cls.NOT_REGISTERED
