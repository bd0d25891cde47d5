"""The CI publishing role: trusted for one repository and environment, allowed to publish."""

from pathlib import Path

import boto3
import yaml
from moto import mock_aws

from infra.aws import ci_role, deploy, template
from tests.infra.conftest import settings_for

ROOT = Path(__file__).resolve().parents[2]


def role(settings):
    return ci_role.ci_template(settings, "E123")["Resources"]["PublishRole"]["Properties"]


def test_the_role_trusts_only_this_repositorys_jobs_in_the_prod_environment():
    settings = settings_for("prod")
    [trust] = role(settings)["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Principal"] == {"Federated": {"Ref": "GitHubOidc"}}
    assert trust["Condition"] == {"StringEquals": {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:your-org/portico:environment:prod"}}
    # No wildcard anywhere in the trust: a StringLike on sub would let any branch in.
    assert "*" not in str(trust)
    existing = {**settings, "ci": {**settings["ci"], "oidc_provider_arn": "arn:provider"}}
    body = ci_role.ci_template(existing, "E123")
    assert "GitHubOidc" not in body["Resources"]
    assert body["Resources"]["PublishRole"]["Properties"]["AssumeRolePolicyDocument"][
        "Statement"][0]["Principal"] == {"Federated": "arn:provider"}


def granted(settings) -> set[str]:
    statements = role(settings)["Policies"][0]["PolicyDocument"]["Statement"]
    return {action for s in statements for action in s["Action"]}


# botocore operation -> the IAM action it needs, where the names differ.
ACTION_OF = {"s3:ListObjectsV2": "s3:ListBucket", "s3:HeadObject": "s3:GetObject",
             "s3:DeleteObjects": "s3:DeleteObject", "s3:CreateMultipartUpload": "s3:PutObject",
             "s3:UploadPart": "s3:PutObject", "s3:CompleteMultipartUpload": "s3:PutObject"}


def test_what_make_deploy_site_does_is_granted_and_nothing_more(tmp_path, monkeypatch):
    settings = settings_for("prod")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    manifest = tmp_path / "manifest.json"
    download = tmp_path / "tool.zip"
    download.write_bytes(b"zip")
    manifest.write_text('{"downloads": {"tool": {"filename": "tool.zip", '
                        f'"private_key": "files/tool.zip", "source": "{download}"}}}}}}')
    monkeypatch.setattr("infra.content_sync.default_manifest_path", lambda _site: str(manifest))
    made = set()
    with mock_aws():
        session = boto3.session.Session(region_name=settings["region"])
        session.events.register("before-call.*.*", lambda model, **kw: made.add(
            f"{model.service_model.signing_name}:{model.name}"))
        s3 = session.client("s3")
        names = {}
        for suffix in ("site", "content", "downloads"):
            names[suffix] = f"portico-prod-{suffix}-123456789012"
            s3.create_bucket(Bucket=names[suffix], CreateBucketConfiguration={
                "LocationConstraint": settings["region"]})
        distribution = session.client("cloudfront").create_distribution(DistributionConfig={
            "CallerReference": "x", "Comment": "", "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{"Id": "s", "DomainName": "s.example"}]},
            "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "allow-all"}})
        made.clear()
        outputs = {"SiteBucket": names["site"], "ContentBucket": names["content"],
                   "DownloadsBucket": names["downloads"],
                   "DistributionId": distribution["Distribution"]["Id"]}
        deploy.publish_site(session, outputs, site)
    needed = {ACTION_OF.get(a, a) for a in made}
    needed.add("cloudformation:DescribeStacks")  # deploy_site reads the outputs first
    assert {"s3:PutObject", "cloudfront:CreateInvalidation"} <= needed
    assert needed <= granted(settings), needed - granted(settings)
    assert granted(settings) - needed <= {"s3:DeleteObject"}  # only for a removed page


def test_the_workflow_tests_before_any_credential_is_possible():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy-site.yml").read_text())
    assert "id-token" not in workflow["permissions"]
    jobs = workflow["jobs"]
    assert jobs["publish"]["needs"] == "test"
    assert jobs["publish"]["environment"] == "prod"
    assert jobs["publish"]["permissions"]["id-token"] == "write"
    assert "id-token" not in jobs["test"].get("permissions", {})
    assert not any("configure-aws-credentials" in s.get("uses", "") for s in jobs["test"]["steps"])
    assert template.load_settings("prod")["ci"]["environment"] == jobs["publish"]["environment"]
