"""Mis Emails and the activity log: newest first, paged with cursors."""

import pytest


def test_activity_pages_newest_first_with_a_cursor(customer):
    for i in range(5):
        customer.patch("/account", {"city": f"Ciudad {i}"})
    first = customer.get("/account/activity?limit=2").json
    assert [i["event"] for i in first["items"]] == ["profile_changed"] * 2
    assert first["next"]
    seen = first["items"]
    cursor = first["next"]
    while cursor:
        page = customer.get(f"/account/activity?limit=2&cursor={cursor}").json
        seen += page["items"]
        cursor = page["next"]
    assert [i["event"] for i in seen][-1] == "registered"
    assert len(seen) == 6 and len({i["id"] for i in seen}) == 6
    times = [i["at"] for i in seen]
    assert times == sorted(times, reverse=True)


def test_last_page_says_next_is_null(customer):
    assert customer.get("/account/activity?limit=1").json["next"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "cursor=%%%", "cursor=bm9wZQ"])
def test_bad_paging_is_422(customer, query):
    r = customer.get(f"/account/emails?{query}")
    assert (r.status, r.error["code"]) == (422, "validation_failed")


def test_email_log_entry_has_the_contract_fields(customer):
    item = customer.get("/account/emails").json["items"][0]
    assert {"id", "sent_at", "subject", "to", "kind"} <= set(item)
    full = customer.get(f"/account/emails/{item['id']}").json
    assert {"body_text", "body_html"} <= set(full) and full["to"] == ["ana@example.com"]
    assert full["body_html"]


def test_an_emails_json_carries_its_html_sanitised_as_the_contract_says(customer):
    from chalicelib.mail.models import SentEmail

    item = customer.get("/account/emails").json["items"][0]
    stored = next(e for e in SentEmail.scan() if e.email_id == item["id"])
    stored.body_html = '<p style="color:red" onclick="alert(1)">Hola<script>alert(2)</script></p>'
    stored.save()
    html = customer.get(f"/account/emails/{item['id']}").json["body_html"]
    assert "Hola" in html and "script" not in html and "onclick" not in html


def test_unknown_email_id_is_404(customer):
    assert customer.get("/account/emails/nope").status == 404


def test_an_emails_html_is_its_own_document_under_a_policy_that_allows_its_styles_and_no_script(customer):
    from chalicelib.mail.models import SentEmail

    item = customer.get("/account/emails").json["items"][0]
    r = customer.get(f"/account/emails/{item['id']}/html")
    assert r.status == 200 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    csp = r.headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["default-src"] == ["'none'"] and directives["style-src"] == ["'unsafe-inline'"]
    assert "sandbox" in directives and "script-src" not in directives
    assert directives["frame-ancestors"] == ["'self'"] and r.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert r.headers["Cache-Control"] == "no-store"
    html = r.body.decode()
    assert html.startswith("<!doctype html>")
    assert 'style="' in html and "background:#f4f6f8" in html  # the e-mail keeps its own look, <body>'s too
    # Even a stored e-mail carrying a script or an event handler is served without them.
    stored = next(e for e in SentEmail.scan() if e.email_id == item["id"])
    stored.body_html = '<p style="color:red" onclick="alert(1)">Hola<script>alert(2)</script><img src="https://x.example/t.gif"></p>'
    stored.save()
    html = customer.get(f"/account/emails/{item['id']}/html").body.decode()
    assert 'style="color:red"' in html and "Hola" in html
    assert "script" not in html and "onclick" not in html and "x.example" not in html


def test_an_emails_html_needs_a_session_and_the_emails_permission(customer, new_browser):
    item = customer.get("/account/emails").json["items"][0]
    r = new_browser().get(f"/account/emails/{item['id']}/html")
    assert (r.status, r.error["code"]) == (401, "unauthenticated")
    assert customer.get("/account/emails/nope/html").status == 404


def test_activity_names_the_device_like_the_sessions_do(customer, new_browser):
    from tests.support.accounts import login

    chrome = new_browser(user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")
    login(chrome)
    item = customer.get("/account/activity").json["items"][0]
    assert (item["event"], item["device"]) == ("login", "Chrome · Linux")
    assert item["user_agent"].startswith("Mozilla/5.0 (X11; Linux x86_64)")
    session_devices = {s["device"] for s in chrome.get("/auth/sessions").json["items"]}
    assert item["device"] in session_devices
