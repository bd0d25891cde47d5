"""This area's part of the dashboard: truthfully zero until the area is built."""


def part(principal, summary: dict) -> dict:
    if not principal.may("invoices"):
        return {}
    return {"invoices": {"unpaid": 0, "total_due": {"amount": 0, "currency": "EUR"}, "items": []}}
