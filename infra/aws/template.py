"""The CloudFormation templates of a stage, generated from its settings file.

Three stacks per stage:

- bootstrap (stage region): the bucket that holds the Lambda package for CloudFormation.
- edge (us-east-1, where Lambda@Edge must live): the function that serves the site's 404.
- main (stage region): tables, buckets, CloudFront, API Gateway + Lambda (the template
  `chalice package` writes, merged with ours), SES, alarms, log groups, IAM roles.

Everything is resolved from infra/aws/settings/<stage>.json when the template is written,
so the same settings give the same bytes (no CloudFormation parameters to forget).
The tables are written here by hand; a test checks them against the PynamoDB models.
"""

import copy
import hashlib
import json
from email.utils import parseaddr
from pathlib import Path

from infra import security_headers
from infra.aws import waf

HERE = Path(__file__).resolve().parent
SETTINGS_DIR = HERE / "settings"
STAGES = ("dev", "staging", "prod")
APP = "portico"

# AWS-managed CloudFront policies (fixed ids, the same in every account).
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"  # the hosted zone of every *.cloudfront.net alias

# The CSP and the other security headers: one definition, shared with the local stack.
CSP = security_headers.SITE_CSP

# Which hand-written role each Lambda function of the app runs with, by handler name, and
# the log group (logical id) it writes to. A new function (incoming mail) must be given
# both here. The clock's two functions do the same work at two rates: one role.
FUNCTION_ROLES = {"app": "ApiRole", "ses_feedback": "MailFeedbackRole",
                  "jobs_worker": "JobsWorkerRole", "jobs_minutely": "ClockRole",
                  "jobs_daily": "ClockRole"}
LOG_GROUPS = {"app": "ApiLogs", "ses_feedback": "MailFeedbackLogs",
              "jobs_worker": "JobsWorkerLogs", "jobs_minutely": "ClockMinutelyLogs",
              "jobs_daily": "ClockDailyLogs"}
# Functions SNS invokes asynchronously: each gets an on-failure queue. (The clock's are
# invoked asynchronously too, by EventBridge, but a failed tick is simply done again by
# the next one: its Errors alarm is enough.)
ASYNC_FUNCTIONS = {"ses_feedback"}
LAMBDA_TIMEOUT = 25  # seconds; below API Gateway's 29 s integration timeout
# The worker and the clock answer no request: a minute (chalicelib.jobs.worker.LEASE, the
# time a job is held, must be longer).
BACKGROUND_TIMEOUT = 60
BACKGROUND_FUNCTIONS = {"jobs_worker", "jobs_minutely", "jobs_daily"}
# Lambda wants a queue's visibility timeout to be at least its function's timeout; AWS
# advises six times, so a batch that is retried inside Lambda is not handed out again.
JOBS_VISIBILITY_TIMEOUT = 6 * BACKGROUND_TIMEOUT
# A message that made the worker fail (not a job that failed: the worker records those
# itself) this many times goes to the dead-letter queue.
JOBS_MAX_RECEIVES = 5


# Data resources survive a stack's deletion, except when its first create fails (deploy.py
# then deletes the rolled-back stack and creates it again).
DATA_DELETION_POLICY = "RetainExceptOnCreate"


class SettingsError(Exception):
    pass


REQUIRED = ("region", "domain", "certificate_arn", "mail_from", "alarm_email",
            "api_rate_limit", "api_burst_limit", "log_retention_days",
            "deletion_protection", "price_class")


def load_settings(stage: str, path: Path | None = None) -> dict:
    """Read and check one stage's settings file."""
    if stage not in STAGES:
        raise SettingsError(f"unknown stage {stage!r}: one of {', '.join(STAGES)}")
    path = path or SETTINGS_DIR / f"{stage}.json"
    settings = json.loads(Path(path).read_text())
    missing = [k for k in REQUIRED if k not in settings]
    if missing:
        raise SettingsError(f"{path}: missing {', '.join(missing)}")
    if not settings["certificate_arn"].startswith("arn:aws:acm:us-east-1:"):
        raise SettingsError("certificate_arn: CloudFront only takes certificates from us-east-1")
    name, sender = parseaddr(settings["mail_from"])
    if "@" not in sender or name or sender != settings["mail_from"].strip():
        raise SettingsError("mail_from: the address alone, e.g. 'no-reply@example.com' (the "
                            "sender's name is the company's trade name, from its file)")
    for key in ("company", "bank"):
        if key in settings:
            raise SettingsError(f"{key}: the company's data is in its own file, "
                                f"functions/chalicelib/company/{stage}.json (docs/company.md)")
    from chalicelib import company

    try:
        company.load(stage)  # a wrong value stops the deploy before anything is sent
    except company.CompanyError as exc:
        raise SettingsError(str(exc)) from exc
    settings.setdefault("hosted_zone_id", "")
    check_lambda_platform(settings)
    return {**settings, "stage": stage, "mail_domain": sender.split("@", 1)[1],
            "site_url": f"https://{settings['domain']}"}


PYTHONS = ("3.11", "3.12", "3.13")
ARCHITECTURES = ("x86_64", "arm64")


def check_lambda_platform(settings: dict) -> None:
    """Cold-start settings (README, "Cold start"): all off by default."""
    settings.setdefault("lambda_architecture", "x86_64")
    settings.setdefault("lambda_python", "3.11")
    settings.setdefault("snapstart", False)
    if settings["lambda_architecture"] not in ARCHITECTURES:
        raise SettingsError(f"lambda_architecture: one of {', '.join(ARCHITECTURES)}")
    if settings["lambda_python"] not in PYTHONS:
        raise SettingsError(f"lambda_python: one of {', '.join(PYTHONS)}")
    if settings["snapstart"] and settings["lambda_python"] < "3.12":
        raise SettingsError("snapstart: Lambda SnapStart for Python needs lambda_python "
                            "3.12 or later")


def name(settings: dict, suffix: str) -> str:
    return f"{APP}-{settings['stage']}-{suffix}"


def bucket_name(settings: dict, suffix: str) -> dict:
    # Bucket names are global: the account id keeps two hosters' (or stages') apart.
    return {"Fn::Sub": f"{APP}-{settings['stage']}-{suffix}-${{AWS::AccountId}}"}


def bucket_arn(settings: dict, suffix: str, objects: str = "") -> dict:
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{APP}-{settings['stage']}-{suffix}"
                       f"-${{AWS::AccountId}}{objects}"}


# ---------------------------------------------------------------------------- tables

def table_name(settings: dict) -> str:
    return f"{APP}-{settings['stage']}"


def tables(settings: dict) -> dict:
    """The DynamoDB tables of the app, as resources (keys must match chalicelib.db)."""
    table = {
        "Type": "AWS::DynamoDB::Table",
        # Kept when the stack is deleted or the table replaced, but not when the stack's
        # first create fails: then it is empty, and keeping it (fixed name) would make the
        # rerun fail with "already exists".
        "DeletionPolicy": DATA_DELETION_POLICY,
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "TableName": table_name(settings),
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "gsi1pk", "AttributeType": "S"},
                {"AttributeName": "gsi1sk", "AttributeType": "S"},
            ],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            # db.py's generic index. CloudFormation adds a GSI to a live table (one per
            # update) and DynamoDB backfills it from the items that have its keys.
            "GlobalSecondaryIndexes": [{
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"},
                              {"AttributeName": "gsi1sk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }],
            "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True},
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "DeletionProtectionEnabled": bool(settings["deletion_protection"]),
        },
    }
    return {"Table": table}


def tables_template(settings: dict) -> dict:
    """A template with the tables alone: what the tests create on moto's CloudFormation."""
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Portico {settings['stage']}: DynamoDB tables",
            "Resources": tables(settings)}


# --------------------------------------------------------------------------- buckets

def private_bucket(settings: dict, suffix: str, *, keep: bool) -> dict:
    bucket = {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketName": bucket_name(settings, suffix),
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                 "BucketKeyEnabled": True}]},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": True,
                "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            "VersioningConfiguration": {"Status": "Enabled" if keep else "Suspended"},
        },
    }
    if keep:
        # Versions guard against a bad publish or a deletion, for a while, not forever.
        bucket["Properties"]["LifecycleConfiguration"] = {"Rules": [
            {"Id": "old-versions", "Status": "Enabled",
             "NoncurrentVersionExpiration": {"NoncurrentDays": settings.get(
                 "old_versions_days", 90)},
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]}
        bucket["DeletionPolicy"] = DATA_DELETION_POLICY
        bucket["UpdateReplacePolicy"] = "Retain"
    return bucket


def tls_only(settings: dict, suffix: str) -> dict:
    return {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [bucket_arn(settings, suffix), bucket_arn(settings, suffix, "/*")],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def buckets(settings: dict) -> dict:
    # Site: rebuilt from git on every publish, so no versions to keep. Content (the
    # help-site manifest) likewise. Downloads hold files the repo may not: keep them.
    resources = {
        "SiteBucket": private_bucket(settings, "site", keep=False),
        "ContentBucket": private_bucket(settings, "content", keep=False),
        "DownloadsBucket": private_bucket(settings, "downloads", keep=True),
    }
    resources["SiteBucketPolicy"] = {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {"Bucket": {"Ref": "SiteBucket"}, "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                tls_only(settings, "site"),
                {"Sid": "CloudFrontReads", "Effect": "Allow",
                 "Principal": {"Service": "cloudfront.amazonaws.com"},
                 # ListBucket lets S3 answer a missing page with 404 instead of 403.
                 "Action": ["s3:GetObject", "s3:ListBucket"],
                 "Resource": [bucket_arn(settings, "site"), bucket_arn(settings, "site", "/*")],
                 "Condition": {"StringEquals": {"AWS:SourceArn": {"Fn::Sub":
                     "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/"
                     "${Distribution}"}}}},
            ]}},
    }
    for logical, suffix in (("ContentBucket", "content"), ("DownloadsBucket", "downloads")):
        resources[f"{logical}Policy"] = {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {"Bucket": {"Ref": logical}, "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [tls_only(settings, suffix)]}},
        }
    return resources


# ------------------------------------------------------------------------ CloudFront

def viewer_request_code() -> str:
    return (HERE / "edge" / "viewer_request.js").read_text()


def cloudfront(settings: dict, edge_version_arn: str, web_acl_arn: str) -> dict:
    site_behaviour = {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "redirect-to-https",
        "AllowedMethods": ["GET", "HEAD"],
        "CachedMethods": ["GET", "HEAD"],
        "Compress": True,
        "CachePolicyId": CACHING_OPTIMIZED,
        "ResponseHeadersPolicyId": {"Ref": "SecurityHeaders"},
        "FunctionAssociations": [{"EventType": "viewer-request",
                                  "FunctionARN": {"Fn::GetAtt": ["SiteIndexFunction",
                                                                 "FunctionMetadata.FunctionARN"]}}],
        "LambdaFunctionAssociations": [{"EventType": "origin-response",
                                        "LambdaFunctionARN": edge_version_arn}],
    }
    api_behaviour = {
        "PathPattern": "/api/*",
        "TargetOriginId": "api",
        "ViewerProtocolPolicy": "https-only",
        "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
        "CachedMethods": ["GET", "HEAD"],
        "Compress": True,
        "CachePolicyId": CACHING_DISABLED,
        "OriginRequestPolicyId": {"Ref": "ApiOriginRequestPolicy"},
        "ResponseHeadersPolicyId": {"Ref": "SecurityHeaders"},
    }
    distribution = {
        "Type": "AWS::CloudFront::Distribution",
        "Properties": {"DistributionConfig": {
            "Enabled": True,
            # The secret's version in the settings: bumping it changes the resources that
            # read the secret, so CloudFormation resolves it again (README: rotation).
            "Comment": f"{name(settings, 'site-and-api')} (origin secret "
                       f"v{settings.get('origin_secret_version', 1)})",
            "Aliases": [settings["domain"]],
            "ViewerCertificate": {"AcmCertificateArn": settings["certificate_arn"],
                                  "SslSupportMethod": "sni-only",
                                  "MinimumProtocolVersion": "TLSv1.2_2021"},
            "HttpVersion": "http2and3",
            "IPV6Enabled": True,
            "PriceClass": settings["price_class"],
            "DefaultRootObject": "index.html",
            "Origins": [
                {"Id": "site",
                 "DomainName": {"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]},
                 "OriginAccessControlId": {"Fn::GetAtt": ["SiteOriginAccess", "Id"]},
                 "S3OriginConfig": {"OriginAccessIdentity": ""}},
                {"Id": "api",
                 # The stage is called `api`, so /api/* maps onto it with no origin path.
                 "DomainName": {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.amazonaws.com"},
                 "CustomOriginConfig": {"OriginProtocolPolicy": "https-only",
                                        "OriginSSLProtocols": ["TLSv1.2"]},
                 # Proves to the app that a request came through CloudFront (config.py).
                 "OriginCustomHeaders": [{"HeaderName": "X-Origin-Verify",
                                          "HeaderValue": ORIGIN_SECRET_VALUE}]},
            ],
            "DefaultCacheBehavior": site_behaviour,
            "CacheBehaviors": [api_behaviour],
            "WebACLId": web_acl_arn,  # waf.py: made in us-east-1 by the edge stack
            # Standard logs: one gzip per few minutes, no cookies; kept access_log_days.
            "Logging": {"Bucket": {"Fn::GetAtt": ["LogsBucket", "DomainName"]},
                        "Prefix": "cloudfront/", "IncludeCookies": False},
            # No CustomErrorResponses: they would replace the API's JSON errors too.
        }},
    }
    logs = private_bucket(settings, "logs", keep=False)
    # CloudFront's standard logs are delivered with an ACL grant: the bucket must allow
    # ACLs (the owner still owns every object).
    logs["Properties"]["OwnershipControls"] = {"Rules": [
        {"ObjectOwnership": "BucketOwnerPreferred"}]}
    logs["Properties"]["LifecycleConfiguration"] = {"Rules": [
        {"Id": "expire", "Status": "Enabled", "ExpirationInDays": access_log_days(settings)}]}
    return {
        "Distribution": distribution,
        "LogsBucket": logs,
        "SiteOriginAccess": {
            "Type": "AWS::CloudFront::OriginAccessControl",
            "Properties": {"OriginAccessControlConfig": {
                "Name": name(settings, "site"), "OriginAccessControlOriginType": "s3",
                "SigningBehavior": "always", "SigningProtocol": "sigv4"}},
        },
        "SiteIndexFunction": {
            "Type": "AWS::CloudFront::Function",
            "Properties": {"Name": name(settings, "site-index"), "AutoPublish": True,
                           "FunctionCode": viewer_request_code(),
                           "FunctionConfig": {"Comment": "/kb/ -> /kb/index.html",
                                              "Runtime": "cloudfront-js-2.0"}},
        },
        "ApiOriginRequestPolicy": {
            "Type": "AWS::CloudFront::OriginRequestPolicy",
            "Properties": {"OriginRequestPolicyConfig": {
                "Name": name(settings, "api"),
                # Host stays out: API Gateway routes by its own host name.
                "HeadersConfig": {"HeaderBehavior": "whitelist", "Headers": [
                    "Origin", "CloudFront-Viewer-Address", "Accept", "Accept-Language",
                    "Content-Type", "User-Agent", "Referer", "Idempotency-Key"]},
                "CookiesConfig": {"CookieBehavior": "all"},
                "QueryStringsConfig": {"QueryStringBehavior": "all"}}},
        },
        "SecurityHeaders": {
            "Type": "AWS::CloudFront::ResponseHeadersPolicy",
            "Properties": {"ResponseHeadersPolicyConfig": {
                "Name": name(settings, "security-headers"),
                **security_headers.cloudfront_policy()}},
        },
    }


# ------------------------------------------------------------------------------- SES

def mail(settings: dict) -> dict:
    """The stage's configuration set and bounce topic; the identity is the account's
    (mailstack.py): SES has one per domain, account and region."""
    return {
        "MailConfiguration": {
            "Type": "AWS::SES::ConfigurationSet",
            "Properties": {"Name": name(settings, "mail"),
                           "ReputationOptions": {"ReputationMetricsEnabled": True}},
        },
        "MailFeedbackDestination": {
            "Type": "AWS::SES::ConfigurationSetEventDestination",
            "Properties": {"ConfigurationSetName": {"Ref": "MailConfiguration"},
                           "EventDestination": {
                               "Name": "bounces-and-complaints", "Enabled": True,
                               "MatchingEventTypes": ["bounce", "complaint"],
                               "SnsDestination": {"TopicARN": {"Ref": "MailFeedbackTopic"}}}},
        },
        "MailFeedbackTopic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": name(settings, "mail-feedback")},
        },
        "MailFeedbackTopicPolicy": {
            "Type": "AWS::SNS::TopicPolicy",
            "Properties": {"Topics": [{"Ref": "MailFeedbackTopic"}], "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"},
                               "Action": "sns:Publish", "Resource": {"Ref": "MailFeedbackTopic"},
                               "Condition": {"StringEquals": {
                                   "AWS:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}},
        },
    }


def site_records(settings: dict) -> list[dict]:
    return [{"Name": settings["domain"], "Type": kind, "Alias": "the CloudFront distribution"}
            for kind in ("A", "AAAA")]


def dns_records(settings: dict) -> list[dict]:
    """The records an operator publishes (or the stacks write, given a hosted zone)."""
    from infra.aws import mailstack

    return site_records(settings) + mailstack.mail_records(settings) + mailstack.dkim_records()


def kept(settings: dict, record: dict) -> bool:
    """Records the settings say exist already and stay as they are (`keep_dns_records`)."""
    label = f"{record['Name']} {record['Type']}".lower()
    return label in {k.lower() for k in settings.get("keep_dns_records", [])}


def route53(settings: dict) -> dict:
    zone = settings["hosted_zone_id"]
    if not zone:
        return {}
    resources = {}
    for record in site_records(settings):
        if kept(settings, record):
            continue
        resources[f"SiteAlias{record['Type']}"] = {
            "Type": "AWS::Route53::RecordSet",
            "Properties": {"HostedZoneId": zone, "Name": settings["domain"],
                           "Type": record["Type"],
                           "AliasTarget": {"DNSName": {"Fn::GetAtt": ["Distribution", "DomainName"]},
                                           "HostedZoneId": CLOUDFRONT_ZONE}}}
    return resources


# ------------------------------------------------------------------------------- IAM

def table_arn(settings: dict) -> dict:
    return {"Fn::GetAtt": ["Table", "Arn"]}


def statement(actions: list[str], resources: list, sid: str) -> dict:
    return {"Sid": sid, "Effect": "Allow", "Action": sorted(actions), "Resource": resources}


def api_policy(settings: dict) -> list[dict]:
    """What the API function may do: its table, its buckets, and queue jobs. It sends no
    mail itself (the worker does)."""
    return [
        statement(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                   "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                   "dynamodb:BatchWriteItem", "dynamodb:TransactWriteItems"],
                  [table_arn(settings), {"Fn::Sub": "${Table.Arn}/index/*"}], "Table"),
        statement(["s3:GetObject"], [bucket_arn(settings, "content", "/manifest.json")],
                  "HelpSiteManifest"),
        # Presigned download links are signed with the function's own credentials.
        statement(["s3:GetObject"], [bucket_arn(settings, "downloads", "/*")], "Downloads"),
        statement(["sqs:SendMessage"], [queue_arn("JobsQueue")], "Jobs"),
        # No SSM yet: grant ssm:GetParameter (and pass the parameters' path) with the code
        # that first reads a parameter.
        logs_statement("ApiLogs"),
    ]


def queue_arn(logical: str) -> dict:
    return {"Fn::GetAtt": [logical, "Arn"]}


def mail_statement(settings: dict) -> dict:
    return statement(["ses:SendRawEmail"], [
        {"Fn::Sub": f"arn:${{AWS::Partition}}:ses:${{AWS::Region}}:${{AWS::AccountId}}:"
                    f"identity/{settings['mail_domain']}"},
        {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:"
                    "configuration-set/${MailConfiguration}"}], "Mail")


def jobs_worker_policy(settings: dict) -> list[dict]:
    """The worker runs every job kind (docs/jobs.md): the table's items (no index, no
    delete yet), SES, its queues. A job kind that needs more grants it here, with a test
    that makes the call (tests/support/aws_actions.py holds the two together)."""
    return [
        # IAM judges each write of a transaction as its own PutItem or UpdateItem: the
        # worker's puts (a token, an e-mail's log, a job) are all inside transactions.
        statement(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                   "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:TransactWriteItems"],
                  [table_arn(settings)], "Table"),
        mail_statement(settings),
        # Jobs that make jobs, retries sooner than the sweeper; a job that gives up.
        statement(["sqs:SendMessage"], [queue_arn("JobsQueue"), queue_arn("JobsDeadLetters")],
                  "Jobs"),
        # Lambda reads the queue for the function with the function's own role.
        statement(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                   "sqs:ChangeMessageVisibility"], [queue_arn("JobsQueue")], "JobsTrigger"),
        logs_statement("JobsWorkerLogs"),
    ]


def clock_policy(settings: dict) -> list[dict]:
    """The clock: task marks in the table, the sweeper's Query of the index and its
    re-sends. A task that needs more (the daily billing run) grants it here."""
    return [
        statement(["dynamodb:GetItem", "dynamodb:UpdateItem"], [table_arn(settings)], "Table"),
        statement(["dynamodb:Query"], [{"Fn::Sub": "${Table.Arn}/index/gsi1"}], "Index"),
        statement(["sqs:SendMessage"], [queue_arn("JobsQueue")], "Jobs"),
        logs_statement("ClockMinutelyLogs", "ClockDailyLogs"),
    ]


def mail_feedback_policy(settings: dict) -> list[dict]:
    """The bounce handler reads sign-ins and writes the log and suppressions: nothing else."""
    return [
        statement(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
                  [table_arn(settings)], "Table"),
        # Lambda sends a failed event to the on-failure queue with the function's role.
        statement(["sqs:SendMessage"], [{"Fn::GetAtt": [failed_events_queue("ses_feedback"),
                                                        "Arn"]}],
                  "FailedEvents"),
        logs_statement("MailFeedbackLogs"),
    ]


def logs_statement(*log_groups: str) -> dict:
    return statement(["logs:CreateLogStream", "logs:PutLogEvents"],
                     [{"Fn::Sub": f"${{{group}.Arn}}"} for group in log_groups], "Logs")


POLICIES = {"ApiRole": api_policy, "MailFeedbackRole": mail_feedback_policy,
            "JobsWorkerRole": jobs_worker_policy, "ClockRole": clock_policy}


def role(settings: dict, logical: str) -> dict:
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": logical, "PolicyDocument": {
                "Version": "2012-10-17", "Statement": POLICIES[logical](settings)}}],
        },
    }


# ------------------------------------------------------------------- the app's parts

# Generated once by Secrets Manager; CloudFront sends it, the API checks it.
ORIGIN_SECRET_VALUE = {"Fn::Sub": "{{resolve:secretsmanager:${OriginSecret}:SecretString}}"}


def origin_secret(settings: dict) -> dict:
    return {"OriginSecret": {
        "Type": "AWS::SecretsManager::Secret",
        "Properties": {
            # No fixed name: a deleted secret's name stays taken during its recovery
            # window, which would make a rerun after a failed create fail.
            "Description": "Header value CloudFront adds to API requests (X-Origin-Verify)",
            "GenerateSecretString": {"PasswordLength": 48, "ExcludePunctuation": True}}}}


# Functions that answer requests through CloudFront and so check its header; no other
# function gets the secret in its environment (anyone who may read a function's
# configuration can read its environment).
ORIGIN_CHECKING_FUNCTIONS = {"app"}


def environment(settings: dict, fn: str = "app") -> dict:
    """The app's settings (chalicelib/config.py) on AWS, for one function."""
    secret = ({"ORIGIN_SECRET": ORIGIN_SECRET_VALUE,
               "ORIGIN_SECRET_VERSION": str(settings.get("origin_secret_version", 1))}
              if fn in ORIGIN_CHECKING_FUNCTIONS else {})
    return {
        "STAGE": settings["stage"],
        **secret,
        "SITE_URL": settings["site_url"],
        "TABLE_NAME": {"Ref": "Table"},
        "CONTENT_BUCKET": {"Ref": "ContentBucket"},
        "DOWNLOADS_BUCKET": {"Ref": "DownloadsBucket"},
        "MAIL_FROM": settings["mail_from"],
        # The identity is the account's; the stage's sends name the stage's configuration
        # set, so that its bounces reach this stage's handler.
        "MAIL_CONFIGURATION_SET": {"Ref": "MailConfiguration"},
        # The address ranges the staff console is used from (settings'
        # "staff_ip_allowlist", CIDRs; none: anywhere): the WAF blocks /staff/ and
        # /api/staff/ from elsewhere (waf.py), and the app refuses them too.
        "STAFF_NETWORKS": ",".join(settings.get("staff_ip_allowlist", [])),
        # Background jobs (docs/jobs.md): the URLs, so no function asks SQS for them.
        "JOBS_QUEUE_URL": {"Ref": "JobsQueue"},
        "JOBS_DEAD_LETTER_URL": {"Ref": "JobsDeadLetters"},
        # Nothing else: a variable arrives with the code that reads it (config.py). The
        # company's data is not here: the functions read its file, packaged with them.
    }


def gateway_responses() -> dict:
    """API Gateway's own answers, in the API's error envelope (Spanish, the default)."""
    from chalicelib.i18n import MESSAGES

    def envelope(code: str, status: int, message: str | None = None) -> dict:
        body = json.dumps({"error": {"code": code, "message": message or MESSAGES[code]["es"]}},
                          ensure_ascii=False)
        return {"statusCode": status,
                "responseParameters": {"gatewayresponse.header.Cache-Control": "'no-store'"},
                "responseTemplates": {"application/json": body}}

    internal = MESSAGES["internal_error"]["es"].replace("{request_id}", "$context.requestId")
    return {
        # API Gateway answers an unknown path as if it needed a token: 403. docs/api.md says 404.
        "MISSING_AUTHENTICATION_TOKEN": envelope("not_found", 404),
        "THROTTLED": envelope("too_many_attempts", 429),
        "REQUEST_TOO_LARGE": envelope("payload_too_large", 413),
        # No status of its own: the response keeps the 5xx that happened (502, 504 ...),
        # so the 5XXError metric and its alarm count integration failures.
        "DEFAULT_5XX": {k: v for k, v in envelope("internal_error", 500, internal).items()
                        if k != "statusCode"},
    }


def failed_events_queue(fn: str) -> str:
    """Logical id of the on-failure queue of an asynchronously invoked function."""
    return "".join(part.title() for part in fn.split("_")) + "FailedEvents"


def function_name(resource: dict) -> str:
    return resource["Properties"]["Handler"].rsplit(".", 1)[1]


def log_group(settings: dict, suffix: str) -> dict:
    return {"Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": f"/aws/lambda/{name(settings, suffix)}",
                           "RetentionInDays": settings["log_retention_days"]}}


def alarm(settings: dict, metric: str, namespace: str, dimensions: list, description: str,
          **props) -> dict:
    """One alarm to the stage's topic: by default, any occurrence within five minutes."""
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": description,
        "Namespace": namespace, "MetricName": metric, "Dimensions": dimensions,
        "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1, "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching",
        "AlarmActions": [{"Ref": "AlarmTopic"}], "OKActions": [{"Ref": "AlarmTopic"}], **props}}


# SES reviews an account at a 5% bounce or 0.1% complaint rate and may pause it at 10% /
# 0.5%: alarm at half the review level, while there is time to act.
SES_RATE_ALARMS = {"Bounce": ("Reputation.BounceRate", 0.025),
                   "Complaint": ("Reputation.ComplaintRate", 0.0005)}


def stage_alarms(settings: dict) -> dict:
    """Alarms on what the stage as a whole uses: mail reputation, the table."""
    stage = settings["stage"]
    alarms = {}
    for kind, (metric, threshold) in SES_RATE_ALARMS.items():
        # ReputationMetricsEnabled on the configuration set publishes these per set.
        alarms[f"Mail{kind}RateAlarm"] = alarm(
            settings, metric, "AWS/SES",
            [{"Name": "ses:configuration-set", "Value": {"Ref": "MailConfiguration"}}],
            f"Portico {stage}: SES {kind.lower()} rate above {threshold:.2%} (SES reviews "
            "the account at twice that)", Statistic="Maximum", Period=3600,
            Threshold=threshold, ComparisonOperator="GreaterThanThreshold")
    for kind in ("Read", "Write"):
        alarms[f"Table{kind}ThrottleAlarm"] = alarm(
            settings, f"{kind}ThrottleEvents", "AWS/DynamoDB",
            [{"Name": "TableName", "Value": {"Ref": "Table"}}],
            f"Portico {stage}: DynamoDB throttled {kind.lower()}s")
    alarms["JobsDeadLettersAlarm"] = alarm(
        settings, "ApproximateNumberOfMessagesVisible", "AWS/SQS",
        [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["JobsDeadLetters", "QueueName"]}}],
        f"Portico {stage}: a background job gave up (its error is on the job item, "
        "JOBS#DEAD in the index; docs/jobs.md)", Statistic="Maximum")
    return alarms


def jobs_queues(settings: dict) -> dict:
    """The job queue and its dead-letter queue (docs/jobs.md). A message names a job and
    holds nothing secret; both are encrypted at rest all the same."""
    return {
        "JobsQueue": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": name(settings, "jobs"),
            "VisibilityTimeout": JOBS_VISIBILITY_TIMEOUT,
            # The table keeps every job; four days is plenty for a message naming one.
            "MessageRetentionPeriod": 4 * 24 * 3600,
            "SqsManagedSseEnabled": True,
            "RedrivePolicy": {"deadLetterTargetArn": queue_arn("JobsDeadLetters"),
                              "maxReceiveCount": JOBS_MAX_RECEIVES}}},
        "JobsDeadLetters": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": name(settings, "jobs-dead"),
            "MessageRetentionPeriod": 14 * 24 * 3600,  # SQS's longest
            "SqsManagedSseEnabled": True}},
    }


# Rule names and words for the clock's functions (the expressions come from app.py).
CLOCK_RULES = {"jobs_minutely": ("clock-minutely", "Portico: tasks of every minute (the sweeper)"),
               "jobs_daily": ("clock-daily", "Portico: daily tasks, each date once, missed "
                                             "dates caught up")}


def function_target(settings: dict, logical: str) -> dict:
    """What invokes a function: its ARN, or its alias's when SnapStart is on."""
    if settings.get("snapstart"):
        return {"Ref": f"{logical}.Alias"}
    return {"Fn::GetAtt": [logical, "Arn"]}


def schedule_rules(settings: dict, resources: dict) -> dict:
    """Chalice's schedules as our own rules (named per stage, and plain CloudFormation, so
    moto's CloudFormation and cfn-lint see them), each with its permission to invoke."""
    rules = {}
    for logical, resource in sorted(resources.items()):
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        events = resource["Properties"].get("Events", {})
        for event_name, event in list(events.items()):
            if event["Type"] != "Schedule":
                continue
            fn = function_name(resource)
            if fn not in CLOCK_RULES:
                raise SettingsError(f"schedule of {fn!r} has no rule: add it to CLOCK_RULES")
            suffix, description = CLOCK_RULES[fn]
            target = function_target(settings, logical)
            rules[f"{logical}Rule"] = {"Type": "AWS::Events::Rule", "Properties": {
                "Name": name(settings, suffix), "Description": description,
                "ScheduleExpression": event["Properties"]["Schedule"], "State": "ENABLED",
                "Targets": [{"Id": "clock", "Arn": target}]}}
            rules[f"{logical}RulePermission"] = {"Type": "AWS::Lambda::Permission", "Properties": {
                "FunctionName": target, "Action": "lambda:InvokeFunction",
                "Principal": "events.amazonaws.com",
                "SourceArn": {"Fn::GetAtt": [f"{logical}Rule", "Arn"]}}}
            del events[event_name]
        if "Events" in resource["Properties"] and not events:
            del resource["Properties"]["Events"]
    return rules


# One JSON line per request; no cookies, no bodies, no query strings (tokens travel there).
API_ACCESS_LOG = {"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                  "time": "$context.requestTime", "method": "$context.httpMethod",
                  "path": "$context.resourcePath", "status": "$context.status",
                  "latency": "$context.responseLatency",
                  "integrationError": "$context.integration.error",
                  "waf": "$context.wafResponseCode"}


def access_log_days(settings: dict) -> int:
    return settings.get("access_log_days", 90)


def app_parts(settings: dict, sam_resources: dict) -> tuple[dict, dict]:
    """Overrides for Chalice's resources, and the resources each function brings along."""
    overrides, extra = {}, {}
    overrides["RestAPI"] = {"Properties": {
        "Name": name(settings, "api"),
        # CloudFront is in front already: an edge-optimised API would add a second one.
        "EndpointConfiguration": "REGIONAL",
        # Detailed (per method) metrics cost per resource and method; the alarms read the
        # stage-wide ones, which are always there.
        "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": False,
                            "ThrottlingRateLimit": settings["api_rate_limit"],
                            "ThrottlingBurstLimit": settings["api_burst_limit"]}],
        "DefinitionBody": {"x-amazon-apigateway-gateway-responses": gateway_responses()},
        # Needs API Gateway's account-wide CloudWatch role: the mail stack sets it.
        "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]},
                             "Format": json.dumps(API_ACCESS_LOG, separators=(",", ":"))},
    }}
    extra["ApiAccessLogs"] = {"Type": "AWS::Logs::LogGroup", "Properties": {
        "LogGroupName": f"/aws/apigateway/{name(settings, 'api')}",
        "RetentionInDays": access_log_days(settings)}}
    extra["Api5xxAlarm"] = alarm(
        settings, "5XXError", "AWS/ApiGateway",
        [{"Name": "ApiName", "Value": name(settings, "api")}, {"Name": "Stage", "Value": "api"}],
        f"Portico {settings['stage']}: the API answered 5xx")
    for logical, resource in sorted(sam_resources.items()):
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        fn = function_name(resource)
        if fn not in FUNCTION_ROLES:
            raise SettingsError(f"function {fn!r} ({logical}) has no IAM role: add it to "
                                "FUNCTION_ROLES, LOG_GROUPS and POLICIES in infra/aws/template.py")
        role_name = FUNCTION_ROLES[fn]
        group = LOG_GROUPS[fn]
        suffix = "api" if fn == "app" else fn.replace("_", "-")
        props = {"FunctionName": name(settings, suffix),
                 "Role": {"Fn::GetAtt": [role_name, "Arn"]},
                 "Runtime": f"python{settings.get('lambda_python', '3.11')}",
                 "Architectures": [settings.get("lambda_architecture", "x86_64")],
                 # API Gateway gives up at 29 s: a longer run would be paid for and lost.
                 "Timeout": BACKGROUND_TIMEOUT if fn in BACKGROUND_FUNCTIONS else LAMBDA_TIMEOUT,
                 "Environment": {"Variables": environment(settings, fn)},
                 # JSON lines carry the request id; Python's logging keeps its levels.
                 "LoggingConfig": {"LogGroup": {"Ref": group}, "LogFormat": "JSON",
                                   "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"}}
        if settings.get("snapstart"):
            # SnapStart snapshots published versions only; SAM publishes one per code
            # change and points the alias at it (snapstart_alias() re-points API Gateway).
            props["SnapStart"] = {"ApplyOn": "PublishedVersions"}
            props["AutoPublishAlias"] = SNAPSTART_ALIAS
        if fn in ASYNC_FUNCTIONS:
            # SNS invokes it asynchronously: after Lambda's retries, keep the event.
            failed = failed_events_queue(fn)
            props["EventInvokeConfig"] = {
                "MaximumRetryAttempts": 2,
                "DestinationConfig": {"OnFailure": {"Type": "SQS",
                                                    "Destination": {"Fn::GetAtt": [failed, "Arn"]}}}}
            extra[failed] = {"Type": "AWS::SQS::Queue", "Properties": {
                "QueueName": name(settings, f"{suffix}-failed"),
                "MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True}}
            extra[f"{failed}Alarm"] = alarm(
                settings, "ApproximateNumberOfMessagesVisible", "AWS/SQS",
                [{"Name": "QueueName", "Value": {"Fn::GetAtt": [failed, "QueueName"]}}],
                f"Portico {settings['stage']}: {fn} gave up on an event (kept 14 days in "
                "the queue)", Statistic="Maximum")
        overrides[logical] = {"Properties": props}
        extra[role_name] = role(settings, role_name)
        extra[group] = log_group(settings, suffix)
        for metric in ("Errors", "Throttles"):
            extra[f"{logical}{metric}Alarm"] = alarm(
                settings, metric, "AWS/Lambda",
                [{"Name": "FunctionName", "Value": {"Ref": logical}}],
                f"Portico {settings['stage']}: function {fn}: {metric.lower()}")
    extra.update(stage_alarms(settings))
    return overrides, extra


SNAPSTART_ALIAS = "live"


def snapstart_alias(resources: dict) -> None:
    """Chalice's API invokes the function's $LATEST (its ARN), which SnapStart never
    snapshots: make the integration and its permission use the alias instead. SNS
    subscriptions SAM makes follow the alias by themselves."""
    functions = [k for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"]
    api = resources.get("RestAPI", {}).get("Properties", {})
    if "DefinitionBody" in api:
        text = json.dumps(api["DefinitionBody"])
        for logical in functions:
            # SAM resolves X.Alias in a Ref, not inside the definition's Fn::Sub: name the
            # alias by its qualified ARN there.
            text = text.replace(f"${{{logical}.Arn}}", f"${{{logical}.Arn}}:{SNAPSTART_ALIAS}")
        api["DefinitionBody"] = json.loads(text)
    for resource in resources.values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Permission" and \
                props.get("FunctionName", {}).get("Ref") in functions:
            props["FunctionName"] = {"Ref": f"{props['FunctionName']['Ref']}.Alias"}


def merge(base: dict, override: dict) -> dict:
    """Deep-merge override into a copy of base: dicts merge, anything else replaces."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def main_template(settings: dict, sam: dict, *, edge_version_arn: str,
                  web_acl_arn: str = "", code_uri: str | None = None) -> dict:
    """The stage's main template: Chalice's (sam.json) with ours merged in."""
    overrides, app_extra = app_parts(settings, sam["Resources"])
    resources = merge(sam["Resources"], overrides)
    for resource in resources.values():
        if resource["Type"] == "AWS::Serverless::Function" and \
                function_name(resource) == "ses_feedback":
            for event in resource["Properties"].get("Events", {}).values():
                if event["Type"] == "SNS":
                    # The code names a topic; each stage has its own.
                    event["Properties"]["Topic"] = {"Ref": "MailFeedbackTopic"}
        if resource["Type"] == "AWS::Serverless::Function" and \
                function_name(resource) == "jobs_worker":
            for event in resource["Properties"].get("Events", {}).values():
                if event["Type"] == "SQS":
                    # The code names a queue; each stage has its own. Only the messages
                    # the worker names come back (handlers.py); a few workers at once at
                    # most, so a burst of jobs does not exceed SES's or a registrar's rate.
                    event["Properties"].update(
                        Queue=queue_arn("JobsQueue"),
                        FunctionResponseTypes=["ReportBatchItemFailures"],
                        ScalingConfig={"MaximumConcurrency": settings.get("jobs_concurrency", 5)})
    rules = schedule_rules(settings, resources)
    if settings.get("snapstart"):
        snapstart_alias(resources)
    if code_uri:
        for resource in resources.values():
            if resource["Type"] == "AWS::Serverless::Function":
                resource["Properties"]["CodeUri"] = code_uri
    ours = {
        **tables(settings), **buckets(settings),
        **cloudfront(settings, edge_version_arn, web_acl_arn or PLACEHOLDER_WEB_ACL_ARN),
        **waf.api_acl(settings, name, ORIGIN_SECRET_VALUE),
        **mail(settings), **route53(settings), **origin_secret(settings), **app_extra,
        **jobs_queues(settings), **rules,
        "AlarmTopic": {"Type": "AWS::SNS::Topic", "Properties": {
            "TopicName": name(settings, "alarms"),
            "Subscription": [{"Protocol": "email", "Endpoint": settings["alarm_email"]}]}},
    }
    clash = set(ours) & set(resources)
    if clash:
        raise SettingsError(f"logical ids defined twice: {sorted(clash)}")
    resources.update(ours)
    outputs = dict(sam.get("Outputs", {}))
    outputs.update({
        "SiteUrl": {"Value": settings["site_url"]},
        "DistributionId": {"Value": {"Ref": "Distribution"}},
        "DistributionDomain": {"Value": {"Fn::GetAtt": ["Distribution", "DomainName"]}},
        "SiteBucket": {"Value": {"Ref": "SiteBucket"}},
        "ContentBucket": {"Value": {"Ref": "ContentBucket"}},
        "DownloadsBucket": {"Value": {"Ref": "DownloadsBucket"}},
        "TableName": {"Value": {"Ref": "Table"}},
        "JobsQueueUrl": {"Value": {"Ref": "JobsQueue"}},
        "JobsDeadLetterUrl": {"Value": {"Ref": "JobsDeadLetters"}},
    })
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Transform": sam.get("Transform", "AWS::Serverless-2016-10-31"),
            "Description": f"Portico {settings['stage']}: site, API, tables, mail, alarms",
            "Resources": dict(sorted(resources.items())),
            "Outputs": dict(sorted(outputs.items()))}


# ----------------------------------------------------------------- bootstrap and edge

def bootstrap_template(settings: dict) -> dict:
    bucket = private_bucket(settings, "artifacts", keep=False)
    bucket["Properties"]["LifecycleConfiguration"] = {"Rules": [
        {"Id": "old-packages", "Status": "Enabled", "ExpirationInDays": 90,
         "NoncurrentVersionExpiration": {"NoncurrentDays": 7}}]}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Portico {settings['stage']}: where deploys put the Lambda package",
            "Resources": {"ArtifactsBucket": bucket},
            "Outputs": {"ArtifactsBucket": {"Value": {"Ref": "ArtifactsBucket"}}}}


def edge_code() -> str:
    return (HERE / "edge" / "not_found.py").read_text()


def edge_template(settings: dict) -> dict:
    code = edge_code()
    # A Version is immutable: a new logical id per code makes CloudFormation publish one.
    version = "NotFoundVersion" + hashlib.sha256(code.encode()).hexdigest()[:10]
    site_region = settings["region"]
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Portico {settings['stage']}: Lambda@Edge for the site's 404 page "
                       "(us-east-1)",
        "Resources": {
            "NotFoundRole": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": [
                        "lambda.amazonaws.com", "edgelambda.amazonaws.com"]}}]},
                "Policies": [{"PolicyName": "NotFound", "PolicyDocument": {
                    "Version": "2012-10-17", "Statement": [
                        statement(["s3:GetObject"],
                                  [bucket_arn(settings, "site", "/404.html"),
                                   bucket_arn(settings, "site", "/en/404.html")], "NotFoundPages"),
                        # Lambda@Edge logs in the region that served the request.
                        statement(["logs:CreateLogGroup", "logs:CreateLogStream",
                                   "logs:PutLogEvents"],
                                  [{"Fn::Sub": "arn:${AWS::Partition}:logs:*:${AWS::AccountId}:"
                                               f"log-group:/aws/lambda/us-east-1.{name(settings, 'not-found')}:*"}],
                                  "Logs")]}}]}},
            "NotFound": {"Type": "AWS::Lambda::Function", "Properties": {
                "FunctionName": name(settings, "not-found"),
                "Description": f"site 404 page from the {site_region} site bucket",
                "Runtime": "python3.12", "Handler": "index.handler", "MemorySize": 128,
                "Timeout": 5, "Role": {"Fn::GetAtt": ["NotFoundRole", "Arn"]},
                "Code": {"ZipFile": code}}},
            # The replaced version stays: CloudFront's replicas of it are removed hours
            # after the distribution moves on, and deleting it before fails the update.
            # Old versions can be deleted by hand later (README, the stacks table).
            version: {"Type": "AWS::Lambda::Version", "DeletionPolicy": "Retain",
                      "UpdateReplacePolicy": "Retain",
                      "Properties": {"FunctionName": {"Ref": "NotFound"}}},
            **waf.cloudfront_acl(settings, name),
        },
        "Outputs": {"NotFoundVersionArn": {"Value": {"Ref": version}},
                    "WebAclArn": {"Value": {"Fn::GetAtt": ["SiteWebAcl", "Arn"]}}},
    }


def edge_alarms_template(settings: dict, distribution_id: str) -> dict:
    """Alarms on Lambda@Edge, in us-east-1: CloudFront publishes its metrics there (one
    series for the whole world), while the function's own Errors are spread over every
    region that served a request. Deployed after the main stack, which makes the
    distribution; its own topic, since an alarm can only notify one in its region."""
    stage = settings["stage"]
    alarms = {}
    for metric in ("LambdaExecutionError", "LambdaValidationError"):
        alarms[f"Edge{metric}Alarm"] = alarm(
            settings, metric, "AWS/CloudFront",
            [{"Name": "DistributionId", "Value": distribution_id},
             {"Name": "Region", "Value": "Global"}],
            f"Portico {stage}: Lambda@Edge (the 404 page) failed: {metric}")
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Portico {stage}: Lambda@Edge alarms (us-east-1)",
            "Resources": {**alarms, "AlarmTopic": {"Type": "AWS::SNS::Topic", "Properties": {
                "TopicName": name(settings, "edge-alarms"),
                "Subscription": [{"Protocol": "email", "Endpoint": settings["alarm_email"]}]}}}}


PLACEHOLDER_DISTRIBUTION_ID = "E000000000PORTICO"
PLACEHOLDER_WEB_ACL_ARN = ("arn:aws:wafv2:us-east-1:123456789012:global/webacl/portico-site/"
                           "00000000-0000-0000-0000-000000000000")
PLACEHOLDER_EDGE_ARN = "arn:aws:lambda:us-east-1:123456789012:function:portico-edge-not-found:1"


def write(path: Path, template: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(template, indent=2, sort_keys=False, ensure_ascii=False) + "\n")
    return path
