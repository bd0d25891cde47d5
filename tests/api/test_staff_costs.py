"""The staff console's figures (README), each held exactly: DynamoDB requests of the staff
home, a client lookup, a client's page and a note; never a Scan."""

import pytest

from bench.dynamodb_calls import counting
from tests.api.conftest import registration

# (role, method, path): requests, and what they are
BUDGET = {
    ("admin", "GET", "/staff/home"): 3,  # session; new clients (index); members (index)
    ("support", "GET", "/staff/home"): 2,  # session; new clients (the members part is admins')
    ("support", "GET", "/staff/clients?q=garcia"): 2,  # session; one Query of the index
    ("support", "GET", "/staff/clients?q=B12345674"): 2,
    ("support", "GET", "/staff/clients/{client_id}"): 5,  # session, profile, contacts, e-mails, activity
    ("support", "POST", "/staff/clients/{client_id}/notes"): 3,  # session, profile, one transaction
}


@pytest.mark.parametrize("role, method, path", sorted(BUDGET))
def test_dynamodb_requests_of_the_staff_console(staff_as, new_browser, role, method, path):
    client_id = new_browser().post("/auth/register", registration(tax_id="B12345674")).json["id"]
    _, b = staff_as(role)
    body = {"text": "Nota"} if method == "POST" else None
    with counting() as seen:
        r = b.request(method, path.format(client_id=client_id), body)
        assert r.status < 300, r.body
    dynamodb = [op for service, op in seen if service == "dynamodb"]
    assert len(dynamodb) == BUDGET[(role, method, path)], dynamodb
    assert "Scan" not in dynamodb
