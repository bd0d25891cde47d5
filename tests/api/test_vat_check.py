"""An EU VAT number is checked against VIES when it is saved (registration, Mis Datos):
the answer and its date are kept on the profile, shown in Mis Datos, and used by the tax
rules; VIES being down never stops a save, and the tests never leave the machine (the
local double, chalicelib/vies.py)."""

import io
import json
import urllib.error
from datetime import date

import pytest

from tests.api.conftest import registration

FRENCH_COMPANY = {"country": "FR", "postcode": "75001", "city": "Paris", "phone": "+33 1 23 45 67 89",
                  "tax_id": "FR43713392298"}


def test_the_tests_and_the_local_stack_use_the_double():
    from chalicelib.config import settings
    from infra.local.stack import chalice_stage_variables

    assert settings.vies == "local"
    assert chalice_stage_variables("local")["VIES"] == "local"
    # Deployed stages name no VIES: they ask the Commission's service.
    from chalicelib import config

    assert config.Settings.__dataclass_fields__["vies"].default == "ec"


def test_a_business_registering_with_an_eu_vat_number_has_it_checked(browser):
    r = browser.post("/auth/register", registration(**FRENCH_COMPANY))
    assert r.status == 201, r.body
    check = browser.get("/account").json["vat_check"]
    assert check["valid"] is True and check["checked_at"].endswith("Z")


def test_a_spanish_nif_or_no_tax_id_needs_no_check(customer):
    assert customer.get("/account").json["vat_check"] is None
    r = customer.patch("/account", {"tax_id": "B12345674"})
    assert r.status == 200 and r.json["vat_check"] is None


def test_saving_a_number_vies_does_not_know_stores_false(customer):
    r = customer.patch("/account", {**FRENCH_COMPANY, "tax_id": "FR11123456782"})
    assert r.status == 200 and r.json["tax_id"] == "FR11123456782"
    assert r.json["vat_check"]["valid"] is False


def test_vies_down_never_stops_the_save_and_a_later_save_asks_again(customer, monkeypatch):
    from chalicelib import vies

    r = customer.patch("/account", {"country": "PT", "postcode": "1100-148", "tax_id": "PT987654322",
                                    "phone": "+351 912 345 678"})
    assert r.status == 200 and r.json["vat_check"]["valid"] is None
    first = r.json["vat_check"]["checked_at"]
    # VIES answers again: saving the same number asks once more.
    monkeypatch.setattr(vies.LocalVies, "UNAVAILABLE", frozenset())
    r = customer.patch("/account", {"tax_id": "PT987654322"})
    assert r.status == 200 and r.json["vat_check"]["valid"] is True and r.json["vat_check"]["checked_at"] >= first
    # A confirmed number saved again is not asked about again.
    asked = []
    monkeypatch.setattr(vies, "check", lambda number: asked.append(number))
    assert customer.patch("/account", {"tax_id": "PT987654322"}).status == 200
    assert asked == []


def test_clearing_the_number_or_leaving_the_eu_clears_the_check(customer):
    assert customer.patch("/account", FRENCH_COMPANY).json["vat_check"]["valid"] is True
    r = customer.patch("/account", {"tax_id": None})
    assert r.status == 200 and r.json["vat_check"] is None
    assert customer.patch("/account", {"tax_id": "FR43713392298"}).json["vat_check"]["valid"] is True
    r = customer.patch("/account", {"country": "CH", "postcode": "8001", "tax_id": "CHE-123.456.788"})
    assert r.status == 200 and r.json["vat_check"] is None


def test_a_new_country_asks_again_for_the_number_it_now_reads(customer, monkeypatch):
    from chalicelib import vies

    customer.patch("/account", FRENCH_COMPANY)
    asked = []
    original = vies.check
    monkeypatch.setattr(vies, "check", lambda number: asked.append(number) or original(number))
    r = customer.patch("/account", {"country": "DE", "postcode": "10115", "tax_id": "DE987654328"})
    assert asked == ["DE987654328"] and r.json["vat_check"]["valid"] is False


def test_an_address_change_with_a_new_email_keeps_the_check_with_it(customer):
    from tests.support.accounts import PASSWORD

    r = customer.patch("/account", {**FRENCH_COMPANY, "email": "ana.nueva@example.com",
                                    "current_password": PASSWORD})
    assert r.status == 200 and r.json["vat_check"]["valid"] is True
    assert customer.get("/account").json["vat_check"]["valid"] is True


def test_a_format_error_is_refused_before_vies_is_asked(customer, monkeypatch):
    from chalicelib import vies

    monkeypatch.setattr(vies, "check", lambda number: pytest.fail("VIES asked about a malformed number"))
    r = customer.patch("/account", {**FRENCH_COMPANY, "tax_id": "FR00000000000"})
    assert r.status == 422 and "tax_id" in r.error["fields"]


def test_checkout_reads_the_stored_result_and_never_asks_vies(customer, monkeypatch):
    from chalicelib import vies
    from chalicelib.auth.models import Client
    from chalicelib.billing import taxes

    customer.patch("/account", FRENCH_COMPANY)
    client_id = customer.get("/account").json["id"]
    monkeypatch.setattr(vies, "check", lambda number: pytest.fail("checkout asked VIES"))
    client = Client.get(*Client.key(client_id))
    on = date(2026, 3, 2)
    assert taxes.for_client(client, oss=True, on=on).kind == "reverse_charge"
    customer.patch("/account", {"tax_id": None})
    client = Client.get(*Client.key(client_id))
    assert (taxes.for_client(client, oss=True, on=on).kind, taxes.for_client(client, oss=False, on=on).kind) == (
        "oss", "spanish_iva")


# -- the Commission's service, without the network -----------------------------------------

class Reply(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def ec(override_settings, monkeypatch):
    from chalicelib import vies

    override_settings(vies="ec")
    sent = []

    def answer_with(reply):
        def urlopen(request, timeout):
            sent.append((request.full_url, json.loads(request.data), timeout))
            if isinstance(reply, Exception):
                raise reply
            return Reply(json.dumps(reply).encode() if not isinstance(reply, bytes) else reply)
        monkeypatch.setattr(vies.urllib.request, "urlopen", urlopen)
        return sent
    return answer_with


def test_the_commissions_service_is_asked_with_the_country_code_apart(ec):
    from chalicelib import vies

    sent = ec({"valid": True, "countryCode": "EL", "vatNumber": "004321032", "name": "---"})
    assert vies.check("EL004321032").valid is True
    assert sent == [(vies.EC_URL, {"countryCode": "EL", "vatNumber": "004321032"}, 5)]
    ec({"valid": False, "countryCode": "FR", "vatNumber": "11123456782"})
    assert vies.check("FR11123456782").valid is False


@pytest.mark.parametrize("reply", [
    {"actionSucceed": False, "errorWrappers": [{"error": "MS_UNAVAILABLE"}]},
    {"valid": "true"},
    b"<html>Service Unavailable</html>",
    urllib.error.HTTPError("u", 503, "Service Unavailable", {}, None),
    urllib.error.URLError("timed out"),
    TimeoutError("timed out"),
], ids=["error-list", "not-a-boolean", "not-json", "http-503", "no-connection", "timeout"])
def test_anything_but_a_clear_answer_is_no_answer(ec, reply):
    from chalicelib import vies

    ec(reply)
    assert vies.check("FR43713392298").valid is None
