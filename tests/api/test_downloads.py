"""GET /api/downloads/{id}: short-lived links to restricted files, and publishing them."""

import json
from urllib.parse import parse_qs, urlparse

import boto3
import pytest

from infra.content_sync import ContentSyncError, sync_content


@pytest.fixture
def published(aws, tmp_path):
    """A built site's manifest with one download of each access level, synced to S3."""
    from chalicelib import content as manifest
    from chalicelib.config import settings

    files = {}
    for name in ("guide.pdf", "agent.tar.gz", "kit.zip"):
        files[name] = tmp_path / "content" / name
        files[name].parent.mkdir(exist_ok=True)
        files[name].write_bytes(f"contents of {name}".encode())
    site = tmp_path / "site"
    (site / "downloads" / "files" / "guide").mkdir(parents=True)
    (site / "downloads" / "files" / "guide" / "guide.pdf").write_bytes(b"contents of guide.pdf")
    entries = {
        "guide": {"access": "public", "filename": "guide.pdf", "public_path": "/downloads/files/guide/guide.pdf",
                  "private_key": None, "source": None},
        "agent": {"access": "customers", "filename": "agent.tar.gz", "public_path": None,
                  "private_key": "downloads/agent/agent.tar.gz", "source": str(files["agent.tar.gz"])},
        "kit": {"access": "product:reseller", "filename": "kit.zip", "public_path": None,
                "private_key": "downloads/kit/kit.zip", "source": str(files["kit.zip"])},
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"kb": {}, "downloads": entries}))
    s3 = boto3.client("s3", region_name=settings.region)
    sync_content(str(site), str(path), s3, settings.content_bucket, downloads_bucket=settings.downloads_bucket)
    manifest.forget()
    return {"s3": s3, "site": site, "manifest": path, "settings": settings}


def test_a_signed_in_customer_gets_a_short_lived_link_to_a_customers_file(published, customer):
    r = customer.get("/downloads/agent")
    assert r.status == 200, r.body
    url = urlparse(r.json["url"])
    query = parse_qs(url.query)
    assert url.path.endswith(f"/{published['settings'].downloads_bucket}/downloads/agent/agent.tar.gz")
    assert query["X-Amz-Expires"] == ["300"]
    assert "attachment" in query["response-content-disposition"][0]
    assert r.json["expires_at"].endswith("Z")


def test_a_signed_out_visitor_gets_401_for_a_restricted_file(published, browser):
    r = browser.get("/downloads/agent")
    assert r.status == 401 and r.error["code"] == "unauthenticated"


def test_product_files_need_an_active_service_in_the_group_which_nobody_has_yet(published, customer):
    # Services arrive with a later issue: until then no customer is entitled.
    r = customer.get("/downloads/kit")
    assert r.status == 403 and r.error["code"] == "forbidden"


def test_a_customer_with_a_service_in_the_group_is_entitled(published, customer, monkeypatch):
    from chalicelib.downloads import access

    monkeypatch.setattr(access, "active_product_groups", lambda client_id: frozenset({"reseller"}))
    r = customer.get("/downloads/kit")
    assert r.status == 200 and "/downloads/kit/kit.zip" in r.json["url"]


def test_a_public_file_is_answered_with_its_site_address_to_anyone(published, browser):
    r = browser.get("/downloads/guide")
    assert r.status == 200
    assert r.json == {"url": "http://127.0.0.1:8000/downloads/files/guide/guide.pdf", "expires_at": None}


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_download_is_404(published, new_browser, customer, signed_in):
    r = (customer if signed_in else new_browser()).get("/downloads/nothing-here")
    assert r.status == 404


def test_publishing_uploads_restricted_files_privately_and_the_manifest_without_build_paths(published):
    s3, settings = published["s3"], published["settings"]
    body = s3.get_object(Bucket=settings.downloads_bucket, Key="downloads/agent/agent.tar.gz")["Body"].read()
    assert body == b"contents of agent.tar.gz"
    manifest = json.loads(s3.get_object(Bucket=settings.content_bucket, Key="manifest.json")["Body"].read())
    assert set(manifest["downloads"]) == {"guide", "agent", "kit"}
    assert all("source" not in item for item in manifest["downloads"].values())
    public_keys = s3.list_objects_v2(Bucket=settings.downloads_bucket).get("Contents", [])
    assert {o["Key"] for o in public_keys} == {"downloads/agent/agent.tar.gz", "downloads/kit/kit.zip"}


def test_publishing_refuses_a_restricted_file_found_in_the_public_output(published):
    leaked = published["site"] / "downloads" / "files" / "agent"
    leaked.mkdir(parents=True)
    (leaked / "agent.tar.gz").write_bytes(b"oops")
    with pytest.raises(ContentSyncError, match="agent"):
        sync_content(str(published["site"]), str(published["manifest"]), published["s3"],
                     published["settings"].content_bucket)
