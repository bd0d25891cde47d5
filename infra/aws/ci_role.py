"""The role the site-publishing workflow (.github/workflows/deploy-site.yml) assumes.

Stack `portico-<stage>-ci`, deployed by `make deploy` after the main stack when the
stage's settings have a `ci` block:

    "ci": {"repository": "<org>/<repo>", "environment": "prod",
           "oidc_provider_arn": ""}

GitHub's OIDC token is trusted only for jobs of that repository that run in that GitHub
environment (`sub` = `repo:<org>/<repo>:environment:<env>`, `aud` = `sts.amazonaws.com`).
Which branches may use the environment is GitHub's side: set the environment's
"Deployment branches" to `main` only (README, "CI"). The OIDC provider exists once per
account: the stack creates it unless `oidc_provider_arn` names an existing one.

The role may do what `make deploy-site` does and nothing else: read the main stack's
outputs, list/put/delete in the site, content and downloads buckets (HeadObject on a
download is s3:GetObject), invalidate the stage's distribution.
"""

from infra.aws import template

GITHUB = "token.actions.githubusercontent.com"


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
    buckets = [template.bucket_arn(settings, b) for b in ("site", "content", "downloads")]
    objects = [template.bucket_arn(settings, b, "/*") for b in ("site", "content", "downloads")]
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
                template.statement(["s3:ListBucket"], buckets, "List"),
                template.statement(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                                   objects, "Objects"),
                template.statement(["cloudfront:CreateInvalidation"], [
                    {"Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:"
                                f"distribution/{distribution_id}"}], "Invalidate"),
            ]}}]}}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Portico {settings['stage']}: the role CI publishes the site with",
            "Resources": resources,
            "Outputs": {"PublishRoleArn": {"Value": {"Fn::GetAtt": ["PublishRole", "Arn"]}}}}
