"""The CI publishing role: trusted for one repository and environment, allowed to publish."""

import fnmatch
from pathlib import Path

import boto3
import pytest
import yaml
from moto import mock_aws

from infra.aws import ci_role, deploy, template
from tests.infra.conftest import settings_for

ROOT = Path(__file__).resolve().parents[2]


def role(settings, distribution_id="E123"):
    return ci_role.ci_template(settings, distribution_id)["Resources"]["PublishRole"]["Properties"]


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


ACCOUNT = "123456789012"


def granted(settings, distribution_id="E123") -> set[tuple[str, str]]:
    """(action, resource) pairs of the role's policy, its Fn::Sub ARNs filled in."""
    statements = role(settings, distribution_id)["Policies"][0]["PolicyDocument"]["Statement"]
    pairs = set()
    for s in statements:
        for resource in s["Resource"]:
            arn = resource["Fn::Sub"] if isinstance(resource, dict) else resource
            arn = arn.replace("${AWS::Partition}", "aws").replace(
                "${AWS::AccountId}", ACCOUNT).replace("${AWS::Region}", settings["region"])
            pairs |= {(action, arn) for action in s["Action"]}
    return pairs


def allows(pairs, action: str, arn: str) -> bool:
    return any(a == action and fnmatch.fnmatchcase(arn, pattern) for a, pattern in pairs)


# botocore operation -> the IAM action it needs, where the names differ.
ACTION_OF = {"s3:ListObjectsV2": "s3:ListBucket", "s3:HeadObject": "s3:GetObject",
             "s3:DeleteObjects": "s3:DeleteObject", "s3:CreateMultipartUpload": "s3:PutObject",
             "s3:UploadPart": "s3:PutObject", "s3:CompleteMultipartUpload": "s3:PutObject"}
# What the role may touch in the table: the catalogue's partition (a condition on its keys).
CATALOG_KEYS = {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["CATALOG"]}}


def resource_of(action: str, params: dict) -> list[str]:
    if action.startswith("s3:"):
        bucket = f"arn:aws:s3:::{params['Bucket']}"
        if action == "s3:ListBucket":
            return [bucket]
        if action == "s3:DeleteObject":  # DeleteObjects: each key it names
            return [f"{bucket}/{o['Key']}" for o in params["Delete"]["Objects"]]
        return [f"{bucket}/{params['Key']}"]
    if action.startswith("dynamodb:"):
        return [f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/{params['TableName']}"]
    if action == "cloudfront:CreateInvalidation":
        return [f"arn:aws:cloudfront::{ACCOUNT}:distribution/{params['DistributionId']}"]
    return ["*"]


def test_what_make_deploy_site_does_is_granted_on_its_resources_and_nothing_more(
        tmp_path, monkeypatch):
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
    catalog = tmp_path / "catalog.json"
    catalog.write_text('{"format": 1, "currency": "EUR", "groups": [], "products": []}')
    monkeypatch.setattr("infra.content_sync.default_catalog_path", lambda _site: str(catalog))
    made = []
    with mock_aws():
        session = boto3.session.Session(region_name=settings["region"])
        session.events.register("before-parameter-build.*.*", lambda model, params, **kw: made.append(
            (f"{model.service_model.signing_name}:{model.name}", params)))
        s3 = session.client("s3")
        names = {}
        for suffix in ("site", "content", "downloads"):
            names[suffix] = f"portico-prod-{suffix}-{ACCOUNT}"
            s3.create_bucket(Bucket=names[suffix], CreateBucketConfiguration={
                "LocationConstraint": settings["region"]})
        s3.put_object(Bucket=names["site"], Key="old-page.html", Body=b"removed since")
        session.client("dynamodb").create_table(
            TableName="portico-prod", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"}])
        distribution = session.client("cloudfront").create_distribution(DistributionConfig={
            "CallerReference": "x", "Comment": "", "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{"Id": "s", "DomainName": "s.example"}]},
            "DefaultCacheBehavior": {"TargetOriginId": "s", "ViewerProtocolPolicy": "allow-all"}})
        made.clear()
        outputs = {"SiteBucket": names["site"], "ContentBucket": names["content"],
                   "DownloadsBucket": names["downloads"], "TableName": "portico-prod",
                   "DistributionId": distribution["Distribution"]["Id"]}
        deploy.publish_site(session, outputs, site)
    needed = {(ACTION_OF.get(a, a), arn) for a, params in made
              for arn in resource_of(ACTION_OF.get(a, a), params)}
    main = f"arn:aws:cloudformation:{settings['region']}:{ACCOUNT}:stack/portico-prod-main/x"
    needed.add(("cloudformation:DescribeStacks", main))  # deploy_site reads the outputs first
    # HeadObject on a missing download answers 404, not 403, only with ListBucket.
    needed.add(("s3:ListBucket", f"arn:aws:s3:::{names['downloads']}"))
    assert ("s3:DeleteObject", f"arn:aws:s3:::{names['site']}/old-page.html") in needed
    assert ("s3:PutObject", f"arn:aws:s3:::{names['content']}/manifest.json") in needed
    table = f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/portico-prod"
    assert {("dynamodb:Query", table), ("dynamodb:PutItem", table)} <= needed
    # ...and only in the catalogue's partition: what the sync read and wrote was there
    for action, params in made:
        if action == "dynamodb:PutItem":
            assert params["Item"]["pk"] == {"S": "CATALOG"}
        if action == "dynamodb:Query":
            assert params["ExpressionAttributeValues"][":pk"] == {"S": "CATALOG"}
    [catalogue] = [s for s in role(settings)["Policies"][0]["PolicyDocument"]["Statement"]
                   if s["Sid"] == "Catalogue"]
    assert catalogue["Condition"] == CATALOG_KEYS
    rights = granted(settings, outputs["DistributionId"])
    assert not [n for n in needed if not allows(rights, *n)]
    # Every granted (action, resource) is used by the run above.
    unused = [(a, pattern) for a, pattern in rights
              if not any(a == n and fnmatch.fnmatchcase(arn, pattern) for n, arn in needed)]
    assert unused == []


@pytest.mark.parametrize("action,key", [
    ("s3:DeleteObject", "downloads/files/tool.zip"), ("s3:GetObject", "site/index.html"),
    ("s3:PutObject", "content/kb/article.json"), ("s3:DeleteObject", "content/manifest.json"),
    ("s3:GetObject", "content/manifest.json")])
def test_the_role_cannot_touch_what_publishing_does_not(action, key):
    bucket, _, rest = key.partition("/")
    arn = f"arn:aws:s3:::portico-prod-{bucket}-{ACCOUNT}/{rest}"
    assert not allows(granted(settings_for("prod")), action, arn)


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
