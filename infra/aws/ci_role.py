"""The role the site-publishing workflow (.github/workflows/deploy-site.yml) assumes.

Stack `portico-<stage>-ci`, deployed by `make deploy` after the main stack when the
stage's settings have a `ci` block:

    "ci": {"repository": "<org>/<repo>", "environment": "prod",
           "oidc_provider_arn": ""}

GitHub's OIDC token is trusted only for jobs of that repository that run in that GitHub
environment (`sub` = `repo:<org>/<repo>:environment:<env>`, `aud` = `sts.amazonaws.com`).
Which branches may use the environment is GitHub's side: set the environment's
"Deployment branches" to `main` only (README, "CI"). The OIDC provider exists once per
account: when `oidc_provider_arn` is empty, the deploy (and its pre-flight) looks for it
with iam:ListOpenIDConnectProviders and trusts the one found; the stack creates it only
when the account has none (or when this stack made it earlier).

The role may do what `make deploy-site` does and nothing else: read the main stack's
outputs; list, put and delete in the site bucket; put manifest.json in the content bucket;
list, read (HeadObject is s3:GetObject) and put in the downloads bucket, never delete
there; read and add catalogue versions in the table (only its CATALOG partition);
invalidate the stage's distribution.
"""

from infra.aws import template

GITHUB = "token.actions.githubusercontent.com"
PLACEHOLDER_REPOSITORY = "your-org/portico"


def problems(settings: dict) -> list[str]:
    """Settings the CI stack cannot be made from (pre-flight reports them)."""
    repo = settings["ci"].get("repository", "")
    if repo == PLACEHOLDER_REPOSITORY or repo.count("/") != 1:
        return [f'ci.repository is "{repo}": set it to the GitHub repository that publishes '
                f"the site (<org>/<repo>) in infra/aws/settings/{settings['stage']}.json, or "
                'remove the "ci" block if CI does not publish']
    return []


def oidc_provider(iam, cfn, settings: dict) -> str:
    """The GitHub OIDC provider's ARN the role trusts; "" when the stack is to create it.

    The provider exists once per account: creating a second fails ("already exists") at
    the end of a first deploy. One this stack created stays in it (dropping the resource
    would delete the provider)."""
    from botocore.exceptions import ClientError

    given = settings["ci"].get("oidc_provider_arn", "")
    if given:
        return given
    try:
        cfn.describe_stack_resource(StackName=stack_name(settings), LogicalResourceId="GitHubOidc")
        return ""
    except ClientError:
        pass  # no CI stack yet, or it does not hold the provider
    for found in iam.list_open_id_connect_providers().get("OpenIDConnectProviderList", []):
        if found["Arn"].endswith(f":oidc-provider/{GITHUB}"):
            return found["Arn"]
    return ""


def with_provider(settings: dict, arn: str) -> dict:
    return {**settings, "ci": {**settings["ci"], "oidc_provider_arn": arn}}


def stack_name(settings: dict) -> str:
    return template.name(settings, "ci")


def ci_template(settings: dict, distribution_id: str) -> dict:
    ci = settings["ci"]
    repo, environment = ci["repository"], ci.get("environment", settings["stage"])
    resources, provider = {}, ci.get("oidc_provider_arn", "")
    if not provider:
        resources["GitHubOidc"] = {"Type": "AWS::IAM::OIDCProvider", "Properties": {
            "Url": f"https://{GITHUB}", "ClientIdList": ["sts.amazonaws.com"]}}
        provider = {"Ref": "GitHubOidc"}
    bucket = {b: template.bucket_arn(settings, b) for b in ("site", "downloads")}
    main_stack = {"Fn::Sub": "arn:${AWS::Partition}:cloudformation:${AWS::Region}:"
                             f"${{AWS::AccountId}}:stack/{template.name(settings, 'main')}/*"}
    resources["PublishRole"] = {"Type": "AWS::IAM::Role", "Properties": {
        "RoleName": template.name(settings, "ci-publish"),
        "MaxSessionDuration": 3600,
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": provider},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                f"{GITHUB}:aud": "sts.amazonaws.com",
                f"{GITHUB}:sub": f"repo:{repo}:environment:{environment}"}}}]},
        "Policies": [{"PolicyName": "publish-site", "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [
                template.statement(["cloudformation:DescribeStacks"], [main_stack], "Outputs"),
                # The site bucket mirrors the build: compare, upload, remove stale pages.
                template.statement(["s3:ListBucket"], [bucket["site"], bucket["downloads"]],
                                   "List"),
                template.statement(["s3:PutObject", "s3:DeleteObject"],
                                   [template.bucket_arn(settings, "site", "/*")], "SiteObjects"),
                # The content bucket: the help site's manifest only.
                template.statement(["s3:PutObject"], [template.bucket_arn(
                    settings, "content", "/manifest.json")], "Manifest"),
                # Customers' downloads: compare (HeadObject) and add, never delete (a
                # versioned bucket keeps the old versions). ListBucket above makes a
                # missing key a 404, not a 403.
                template.statement(["s3:GetObject", "s3:PutObject"], [template.bucket_arn(
                    settings, "downloads", "/*")], "Downloads"),
                # The catalogue: read the newest version, add the next one; only items
                # whose key is the catalogue's partition (chalicelib/billing/models.py).
                {**template.statement(["dynamodb:PutItem", "dynamodb:Query"], [
                    {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:"
                                f"${{AWS::AccountId}}:table/{template.table_name(settings)}"}],
                    "Catalogue"),
                 "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["CATALOG"]}}},
                template.statement(["cloudfront:CreateInvalidation"], [
                    {"Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:"
                                f"distribution/{distribution_id}"}], "Invalidate"),
            ]}}]}}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Portico {settings['stage']}: the role CI publishes the site with",
            "Resources": resources,
            "Outputs": {"PublishRoleArn": {"Value": {"Fn::GetAtt": ["PublishRole", "Arn"]}}}}
