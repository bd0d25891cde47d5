"""The stage templates: lint, determinism, tables against the models, what CloudFront does."""

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra.aws import ci_role, mailstack, template
from tests.infra.conftest import settings_for

# A stand-in for Chalice's output in tests that need no packaging.
FAKE_SAM = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {
    "RestAPI": {"Type": "AWS::Serverless::Api", "Properties": {
        "StageName": "api", "DefinitionBody": {"swagger": "2.0", "paths": {}}}},
    "APIHandler": {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "app.app", "Runtime": "python3.11", "CodeUri": "./deployment.zip"}},
}}


def main_for(stage: str, sam: dict = FAKE_SAM) -> dict:
    return template.main_template(settings_for(stage), sam,
                                  edge_version_arn=template.PLACEHOLDER_EDGE_ARN)


@pytest.mark.package
@pytest.mark.xdist_group("aws-package")
def test_cfn_lint_passes_on_every_template_of_every_stage(sam, tmp_path):
    files = []
    for stage in template.STAGES:
        settings = settings_for(stage)
        for kind, body in (("main", main_for(stage, sam)),
                           ("edge", template.edge_template(settings)),
                           ("edge-alarms", template.edge_alarms_template(
                               settings, template.PLACEHOLDER_DISTRIBUTION_ID)),
                           ("bootstrap", template.bootstrap_template(settings)),
                           ("tables", template.tables_template(settings)),
                           ("mail", mailstack.mail_template(
                               {**settings, "dmarc_record": "v=DMARC1; p=none"}))):
            files.append(template.write(tmp_path / stage / f"{kind}.json", body))
        if settings.get("ci"):
            files.append(template.write(tmp_path / stage / "ci.json", ci_role.ci_template(
                settings, template.PLACEHOLDER_DISTRIBUTION_ID)))
    lint = Path(sys.executable).with_name("cfn-lint")
    done = subprocess.run([str(lint), *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.package
@pytest.mark.xdist_group("aws-package")
def test_packaged_template_gets_a_role_logs_and_alarm_for_every_function(sam):
    main = main_for("prod", sam)
    functions = {k: v for k, v in main["Resources"].items()
                 if v["Type"] == "AWS::Serverless::Function"}
    assert {"APIHandler", "JobsWorker", "JobsMinutely", "JobsDaily", "SesFeedback"} <= set(functions)
    for logical, resource in functions.items():
        props = resource["Properties"]
        assert props["Role"] == {"Fn::GetAtt": [template.FUNCTION_ROLES[
            template.function_name(resource)], "Arn"]}
        assert props["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "Table"}
        assert main["Resources"][props["LoggingConfig"]["LogGroup"]["Ref"]]["Properties"][
            "RetentionInDays"] == 365
        assert props["LoggingConfig"]["LogFormat"] == "JSON"
        if template.function_name(resource) == "app":
            assert props["Timeout"] < 29, "API Gateway gives up at 29 s"
        else:  # the worker and the clock answer no request (test_jobs_deploy.py)
            assert props["Timeout"] <= template.BACKGROUND_TIMEOUT
        for metric in ("Errors", "Throttles"):
            dims = main["Resources"][f"{logical}{metric}Alarm"]["Properties"]["Dimensions"]
            assert dims == [{"Name": "FunctionName", "Value": {"Ref": logical}}]
    bounces = next(p["Properties"] for p in functions.values()
                   if p["Properties"]["Handler"].endswith(".ses_feedback"))
    queue = bounces["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Destination"]
    assert main["Resources"][queue["Fn::GetAtt"][0]]["Type"] == "AWS::SQS::Queue"
    granted = main["Resources"]["MailFeedbackRole"]["Properties"]["Policies"][0][
        "PolicyDocument"]["Statement"]
    assert {"Sid": "FailedEvents", "Effect": "Allow", "Action": ["sqs:SendMessage"],
            "Resource": [queue]} in granted


def test_templates_are_the_same_bytes_every_time():
    first = json.dumps(main_for("prod"))
    assert json.dumps(main_for("prod")) == first
    assert json.dumps(template.edge_template(settings_for("prod"))) == \
        json.dumps(template.edge_template(settings_for("prod")))


def test_a_function_without_a_hand_written_role_fails_the_build():
    sam = json.loads(json.dumps(FAKE_SAM))
    sam["Resources"]["DailyBillingRun"] = {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "app.daily_billing_run", "CodeUri": "./deployment.zip"}}
    with pytest.raises(template.SettingsError, match="daily_billing_run"):
        main_for("prod", sam)


def test_bounce_handler_is_subscribed_to_the_stage_feedback_topic():
    sam = json.loads(json.dumps(FAKE_SAM))
    sam["Resources"]["SesFeedback"] = {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "app.ses_feedback", "CodeUri": "./deployment.zip", "Events": {
            "SesFeedbackSnsSubscription": {"Type": "SNS", "Properties": {"Topic": {
                "Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:x"}}}}}}
    resource = main_for("prod", sam)["Resources"]["SesFeedback"]["Properties"]
    assert resource["Events"]["SesFeedbackSnsSubscription"]["Properties"]["Topic"] == \
        {"Ref": "MailFeedbackTopic"}
    assert resource["Role"] == {"Fn::GetAtt": ["MailFeedbackRole", "Arn"]}


# --------------------------------------------------------------- tables vs the models

def model_tables() -> dict[str, dict]:
    """Every table the PynamoDB models of chalicelib declare, in CloudFormation's terms."""
    from pynamodb.indexes import GlobalSecondaryIndex, LocalSecondaryIndex
    from pynamodb.models import Model

    import chalicelib

    for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
        importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    tables: dict[str, dict] = {}
    for model in subclasses(Model):
        attrs = model.get_attributes()
        keys = [{"AttributeName": a.attr_name, "KeyType": "HASH" if a.is_hash_key else "RANGE"}
                for a in attrs.values() if a.is_hash_key or a.is_range_key]
        types = {a.attr_name: a.attr_type for a in attrs.values()}
        indexes = {"GlobalSecondaryIndexes": [], "LocalSecondaryIndexes": []}
        defined = {k["AttributeName"] for k in keys}
        for index in model._indexes.values():
            schema = sorted(({"AttributeName": a.attr_name,
                              "KeyType": "HASH" if a.is_hash_key else "RANGE"}
                             for a in index.Meta.attributes.values()
                             if a.is_hash_key or a.is_range_key), key=lambda k: k["KeyType"])
            defined |= {k["AttributeName"] for k in schema}
            kind = ("GlobalSecondaryIndexes" if isinstance(index, GlobalSecondaryIndex)
                    else "LocalSecondaryIndexes" if isinstance(index, LocalSecondaryIndex) else None)
            indexes[kind].append({"IndexName": index.Meta.index_name, "KeySchema": schema,
                                  "Projection": index.Meta.projection.projection_type})
        ttl = [a.attr_name for a in attrs.values() if type(a).__name__ == "TTLAttribute"]
        shape = {"KeySchema": sorted(keys, key=lambda k: k["KeyType"]),
                 "AttributeDefinitions": sorted({(n, types[n]) for n in defined}),
                 "GlobalSecondaryIndexes": sorted(indexes["GlobalSecondaryIndexes"], key=str),
                 "LocalSecondaryIndexes": sorted(indexes["LocalSecondaryIndexes"], key=str),
                 "TimeToLive": ttl[0] if ttl else None}
        table = model.Meta.table_name
        # Subclasses of one table share its keys; an index or TTL on any of them counts.
        if table in tables:
            for part in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
                merged = {json.dumps(i, sort_keys=True) for i in tables[table][part] + shape[part]}
                shape[part] = sorted((json.loads(i) for i in merged), key=str)
            shape["AttributeDefinitions"] = sorted(set(tables[table]["AttributeDefinitions"])
                                                   | set(shape["AttributeDefinitions"]))
            shape["TimeToLive"] = shape["TimeToLive"] or tables[table]["TimeToLive"]
            assert tables[table]["KeySchema"] == shape["KeySchema"], table
        tables[table] = shape
    return tables


def template_tables(settings: dict) -> dict[str, dict]:
    out = {}
    for resource in template.tables(settings).values():
        props = resource["Properties"]
        out[props["TableName"]] = {
            "KeySchema": sorted(props["KeySchema"], key=lambda k: k["KeyType"]),
            "AttributeDefinitions": sorted((a["AttributeName"], a["AttributeType"])
                                           for a in props["AttributeDefinitions"]),
            **{part: sorted(({"IndexName": i["IndexName"], "KeySchema": i["KeySchema"],
                              "Projection": i["Projection"]["ProjectionType"]}
                             for i in props.get(part, [])), key=str)
               for part in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes")},
            "TimeToLive": (props.get("TimeToLiveSpecification", {}).get("AttributeName")
                           if props.get("TimeToLiveSpecification", {}).get("Enabled") else None),
        }
    return out


def test_template_tables_match_the_pynamodb_models():
    # The tests' stage names the tables portico-test; the template uses the stage's name.
    settings = {**settings_for("prod"), "stage": "test"}
    assert template_tables(settings) == model_tables()


def test_tables_are_on_demand_with_point_in_time_recovery_and_protected_in_prod():
    for stage in template.STAGES:
        for resource in template.tables(settings_for(stage)).values():
            props = resource["Properties"]
            assert props["BillingMode"] == "PAY_PER_REQUEST"
            assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
            assert props["DeletionProtectionEnabled"] == (stage == "prod")
            assert resource["DeletionPolicy"] == "RetainExceptOnCreate"
            assert resource["UpdateReplacePolicy"] == "Retain"


# ---------------------------------------------------------------- edge and buckets

def test_buckets_are_private_and_encrypted():
    main = main_for("prod")
    buckets = {k: v for k, v in main["Resources"].items() if v["Type"] == "AWS::S3::Bucket"}
    assert {"SiteBucket", "ContentBucket", "DownloadsBucket"} <= set(buckets)
    for resource in buckets.values():
        props = resource["Properties"]
        assert all(props["PublicAccessBlockConfiguration"].values())
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]


def test_cloudfront_keeps_api_errors_and_forwards_what_the_api_reads():
    main = main_for("prod")
    config = main["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    assert "CustomErrorResponses" not in config
    api = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*")
    assert api["CachePolicyId"] == template.CACHING_DISABLED
    policy = main["Resources"]["ApiOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]
    assert {"Origin", "CloudFront-Viewer-Address"} <= set(policy["HeadersConfig"]["Headers"])
    assert "Host" not in policy["HeadersConfig"]["Headers"]
    assert policy["CookiesConfig"]["CookieBehavior"] == "all"
    site = config["DefaultCacheBehavior"]
    assert site["FunctionAssociations"][0]["EventType"] == "viewer-request"
    assert site["LambdaFunctionAssociations"][0]["EventType"] == "origin-response"
    headers = main["Resources"]["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert "'wasm-unsafe-eval'" in csp and "frame-ancestors 'none'" in csp
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_api_gateway_answers_unknown_paths_with_the_404_envelope():
    responses = main_for("prod")["Resources"]["RestAPI"]["Properties"]["DefinitionBody"][
        "x-amazon-apigateway-gateway-responses"]
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert missing["statusCode"] == 404
    assert json.loads(missing["responseTemplates"]["application/json"]) == \
        {"error": {"code": "not_found", "message": "No encontrado."}}


def test_certificate_must_be_in_us_east_1(tmp_path):
    settings = json.loads((template.SETTINGS_DIR / "prod.json").read_text())
    settings["certificate_arn"] = settings["certificate_arn"].replace("us-east-1", "eu-west-1")
    path = tmp_path / "prod.json"
    path.write_text(json.dumps(settings))
    with pytest.raises(template.SettingsError, match="us-east-1"):
        template.load_settings("prod", path)


def test_cloudfront_proves_itself_to_the_api_with_a_generated_secret():
    main = main_for("prod")
    resources = main["Resources"]
    assert resources["OriginSecret"]["Type"] == "AWS::SecretsManager::Secret"
    origins = resources["Distribution"]["Properties"]["DistributionConfig"]["Origins"]
    api = next(o for o in origins if o["Id"] == "api")
    assert api["OriginCustomHeaders"] == [{"HeaderName": "X-Origin-Verify",
                                           "HeaderValue": template.ORIGIN_SECRET_VALUE}]
    functions = [r for r in resources.values() if r["Type"] == "AWS::Serverless::Function"]
    app = next(f for f in functions if f["Properties"]["Handler"] == "app.app")
    assert app["Properties"]["Environment"]["Variables"]["ORIGIN_SECRET"] == template.ORIGIN_SECRET_VALUE


def test_cloudfront_sends_the_security_headers_the_local_stack_sends():
    from infra import security_headers
    from infra.local import server

    policy = main_for("prod")["Resources"]["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    deployed = security_headers.headers_of_cloudfront_policy(policy)
    name, value = security_headers.HSTS
    assert deployed == {**security_headers.HEADERS, name: (value, True)}
    # The local server adds exactly these (over http, HSTS aside) and, like CloudFront's
    # Override, keeps an origin's own CSP and frame options (the e-mail view's).
    local = dict(security_headers.for_response(set(), https=False))
    over_http = {n: v for n, (v, _o) in security_headers.HEADERS.items()}
    over_http["Content-Security-Policy"] = over_http["Content-Security-Policy"].replace("; upgrade-insecure-requests", "")
    assert local == over_http  # plain http: no HSTS, no upgrade of requests to https
    assert dict(security_headers.for_response(set(), https=True)) == {n: v for n, (v, _o) in deployed.items()}
    kept = dict(security_headers.for_response({"content-security-policy", "x-frame-options"}, https=False))
    assert "Content-Security-Policy" not in kept and "X-Frame-Options" not in kept
    assert {n.lower() for n, (_v, o) in deployed.items() if o} == server.OVERRIDDEN
    assert "'wasm-unsafe-eval'" in deployed["Content-Security-Policy"][0]  # Pagefind's search


# ------------------------------------------------------------------------ mail identity

def test_stages_create_no_ses_identity_the_accounts_mail_stack_does_once():
    for stage in template.STAGES:
        kinds = {r["Type"] for r in main_for(stage)["Resources"].values()}
        assert "AWS::SES::EmailIdentity" not in kinds
        assert "AWS::SES::ConfigurationSet" in kinds  # bounces stay per stage
    # Two stages sending from one domain deploy the same mail stack: one identity.
    dev, prod = settings_for("dev"), settings_for("prod")
    shared = {**dev, "mail_from": prod["mail_from"], "mail_domain": prod["mail_domain"],
              "hosted_zone_id": prod["hosted_zone_id"], "region": prod["region"]}
    assert mailstack.stack_name(shared) == mailstack.stack_name(prod) == \
        "portico-mail-portico-example"
    assert mailstack.mail_template(shared) == mailstack.mail_template(prod)
    identity = mailstack.mail_template(prod)["Resources"]["MailIdentity"]["Properties"]
    assert identity["EmailIdentity"] == "portico.example"
    assert identity["DkimSigningAttributes"]["NextSigningKeyLength"] == "RSA_2048_BIT"


def test_the_api_names_its_stage_configuration_set_when_sending():
    env = main_for("prod")["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env["MAIL_CONFIGURATION_SET"] == {"Ref": "MailConfiguration"}


def test_dmarc_is_published_only_when_the_settings_ask_for_it():
    prod = settings_for("prod")
    values = [r["Properties"]["ResourceRecords"][0]
              for r in mailstack.mail_template(prod)["Resources"].values()
              if r["Type"] == "AWS::Route53::RecordSet"]
    assert not any("DMARC" in str(v) for v in values)
    assert not any(r["Name"].startswith("_dmarc") for r in template.dns_records(prod))
    opted = {**prod, "dmarc_record": "v=DMARC1; p=none; rua=mailto:dmarc@portico.example"}
    values = [r["Properties"]["ResourceRecords"][0]
              for r in mailstack.mail_template(opted)["Resources"].values()
              if r["Type"] == "AWS::Route53::RecordSet"]
    assert '"v=DMARC1; p=none; rua=mailto:dmarc@portico.example"' in values


# ------------------------------------------------------------------------ alarms and logs

def test_detailed_api_metrics_are_off_and_5xx_keeps_its_status_for_the_alarm():
    api = main_for("prod")["Resources"]["RestAPI"]["Properties"]
    assert [m["MetricsEnabled"] for m in api["MethodSettings"]] == [False]
    default = api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]["DEFAULT_5XX"]
    # A status here would turn a 504 into whatever it says, hiding it from 5XXError.
    assert "statusCode" not in default
    body = json.loads(default["responseTemplates"]["application/json"])
    assert body["error"]["code"] == "internal_error"
    assert "$context.requestId" in body["error"]["message"]


def test_alarms_watch_mail_reputation_and_table_throttles():
    resources = main_for("prod")["Resources"]
    bounce = resources["MailBounceRateAlarm"]["Properties"]
    assert bounce["MetricName"] == "Reputation.BounceRate" and bounce["Threshold"] < 0.05
    complaint = resources["MailComplaintRateAlarm"]["Properties"]
    assert complaint["MetricName"] == "Reputation.ComplaintRate" and complaint["Threshold"] < 0.001
    for kind in ("Read", "Write"):
        props = resources[f"Table{kind}ThrottleAlarm"]["Properties"]
        assert props["MetricName"] == f"{kind}ThrottleEvents"
        assert props["Dimensions"] == [{"Name": "TableName", "Value": {"Ref": "Table"}}]
    for props in (r["Properties"] for r in resources.values()
                  if r["Type"] == "AWS::CloudWatch::Alarm"):
        assert props["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_downloads_keep_old_versions_for_a_limited_time():
    bucket = main_for("prod")["Resources"]["DownloadsBucket"]["Properties"]
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    rule = bucket["LifecycleConfiguration"]["Rules"][0]
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 90


def test_lambda_at_edge_errors_alarm_in_us_east_1_on_the_stage_distribution():
    body = template.edge_alarms_template(settings_for("prod"), "E123")
    alarms = {k: v["Properties"] for k, v in body["Resources"].items()
              if v["Type"] == "AWS::CloudWatch::Alarm"}
    assert {p["MetricName"] for p in alarms.values()} == {"LambdaExecutionError",
                                                          "LambdaValidationError"}
    for props in alarms.values():
        assert {"Name": "DistributionId", "Value": "E123"} in props["Dimensions"]
        assert props["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert body["Resources"]["AlarmTopic"]["Properties"]["Subscription"][0]["Endpoint"] == \
        settings_for("prod")["alarm_email"]


# ------------------------------------------------------------------------ edge protection

def web_acl(settings):
    return template.edge_template(settings)["Resources"]["SiteWebAcl"]["Properties"]


def test_cloudfront_web_acl_has_managed_groups_and_rate_rules_on_the_abused_paths():
    settings = settings_for("prod")
    acl = web_acl(settings)
    assert acl["Scope"] == "CLOUDFRONT" and acl["DefaultAction"] == {"Allow": {}}
    rules = {r["Name"]: r for r in acl["Rules"]}
    for group in ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                  "AWSManagedRulesAmazonIpReputationList"):
        assert rules[group]["Statement"]["ManagedRuleGroupStatement"]["Name"] == group
    assert len({r["Priority"] for r in acl["Rules"]}) == len(acl["Rules"])
    counted = {}
    for rule in ("sign_in", "reset", "reset_steps", "sign_up", "vote"):
        statement = rules[f"rate-{rule}"]["Statement"]["RateBasedStatement"]
        assert statement["AggregateKeyType"] == "IP" and statement["Limit"] >= 10
        scope = statement["ScopeDownStatement"]
        ands = scope.get("OrStatement", {"Statements": [scope]})["Statements"]
        counted[rule] = [tuple(s["ByteMatchStatement"]["SearchString"]
                               for s in a["AndStatement"]["Statements"]) for a in ands]
        assert rules[f"rate-{rule}"]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    assert counted == {"sign_in": [("/api/auth/login", "POST"), ("/api/staff/auth/login", "POST")],
                       "reset": [("/api/auth/password-reset", "POST"),
                                 ("/api/auth/password-reset/", "POST")],
                       "reset_steps": [("/api/auth/password-reset/question", "POST"),
                                       ("/api/auth/password-reset/confirm", "POST")],
                       "sign_up": [("/api/auth/register", "POST")],
                       "vote": [("/votes", "POST")]}  # reading votes (GET) is not counted
    body = json.loads(acl["CustomResponseBodies"]["too_many"]["Content"])
    assert body["error"]["code"] == "too_many_attempts"
    assert "staff-only-from-allowlist" not in rules  # opt-in
    outputs = template.edge_template(settings)["Outputs"]
    assert outputs["WebAclArn"] == {"Value": {"Fn::GetAtt": ["SiteWebAcl", "Arn"]}}


def matches(statement: dict, method: str, path: str) -> bool:
    """WAF's evaluation of the statements the rate rules use (lower-cased paths)."""
    if "OrStatement" in statement:
        return any(matches(s, method, path) for s in statement["OrStatement"]["Statements"])
    if "AndStatement" in statement:
        return all(matches(s, method, path) for s in statement["AndStatement"]["Statements"])
    byte = statement["ByteMatchStatement"]
    value = method if "Method" in byte["FieldToMatch"] else path.lower()
    return {"EXACTLY": value == byte["SearchString"],
            "STARTS_WITH": value.startswith(byte["SearchString"]),
            "ENDS_WITH": value.endswith(byte["SearchString"])}[byte["PositionalConstraint"]]


def counted_by(method: str, path: str) -> list[str]:
    return [r["Name"] for r in web_acl(settings_for("prod"))["Rules"]
            if "RateBasedStatement" in r["Statement"] and matches(
                r["Statement"]["RateBasedStatement"]["ScopeDownStatement"], method, path)]


@pytest.mark.parametrize("method,path,rules", [
    ("POST", "/api/auth/password-reset", ["rate-reset"]),
    ("POST", "/api/auth/password-reset/", ["rate-reset"]),
    # One question per page view and the confirm must not use up the mail's 20/5 min.
    ("POST", "/api/auth/password-reset/question", ["rate-reset_steps"]),
    ("POST", "/api/auth/password-reset/confirm", ["rate-reset_steps"]),
    ("POST", "/api/auth/Password-Reset/Confirm", ["rate-reset_steps"]),
    ("GET", "/api/auth/password-reset", []),
    ("POST", "/api/auth/login", ["rate-sign_in"]),
    ("POST", "/api/kb/articles/x/votes", ["rate-vote"]),
])
def test_each_request_counts_against_its_own_rate_rule_only(method, path, rules):
    assert counted_by(method, path) == rules


def test_staff_paths_can_be_limited_to_an_ip_allowlist():
    settings = {**settings_for("prod"), "staff_ip_allowlist": ["203.0.113.0/24", "2001:db8::/32"]}
    resources = template.edge_template(settings)["Resources"]
    assert resources["StaffAddressesIpv4"]["Properties"]["Addresses"] == ["203.0.113.0/24"]
    assert resources["StaffAddressesIpv6"]["Properties"]["Addresses"] == ["2001:db8::/32"]
    rule = next(r for r in web_acl(settings)["Rules"] if r["Name"] == "staff-only-from-allowlist")
    paths, outside = rule["Statement"]["AndStatement"]["Statements"]
    assert [s["ByteMatchStatement"]["SearchString"] for s in paths["OrStatement"]["Statements"]] \
        == ["/staff/", "/api/staff/"]
    assert len(outside["NotStatement"]["Statement"]["OrStatement"]["Statements"]) == 2
    assert rule["Action"] == {"Block": {}}


def test_the_api_stage_only_answers_requests_carrying_cloudfronts_header():
    resources = template.main_template(settings_for("prod"), FAKE_SAM,
                                       edge_version_arn=template.PLACEHOLDER_EDGE_ARN,
                                       web_acl_arn="arn:site-acl")["Resources"]
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    assert config["WebACLId"] == "arn:site-acl"
    acl = resources["ApiWebAcl"]["Properties"]
    assert acl["Scope"] == "REGIONAL" and "Block" in acl["DefaultAction"]
    [allow] = acl["Rules"]
    match = allow["Statement"]["ByteMatchStatement"]
    assert allow["Action"] == {"Allow": {}}
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": "x-origin-verify"}}
    assert match["SearchString"] == template.ORIGIN_SECRET_VALUE
    assert match["PositionalConstraint"] == "EXACTLY"
    association = resources["ApiWebAclAssociation"]["Properties"]
    assert "/restapis/${RestAPI}/stages/api" in association["ResourceArn"]["Fn::Sub"]


def test_cloudfront_and_api_access_logs_expire_after_the_setting():
    settings = {**settings_for("prod"), "access_log_days": 30}
    resources = template.main_template(settings, FAKE_SAM,
                                       edge_version_arn=template.PLACEHOLDER_EDGE_ARN)["Resources"]
    logging = resources["Distribution"]["Properties"]["DistributionConfig"]["Logging"]
    assert logging["Bucket"] == {"Fn::GetAtt": ["LogsBucket", "DomainName"]}
    assert logging["IncludeCookies"] is False
    rules = resources["LogsBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rules[0]["ExpirationInDays"] == 30
    access = resources["RestAPI"]["Properties"]["AccessLogSetting"]
    assert access["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]}
    assert "requestId" in json.loads(access["Format"])
    assert resources["ApiAccessLogs"]["Properties"]["RetentionInDays"] == 30
    # API Gateway may write logs only once the account's CloudWatch role is set.
    account = mailstack.mail_template(settings)["Resources"]["ApiGatewayAccount"]
    assert account["Properties"]["CloudWatchRoleArn"] == \
        {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}


def test_only_the_api_function_gets_the_origin_secret():
    sam = json.loads(json.dumps(FAKE_SAM))
    sam["Resources"]["SesFeedback"] = {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "chalicelib.mail.bounces.ses_feedback", "CodeUri": "./deployment.zip"}}
    resources = main_for("prod", sam)["Resources"]
    assert "ORIGIN_SECRET" in resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    bounces = resources["SesFeedback"]["Properties"]["Environment"]["Variables"]
    assert "ORIGIN_SECRET" not in bounces and bounces["TABLE_NAME"] == {"Ref": "Table"}


def test_bumping_the_origin_secret_version_changes_every_resource_that_reads_the_secret():
    before = main_for("prod")["Resources"]
    settings = {**settings_for("prod"), "origin_secret_version": 2}
    after = template.main_template(settings, FAKE_SAM,
                                   edge_version_arn=template.PLACEHOLDER_EDGE_ARN)["Resources"]
    readers = {k for k, v in before.items() if "resolve:secretsmanager" in json.dumps(v)}
    assert readers == {"Distribution", "ApiWebAcl", "APIHandler"}
    assert all(json.dumps(before[k]) != json.dumps(after[k]) for k in readers)


def test_the_api_role_grants_only_services_the_apps_code_calls():
    import re

    functions = Path(template.__file__).resolve().parents[2] / "functions"
    source = "\n".join(p.read_text() for p in functions.rglob("*.py"))
    called = set(re.findall(r"client\(\"([a-z0-9-]+)\"", source)) | {"dynamodb"}  # PynamoDB
    assert {"s3", "ses"} <= called
    granted = {action.split(":")[0] for s in template.api_policy(settings_for("prod"))
               for action in s["Action"]} - {"logs"}  # logs: the Lambda runtime's
    assert granted <= called, granted - called


# Not read by the code: a new value changes the function's configuration, which is what
# makes CloudFormation resolve the rotated secret again (README, "Rotating it").
REDEPLOY_ONLY = {"ORIGIN_SECRET_VERSION"}


def test_each_function_gets_only_the_variables_its_code_reads():
    """A variable arrives with the code that reads it: no unread BANK_*, COMPANY_* or
    SECRETS_PATH deployed (the company's data is a packaged file, not the environment)."""
    import re

    config = Path(template.__file__).resolve().parents[2] / "functions" / "chalicelib" / "config.py"
    read = set(re.findall(r'(?:os\.environ\.get|_int|_list)\("([A-Z0-9_]+)"', config.read_text()))
    assert {"TABLE_NAME", "MAIL_FROM", "SITE_URL"} <= read
    for stage in template.STAGES:
        resources = main_for(stage)["Resources"]
        deployed = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
        assert deployed == template.environment(settings_for(stage), "app")
        for fn in template.FUNCTION_ROLES:
            names = set(template.environment(settings_for(stage), fn))
            assert names - REDEPLOY_ONLY <= read, names - REDEPLOY_ONLY - read
            assert not [n for n in names if n.startswith(("BANK_", "COMPANY_", "SECRETS_"))]


def test_no_role_may_read_parameters_while_no_code_reads_one():
    source = "\n".join(p.read_text() for p in
                       (Path(template.__file__).resolve().parents[2] / "functions").rglob("*.py"))
    assert 'client("ssm")' not in source
    for stage in template.STAGES:
        for policy in template.POLICIES.values():
            actions = [a for s in policy(settings_for(stage)) for a in s["Action"]]
            assert not [a for a in actions if a.startswith("ssm:")], actions


def test_the_stage_settings_hold_no_company_data_and_a_bare_sender_address(tmp_path):
    for stage in template.STAGES:
        raw = json.loads((template.SETTINGS_DIR / f"{stage}.json").read_text())
        assert "company" not in raw and "bank" not in raw
    prod = json.loads((template.SETTINGS_DIR / "prod.json").read_text())
    for key, value, why in (("company", {"name": "Portico"}, "its own file"),
                            ("bank", {"iban": "ES00"}, "its own file"),
                            ("mail_from", "Portico <no-reply@portico.example>", "address alone")):
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps({**prod, key: value}))
        with pytest.raises(template.SettingsError, match=why):
            template.load_settings("prod", path)


def test_a_wrong_company_file_stops_the_deploy_before_anything_is_sent(tmp_path, monkeypatch):
    from chalicelib import company

    data = json.loads(company.path_of("prod").read_text(encoding="utf-8"))
    data["nif"] = "B00000001"
    (tmp_path / "prod.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(company, "HERE", tmp_path)
    with pytest.raises(template.SettingsError, match="nif: B00000001: not a valid Spanish"):
        template.load_settings("prod")
