"""The demo customer of the local stack (`make run`), created through the API itself so
that the demo obeys the product's rules. infra/local/seed.py calls every area's seeder
in the order of chalicelib/areas.py; `api` sends a request as the demo customer."""

DEMO_EMAIL = "cliente@portico.example"
DEMO_PASSWORD = "Portico-Demo-2026"


def seed(api, result: dict) -> None:
    profile = api("POST", "/auth/register", {
        "email": DEMO_EMAIL, "password": DEMO_PASSWORD, "first_name": "Lucía",
        "last_name": "Fernández Ruiz", "company": "Taller Creativo Ruiz S.L.", "tax_id": "B12345674",
        "address1": "Calle de Alcalá 42", "address2": "3º B", "city": "Madrid", "state": "Madrid",
        "postcode": "28014", "country": "ES", "phone": "+34 612 345 678", "language": "es",
        "accept_terms": True, "marketing_opt_in": False})
    _verify_address(api, profile["id"])
    api("POST", "/account/contacts", {
        "first_name": "Javier", "last_name": "Moreno", "email": "facturas@tallerruiz.example",
        "phone": "+34 699 111 222", "email_preferences": ["invoices", "general"],
        "permissions": []})
    api("PUT", "/account/security-question", {
        "current_password": DEMO_PASSWORD, "question": "mother_birth_city",
        "answer": "Málaga"})
    result.update(email=DEMO_EMAIL, password=DEMO_PASSWORD)


def _verify_address(api, client_id: str) -> None:
    """Verify the demo address as its e-mailed link would (the demo's mail goes nowhere a
    seeder reads), so the demo does not always show the verification banner."""
    from .tokens import new_token

    token, secret = new_token("verify", client_id=client_id, email=DEMO_EMAIL, ttl=600)
    token.save()
    api("POST", "/auth/verify-email", {"token": secret})
