"""Demo data for the local stack, loaded only into an empty store.

Everything is created through the API itself (Chalice's local gateway), so the demo
obeys the product's rules. Each area adds its own seeder to SEEDERS; a seeder gets an
`api` function that sends a request as the demo customer and the result dict to fill.
"""

import json

DEMO_EMAIL = "cliente@portico.example"
DEMO_PASSWORD = "Portico-Demo-2026"


class DemoApi:
    """Requests to the app as one browser would send them (keeps the session cookie)."""

    def __init__(self, app, config):
        from chalice.local import LocalGateway

        self.gateway = LocalGateway(app, config)
        self.cookie = ""

    def __call__(self, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"user-agent": "Portico demo seeder", "accept-language": "es"}
        if self.cookie:
            headers["cookie"] = self.cookie
        data = json.dumps(body).encode() if body is not None else b""
        if data:
            headers["content-type"] = "application/json"
        response = self.gateway.handle_request(method=method, path=path, headers=headers, body=data)
        set_cookie = (response.get("headers") or {}).get("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";")[0]
        if response["statusCode"] >= 400:
            raise RuntimeError(f"seeding {method} {path}: {response['statusCode']} {response['body']}")
        return json.loads(response["body"]) if response.get("body") else {}


def seed_accounts(api: DemoApi, result: dict) -> None:
    profile = api("POST", "/auth/register", {
        "email": DEMO_EMAIL, "password": DEMO_PASSWORD, "first_name": "Lucía",
        "last_name": "Fernández Ruiz", "company": "Taller Creativo Ruiz S.L.", "tax_id": "B12345674",
        "address1": "Calle de Alcalá 42", "address2": "3º B", "city": "Madrid", "state": "Madrid",
        "postcode": "28014", "country": "ES", "phone": "+34 612 345 678", "language": "es",
        "accept_terms": True, "marketing_opt_in": False})
    verify_address(api, profile["id"])
    api("POST", "/account/contacts", {
        "first_name": "Javier", "last_name": "Moreno", "email": "facturas@tallerruiz.example",
        "phone": "+34 699 111 222", "email_preferences": ["invoices", "general"],
        "permissions": []})
    api("PUT", "/account/security-question", {
        "current_password": DEMO_PASSWORD, "question": "mother_birth_city",
        "answer": "Málaga"})
    result.update(email=DEMO_EMAIL, password=DEMO_PASSWORD)


def verify_address(api: DemoApi, client_id: str) -> None:
    """Verify the demo address as its e-mailed link would (the demo's mail goes nowhere a
    seeder reads), so the demo does not always show the verification banner."""
    from chalicelib.accounts.tokens import new_token

    token, secret = new_token("verify", client_id=client_id, email=DEMO_EMAIL, ttl=600)
    token.save()
    api("POST", "/auth/verify-email", {"token": secret})


SEEDERS = [seed_accounts]


def seed_demo_data(app, config) -> dict:
    api = DemoApi(app, config)
    result: dict = {}
    for seeder in SEEDERS:
        seeder(api, result)
    api("POST", "/auth/logout")  # leave no seeder session in the demo's Seguridad page
    return result
