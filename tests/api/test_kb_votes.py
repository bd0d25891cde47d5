"""¿Fue útil la respuesta?: GET/POST /api/kb/{slug}/votes."""

import json
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

ORIGIN = "http://127.0.0.1:8000"
MANIFEST = {
    # The Spanish and English versions of one article share its key, so they share counts.
    "kb": {"tips-tickets-soporte": "support-ticket-tips", "effective-support-tickets": "support-ticket-tips",
           "uptime-promedio-de-la-red": "network-uptime"},
    "downloads": {},
}


def publish(manifest):
    from chalicelib import content as published
    from chalicelib.config import settings

    boto3.client("s3", region_name=settings.region).put_object(
        Bucket=settings.content_bucket, Key="manifest.json", Body=json.dumps(manifest).encode())
    published.forget()


@pytest.fixture(autouse=True)
def help_site(aws):
    publish(MANIFEST)


def vote(browser, slug, helpful):
    return browser.post(f"/kb/{slug}/votes", {"helpful": helpful}, headers={"Origin": ORIGIN})


def test_an_article_nobody_voted_on_has_zero_counts(browser):
    r = browser.get("/kb/tips-tickets-soporte/votes")
    assert r.status == 200
    assert r.json == {"helpful": 0, "not_helpful": 0, "my_vote": None}


def test_a_first_vote_counts_and_sets_the_visitor_cookie(browser):
    r = vote(browser, "tips-tickets-soporte", True)
    assert r.status == 200, r.body
    assert r.json == {"helpful": 1, "not_helpful": 0, "my_vote": True}
    cookie = {k.lower(): v for k, v in r.headers.items()}["set-cookie"]
    assert cookie.startswith("portico_visitor=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert browser.get("/kb/tips-tickets-soporte/votes").json["my_vote"] is True


def test_a_visitor_cannot_vote_twice(browser):
    vote(browser, "tips-tickets-soporte", True)
    r = vote(browser, "tips-tickets-soporte", True)
    assert r.json == {"helpful": 1, "not_helpful": 0, "my_vote": True}
    assert "set-cookie" not in {k.lower() for k in r.headers}


def test_a_visitor_may_change_the_vote_which_moves_one_count(browser):
    vote(browser, "tips-tickets-soporte", True)
    r = vote(browser, "tips-tickets-soporte", False)
    assert r.json == {"helpful": 0, "not_helpful": 1, "my_vote": False}
    r = vote(browser, "tips-tickets-soporte", True)
    assert r.json == {"helpful": 1, "not_helpful": 0, "my_vote": True}


def test_both_languages_of_an_article_share_one_count_and_one_vote(browser):
    vote(browser, "tips-tickets-soporte", True)
    r = vote(browser, "effective-support-tickets", True)
    assert r.json == {"helpful": 1, "not_helpful": 0, "my_vote": True}


def test_votes_of_different_visitors_add_up(new_browser):
    for n in range(3):
        r = vote(new_browser(ip=f"198.51.100.{n + 20}"), "uptime-promedio-de-la-red", n != 1)
    assert r.json["helpful"] == 2 and r.json["not_helpful"] == 1
    assert new_browser().get("/kb/uptime-promedio-de-la-red/votes").json["my_vote"] is None


def test_twenty_concurrent_votes_are_all_counted(new_browser):
    browsers = [new_browser(ip=f"203.0.113.{n}") for n in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda b: vote(b, "tips-tickets-soporte", True), browsers))
    assert all(r.status == 200 for r in results), [r.body for r in results if r.status != 200]
    assert browsers[0].get("/kb/tips-tickets-soporte/votes").json["helpful"] == 20


def test_one_visitor_voting_concurrently_counts_once(browser):
    vote(browser, "tips-tickets-soporte", False)  # gets the cookie
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda _: vote(browser, "tips-tickets-soporte", True), range(10)))
    assert browser.get("/kb/tips-tickets-soporte/votes").json == {"helpful": 1, "not_helpful": 0, "my_vote": True}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_slug_is_404(browser, method):
    r = browser.request(method, "/kb/no-such-article/votes", {"helpful": True} if method == "POST" else None)
    assert r.status == 404
    assert r.error["code"] == "not_found"


def test_a_newly_published_article_takes_votes_without_redeploying(browser):
    assert browser.get("/kb/articulo-nuevo/votes").status == 404
    publish({"kb": {**MANIFEST["kb"], "articulo-nuevo": "new-article"}, "downloads": {}})
    assert vote(browser, "articulo-nuevo", True).status == 200


@pytest.mark.parametrize(("body", "field"), [({}, "helpful"), ({"helpful": "yes"}, "helpful"),
                                           ({"helpful": 1}, "helpful"), ({"helpful": None}, "helpful"),
                                           ({"helpful": True, "extra": 1}, "extra")])
def test_a_vote_must_be_true_or_false(browser, body, field):
    r = browser.post("/kb/tips-tickets-soporte/votes", body)
    assert r.status == 422
    assert set(r.error["fields"]) == {field}


def test_a_vote_from_another_site_is_refused(browser):
    r = browser.post("/kb/tips-tickets-soporte/votes", {"helpful": True}, headers={"Origin": "https://evil.example"})
    assert r.status == 403 and r.error["code"] == "forbidden_origin"


def test_a_forged_visitor_cookie_is_replaced(browser):
    browser.cookies["portico_visitor"] = "x"
    r = vote(browser, "tips-tickets-soporte", True)
    assert r.status == 200 and browser.cookies["portico_visitor"] != "x"


def test_voting_is_throttled_per_address(new_browser, monkeypatch):
    from dataclasses import replace

    from chalicelib.kb import routes

    monkeypatch.setattr(routes, "settings", replace(routes.settings, vote_per_ip=3))
    browsers = [new_browser(ip="192.0.2.50") for _ in range(4)]
    statuses = [vote(b, "tips-tickets-soporte", True).status for b in browsers]
    assert statuses == [200, 200, 200, 429]
    assert vote(new_browser(ip="192.0.2.51"), "tips-tickets-soporte", True).status == 200
