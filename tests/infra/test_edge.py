"""The site's edge code: the CloudFront Function's index mapping, the Lambda@Edge 404."""

import json
import shutil
import subprocess

import pytest

from infra.aws import template
from infra.aws.edge import not_found


def run_viewer_request(uri, querystring=None):
    script = template.viewer_request_code() + (
        f"\nconsole.log(JSON.stringify(handler({{request: {{uri: {json.dumps(uri)}, "
        f"querystring: {json.dumps(querystring or {})}}}}})));")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_viewer_request_maps_folders_to_index_html_and_adds_the_slash():
    assert run_viewer_request("/kb/")["uri"] == "/kb/index.html"
    assert run_viewer_request("/")["uri"] == "/index.html"
    assert run_viewer_request("/theme/site.css")["uri"] == "/theme/site.css"
    moved = run_viewer_request("/kb", {"q": {"value": "dns"}})
    assert moved["statusCode"] == 301 and moved["headers"]["location"]["value"] == "/kb/?q=dns"


def origin_response(status, uri):
    return {"Records": [{"cf": {
        "request": {"uri": uri, "origin": {"s3": {
            "domainName": "portico-prod-site-123456789012.s3.eu-west-1.amazonaws.com",
            "region": "eu-west-1"}}},
        "response": {"status": status, "statusDescription": "x", "headers": {}}}}]}


def test_missing_site_page_gets_the_404_page_in_its_language(monkeypatch):
    fetched = []
    monkeypatch.setattr(not_found, "page",
                        lambda bucket, region, key: fetched.append((bucket, key)) or f"<html>{key}")
    response = not_found.handler(origin_response("403", "/en/nope/index.html"), None)
    assert response["status"] == "404" and response["body"] == "<html>en/404.html"
    assert fetched == [("portico-prod-site-123456789012", "en/404.html")]
    assert not_found.handler(origin_response("404", "/nope/"), None)["body"] == "<html>404.html"
    found = origin_response("200", "/index.html")
    assert not_found.handler(found, None) is found["Records"][0]["cf"]["response"]


def test_edge_code_fits_inline_in_the_template():
    # CloudFormation's inline ZipFile takes at most 4,096 characters.
    assert len(template.edge_code()) < 4096


def test_a_code_change_publishes_a_new_edge_version_and_keeps_the_replicated_old_one(monkeypatch):
    from tests.infra.conftest import settings_for

    settings = settings_for("prod")

    def versions():
        resources = template.edge_template(settings)["Resources"]
        return {k: v for k, v in resources.items() if v["Type"] == "AWS::Lambda::Version"}

    before = versions()
    monkeypatch.setattr(template, "edge_code", lambda: "def handler(e, c):\n    return {}\n")
    after = versions()
    assert len(before) == len(after) == 1 and before.keys() != after.keys()
    # CloudFormation drops the old logical id; deleting a replicated version would fail.
    for version in (*before.values(), *after.values()):
        assert version["DeletionPolicy"] == version["UpdateReplacePolicy"] == "Retain"
