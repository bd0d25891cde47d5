"""Publishing sends only what changed; edge log groups get a retention in every region."""

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from infra.aws import deploy
from tests.infra.conftest import settings_for

REGION = "eu-west-1"


def counting_uploads(s3):
    sent = []
    original = s3.upload_file

    def upload_file(path, bucket, key, **kwargs):
        sent.append(key)
        return original(path, bucket, key, **kwargs)

    s3.upload_file = upload_file
    return sent


def test_a_second_publish_sends_only_the_changed_file_and_removes_stale_ones(tmp_path):
    site = tmp_path / "site"
    (site / "kb").mkdir(parents=True)
    (site / "index.html").write_text("<html>hola</html>")
    (site / "kb" / "index.html").write_text("<html>kb</html>")
    # Above boto3's multipart threshold: S3's ETag is then per part, not the file's MD5.
    (site / "big.bin").write_bytes(bytes(range(256)) * (9 * 1024 * 1024 // 256 + 3))
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="site", CreateBucketConfiguration={"LocationConstraint": REGION})
        sent = counting_uploads(s3)
        assert deploy.upload_site(s3, "site", site) == (["big.bin", "index.html",
                                                         "kb/index.html"], [])
        sent.clear()
        assert deploy.upload_site(s3, "site", site) == ([], [])
        assert sent == []

        (site / "index.html").write_text("<html>adiós</html>")
        (site / "kb" / "index.html").unlink()
        assert deploy.upload_site(s3, "site", site) == (["index.html"], ["kb/index.html"])
        assert sent == ["index.html"]
        head = s3.head_object(Bucket="site", Key="index.html")
        assert head["ContentType"] == "text/html; charset=utf-8"
        assert head["CacheControl"] == "public, max-age=0, must-revalidate"


def test_an_unchanged_restricted_download_adds_no_version(tmp_path):
    import json

    from infra.content_sync import sync_content

    source = tmp_path / "tool.zip"
    source.write_bytes(b"zip bytes")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"downloads": {"tool": {
        "filename": "tool.zip", "private_key": "files/tool.zip", "source": str(source)}}}))
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        for bucket in ("content", "downloads"):
            s3.create_bucket(Bucket=bucket,
                             CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_versioning(Bucket="downloads",
                                 VersioningConfiguration={"Status": "Enabled"})
        for _ in range(3):
            sync_content(None, str(manifest), s3, "content", "downloads")
        versions = s3.list_object_versions(Bucket="downloads")["Versions"]
        assert len(versions) == 1
        source.write_bytes(b"new zip bytes")
        sync_content(None, str(manifest), s3, "content", "downloads")
        assert len(s3.list_object_versions(Bucket="downloads")["Versions"]) == 2


class Session:
    def __init__(self):
        self.stubs = {}

    def client(self, service, region_name=None):
        key = (service, region_name)
        if key not in self.stubs:
            c = boto3.client(service, region_name=region_name or REGION,
                             aws_access_key_id="x", aws_secret_access_key="x")
            self.stubs[key] = (c, Stubber(c))
            self.stubs[key][1].activate()
        return self.stubs[key][0]

    def stub(self, service, region_name=None):
        self.client(service, region_name)
        return self.stubs[(service, region_name)][1]


def test_edge_log_groups_get_the_stage_retention_in_every_enabled_region():
    settings = settings_for("prod")  # 365 days
    session = Session()
    session.stub("ec2").add_response("describe_regions", {"Regions": [
        {"RegionName": "eu-west-1"}, {"RegionName": "us-east-1"}]})
    groups = {
        ("eu-west-1", "/aws/lambda/us-east-1.portico-prod-"): [
            {"logGroupName": "/aws/lambda/us-east-1.portico-prod-not-found"}],  # never expires
        ("us-east-1", "/aws/lambda/us-east-1.portico-prod-"): [
            {"logGroupName": "/aws/lambda/us-east-1.portico-prod-not-found",
             "retentionInDays": 365}],  # already right: left alone
        ("us-east-1", "/aws/cloudfront/function/portico-prod-"): [
            {"logGroupName": "/aws/cloudfront/function/portico-prod-site-index",
             "retentionInDays": 7}],
    }
    for region in ("eu-west-1", "us-east-1"):
        logs = session.stub("logs", region)
        for prefix in deploy.edge_log_prefixes(settings, region):
            logs.add_response("describe_log_groups", {"logGroups": groups[(region, prefix)]},
                              {"logGroupNamePrefix": prefix})
            for group in groups[(region, prefix)]:
                if group.get("retentionInDays") != 365:
                    logs.add_response("put_retention_policy", {}, {
                        "logGroupName": group["logGroupName"], "retentionInDays": 365})
    changed = deploy.set_edge_log_retention(session, settings)
    assert changed == ["eu-west-1:/aws/lambda/us-east-1.portico-prod-not-found",
                       "us-east-1:/aws/cloudfront/function/portico-prod-site-index"]
    for _, stub in session.stubs.values():
        stub.assert_no_pending_responses()


def robots(site, origin, legal_name=None, nif=None):
    """What a build leaves for the checks: robots.txt names its address, the footer the
    company of the stage's file it was built from (prod's unless told)."""
    from chalicelib.company import load

    legal_name, nif = legal_name or load("prod").legal_name, nif or load("prod").nif
    site.mkdir(exist_ok=True)
    (site / "robots.txt").write_text(f"User-agent: *\nDisallow: /api/\n"
                                     f"Sitemap: {origin}/sitemap.xml\n"
                                     f"Sitemap: {origin}/en/sitemap.xml\n")
    (site / "index.html").write_text(f'<footer class="site-footer"><address>{legal_name} · NIF '
                                     f"{nif} · ...</address></footer>")


def test_publishing_a_local_build_as_is_is_refused_before_anything_is_sent(
        tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    robots(site, "http://127.0.0.1:8000")  # what `make site` writes
    monkeypatch.setattr(deploy, "SITE_OUT", site)
    # No AWS call is scripted: the refusal comes before reading the stack's outputs.
    monkeypatch.setattr(deploy, "outputs", lambda *a: (_ for _ in ()).throw(AssertionError))
    assert deploy.main(["site", "prod", "--no-build"]) == 1
    err = capsys.readouterr().err
    assert "built for http://127.0.0.1:8000, not https://clientes.portico.example" in err
    robots(site, "https://dev.clientes.portico.example")  # another stage's build
    assert deploy.main(["site", "prod", "--no-build"]) == 1
    (site / "robots.txt").unlink()
    assert deploy.main(["site", "prod", "--no-build"]) == 1
    assert "robots.txt is missing" in capsys.readouterr().err


def test_a_build_for_the_stages_address_is_published(tmp_path, monkeypatch):
    site = tmp_path / "site"
    robots(site, "https://clientes.portico.example")
    monkeypatch.setattr(deploy, "SITE_OUT", site)
    published = []
    monkeypatch.setattr(deploy, "outputs", lambda cfn, name: {"stack": name})
    monkeypatch.setattr(deploy, "publish_site", lambda session, out, s: published.append(
        (out, s)))
    assert deploy.main(["site", "prod", "--no-build"]) == 0
    assert published == [({"stack": "portico-prod-main"}, site)]


def test_a_build_showing_another_company_is_refused(tmp_path, monkeypatch, capsys):
    """`make site` shows the local stack's company: prod's site must show prod's."""
    from chalicelib.company import load

    prod = load("prod")
    site = tmp_path / "site"
    monkeypatch.setattr(deploy, "SITE_OUT", site)
    monkeypatch.setattr(deploy, "outputs", lambda *a: (_ for _ in ()).throw(AssertionError))
    robots(site, "https://clientes.portico.example", legal_name="Otra Empresa, S.A.",
           nif=prod.nif)
    assert deploy.main(["site", "prod", "--no-build"]) == 1
    assert f"does not show the company of prod ({prod.legal_name}, NIF {prod.nif})" in \
        capsys.readouterr().err
    robots(site, "https://clientes.portico.example", legal_name=prod.legal_name, nif="A58818501")
    assert deploy.main(["site", "prod", "--no-build"]) == 1


def test_the_deploys_site_build_is_of_the_stages_company(monkeypatch):
    runs = []
    monkeypatch.setattr(deploy.subprocess, "run", lambda args, **kw: runs.append(kw["env"]))
    deploy.build_site(settings_for("staging"))
    assert runs[0]["STAGE"] == "staging"
    assert runs[0]["SITE_URL"] == "https://staging.clientes.portico.example"
