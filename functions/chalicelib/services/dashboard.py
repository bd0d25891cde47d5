"""This area's part of the dashboard: truthfully zero until the area is built."""


def part(principal, summary: dict) -> dict:
    if not principal.may("services"):
        return {}
    return {"services": {"active": 0, "items": []}}
