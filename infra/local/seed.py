"""Demo data for the local stack, loaded only into an empty store.

Everything is created through the API itself (Chalice's local gateway), so the demo
obeys the product's rules. Each area names its seeder in its descriptor (`demo`); a
seeder gets an `api` function that sends a request as the demo customer and the result
dict to fill.
"""

import json


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


def seed_demo_data(app, config) -> dict:
    from chalicelib import registry

    api = DemoApi(app, config)
    result: dict = {}
    for area in registry.areas():
        if area.demo:
            registry.resolve(area.demo)(api, result)
    api("POST", "/auth/logout")  # leave no seeder session in the demo's Seguridad page
    return result
