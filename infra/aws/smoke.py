"""Check a running Portico from outside, standard library only: site, API, sign-up to sign-out.

    python -m infra.aws.smoke https://clientes.example.com [--stage prod]

Works against a deployed stage and against `make run`. It registers one throwaway
account per run (sign-ups are throttled per IP: 20 an hour) at SES's mailbox simulator,
`success+smoke-<run>@simulator.amazonses.com`: the welcome mail is accepted and
delivered nowhere, counts against no bounce rate and reaches no real-looking address. It
waits for that e-mail to be sent, which checks the job queue, its worker and SES.
For an https URL it then removes the accounts the run created from the table of the stage
whose settings' domain is the URL's host (or of --stage, for a domain no settings file has) (boto3 and the deployer's credentials; the only part that
is not standard library). Its e-mailed-link tokens are left to expire (TTL).
"""

import argparse
import json
import secrets
import sys
import urllib.error
import urllib.request
from http.cookiejar import CookieJar


class SmokeFailure(Exception):
    pass


class Client:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Accept-Language": "es", "User-Agent": "portico-smoke/1"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if method != "GET":
            headers["Origin"] = self.base
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def cookie_names(self) -> set[str]:
        return {c.name for c in self.cookies}


def expect(ok: bool, what: str) -> None:
    if not ok:
        raise SmokeFailure(what)


def content_type(headers: dict) -> str:
    return next((v for k, v in headers.items() if k.lower() == "content-type"), "")


def check_page(client: Client, path: str) -> None:
    status, headers, body = client.request("GET", path)
    expect(status == 200, f"GET {path}: {status}")
    expect("text/html" in content_type(headers), f"GET {path}: not HTML")
    expect(b"<html" in body.lower(), f"GET {path}: no <html>")


SIMULATOR = "simulator.amazonses.com"


def new_run_label() -> str:
    return f"smoke-{secrets.token_hex(4)}"


def address(run_label: str) -> str:
    """SES's mailbox simulator: 'success' accepts the mail; the label tells runs apart."""
    return f"success+{run_label}@{SIMULATOR}"


def run(base: str, log=print, run_label: str = "") -> None:
    """Run every check; raise SmokeFailure on the first that fails."""
    run_label = run_label or new_run_label()
    c = Client(base)
    for path in ("/", "/en/", "/kb/"):
        check_page(c, path)
        log(f"ok  GET {path}")

    missing = f"/no-such-page-{secrets.token_hex(4)}/"
    status, headers, body = c.request("GET", missing)
    expect(status == 404 and "text/html" in content_type(headers),
           f"GET {missing}: want an HTML 404, got {status} {content_type(headers)}")
    log("ok  unknown page: HTML 404")

    status, _, body = c.request("GET", "/api/health")
    expect(status == 200 and json.loads(body) == {"status": "ok"}, f"GET /api/health: {status} {body[:200]!r}")
    log("ok  GET /api/health")

    status, headers, body = c.request("GET", f"/api/no-such-thing-{secrets.token_hex(4)}")
    expect(status == 404 and "application/json" in content_type(headers),
           f"unknown /api path: want a JSON 404, got {status} {content_type(headers)}")
    expect(json.loads(body).get("error", {}).get("code") == "not_found",
           f"unknown /api path: want code not_found, got {body[:200]!r}")
    log("ok  unknown /api path: JSON 404 not_found")

    email = address(run_label)
    password = "smoke-" + secrets.token_urlsafe(18)
    status, _, body = c.request("POST", "/api/auth/register", {
        "email": email, "password": password, "first_name": "Smoke", "last_name": "Test",
        "address1": "Calle Mayor 1", "city": "Madrid", "postcode": "28013", "country": "ES",
        "phone": "+34 612 345 678", "language": "es", "accept_terms": True})
    expect(status == 201, f"register: {status} {body[:300]!r}")
    expect(bool(c.cookie_names()), "register: no session cookie")
    log(f"ok  register {email}")

    status, _, body = c.request("POST", "/api/auth/logout")
    expect(status == 204, f"logout after register: {status}")
    status, _, _ = c.request("GET", "/api/account")
    expect(status == 401, f"account after logout: want 401, got {status}")

    status, _, body = c.request("POST", "/api/auth/login", {"email": email, "password": password})
    expect(status == 200, f"login: {status} {body[:300]!r}")
    expect(bool(c.cookie_names()), "login: no session cookie")
    status, _, body = c.request("GET", "/api/account")
    expect(status == 200 and json.loads(body).get("email") == email, f"account: {status}")
    log("ok  login -> cookie -> GET /api/account")

    # The welcome e-mail is a background job: the queue, the worker and SES (docs/jobs.md).
    state, waited = welcome_state(c)
    expect(state == "sent", f"welcome e-mail still {state!r} after {waited:.0f} s: is the job "
                            "worker running? (its log group, the dead-letter queue)")
    log(f"ok  the job worker sent the welcome e-mail ({waited:.0f} s)")

    status, _, _ = c.request("POST", "/api/auth/logout")
    expect(status == 204, f"logout: {status}")
    status, _, _ = c.request("GET", "/api/account")
    expect(status == 401, f"account after logout: want 401, got {status}")
    log("ok  logout ends the session")


def welcome_state(c: Client, timeout: float = 60) -> tuple[str, float]:
    """The welcome e-mail's state in Mis Emails once it is no longer queued (or timeout)."""
    import time

    began = time.monotonic()
    while True:
        status, _, body = c.request("GET", "/api/account/emails")
        expect(status == 200, f"Mis Emails: {status}")
        items = json.loads(body).get("items", [])
        state = items[-1]["status"] if items else "missing"
        waited = time.monotonic() - began
        if state not in ("queued", "missing") or waited > timeout:
            return state, waited
        time.sleep(1)


def remove_accounts(dynamodb, table: str, emails: list[str]) -> int:
    """Delete what sign-up made for these addresses (db.py's keys): the sign-in and every
    item under the client. Returns how many items were deleted."""
    deleted = 0
    for email in emails:
        login = {"pk": {"S": f"LOGIN#{email.lower()}"}, "sk": {"S": "LOGIN"}}
        item = dynamodb.get_item(TableName=table, Key=login, ConsistentRead=True).get("Item")
        if not item:
            continue
        client_pk = f"CLIENT#{item['client_id']['S']}"
        keys = [login]
        for page in dynamodb.get_paginator("query").paginate(
                TableName=table, KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": client_pk}},
                ProjectionExpression="pk, sk"):
            keys += page["Items"]
        for key in keys:
            dynamodb.delete_item(TableName=table, Key=key)
        deleted += len(keys)
    return deleted


def cleanup(stage: str, emails: list[str]) -> None:
    import boto3

    from infra.aws import template

    settings = template.load_settings(stage)
    table = template.table_name(settings)
    dynamodb = boto3.client("dynamodb", region_name=settings["region"])
    deleted = remove_accounts(dynamodb, table, emails)
    print(f"removed the run's account ({deleted} items) from {table}")


def stage_for_url(url: str) -> str | None:
    """The stage whose settings' domain is the URL's host (None: no settings file's)."""
    from urllib.parse import urlsplit

    from infra.aws import template

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    for stage in template.STAGES:
        if template.load_settings(stage)["domain"].lower() == host:
            return stage
    return None


def cleanup_stage(url: str, given: str | None) -> str | None:
    """Whose table the run's account is removed from: the stage the https URL belongs to.

    A stage given that the URL does not belong to is refused (it would clean up another
    stage's table); a local (http) URL has nothing to clean up in AWS."""
    if not url.startswith("https://"):
        return None
    found = stage_for_url(url)
    if given and found and given != found:
        raise ValueError(f"{url} is the {found} stage's domain, not {given}'s: leave out "
                         f"--stage (STAGE) or pass {found}")
    if not (given or found):
        raise ValueError(f"no settings file in infra/aws/settings has the domain of {url}: "
                         "say whose table to clean up with --stage (make smoke ... STAGE=prod)")
    return given or found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the site's origin, e.g. https://clientes.example.com")
    parser.add_argument("--stage", help="remove the run's accounts from this stage's table")
    args = parser.parse_args(argv)
    try:
        stage = cleanup_stage(args.url, args.stage)
    except ValueError as exc:
        print(f"smoke: {exc}", file=sys.stderr)
        return 2
    label = new_run_label()
    print(f"run {label}")
    failed = None
    try:
        run(args.url, run_label=label)
    except (SmokeFailure, OSError, ValueError) as exc:
        failed = exc
    if stage:  # also after a failure: the account may exist already
        try:
            cleanup(stage, [address(label)])
        except Exception as exc:  # noqa: BLE001 - a cleanup failure must not hide the result
            print(f"could not remove {address(label)}: {exc}", file=sys.stderr)
    if failed:
        print(f"FAIL {failed}", file=sys.stderr)
        return 1
    print(f"smoke checks passed against {args.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
