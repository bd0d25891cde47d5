"""JSON answers (http.reply) write Money and times in the API's shapes and refuse anything
else: a stray object is a 500 found by the tests, not a str() a client comes to rely on."""

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from chalicelib.http import reply
from chalicelib.money import Money


def test_money_and_times_are_written_as_the_api_documents_them():
    at = datetime(2026, 11, 26, 19, 40, tzinfo=timezone(timedelta(hours=1)))
    body = json.loads(reply({"total_due": Money(1234, "EUR"), "at": at,
                             "items": [Money(-5, "JPY")]}).body)
    assert body == {"total_due": {"amount": 1234, "currency": "EUR"},
                    "at": "2026-11-26T18:40:00Z", "items": [{"amount": -5, "currency": "JPY"}]}


@pytest.mark.parametrize("stray", [Decimal("1.5"), date(2026, 1, 1), {1, 2}, b"bytes",
                                   object(), 1 + 2j, timedelta(seconds=1)])
def test_anything_else_json_does_not_know_is_refused(stray):
    with pytest.raises(TypeError):
        reply({"value": stray})


def test_a_route_answering_a_stray_value_is_a_500_with_the_envelope():
    from chalice import Chalice
    from chalice.test import Client

    from chalicelib.http import install

    app = Chalice(app_name="stray")
    install(app)

    @app.route("/stray")
    def stray():
        return reply({"when": date(2026, 1, 1)})

    with Client(app) as client:
        r = client.http.get("/stray")
    assert r.status_code == 500
    assert json.loads(r.body)["error"]["code"] == "internal_error"
