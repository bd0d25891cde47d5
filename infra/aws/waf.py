"""AWS WAF in front of the stage: two web ACLs.

- CloudFront's (scope CLOUDFRONT, so it lives in the edge stack in us-east-1): AWS managed
  rule groups (common, known bad inputs, IP reputation), per-IP rate-based rules on
  sign-in, asking for a password reset, the reset page's steps, sign-up and
  knowledge-base votes (a flood stops at the edge,
  before the app's own per-address throttles and the stage-wide API Gateway throttle),
  and, when the settings list addresses, /staff/ and /api/staff/ only from them.
- API Gateway's (scope REGIONAL, main stack): blocks every request without CloudFront's
  X-Origin-Verify header, so the execute-api URL cannot be used to draw down the stage's
  throttle for everyone. The app checks the header too (http.check_edge).

Settings: `waf_rate_limits` (requests per 5 minutes per IP, per rule; AWS's minimum is
10), `staff_ip_allowlist` (CIDRs; empty: no IP rule).
"""

import json

RATE_LIMITS = {"sign_in": 100, "reset": 20, "reset_steps": 60, "sign_up": 20, "vote": 100}
# What each rate-based rule counts: (path, how it matches, method or None).
RATE_PATHS = {
    "sign_in": [("/api/auth/login", "STARTS_WITH", "POST"),
                ("/api/staff/auth/login", "STARTS_WITH", "POST")],
    # Asking for a reset mail: that path alone (a prefix would also count the steps below).
    "reset": [("/api/auth/password-reset", "EXACTLY", "POST"),
              ("/api/auth/password-reset/", "EXACTLY", "POST")],
    # The reset page's security question (one per page view) and the new password.
    "reset_steps": [("/api/auth/password-reset/question", "STARTS_WITH", "POST"),
                    ("/api/auth/password-reset/confirm", "STARTS_WITH", "POST")],
    "sign_up": [("/api/auth/register", "STARTS_WITH", "POST")],
    # Every article page reads its votes (GET); only casting one counts.
    "vote": [("/votes", "ENDS_WITH", "POST")],
}
STAFF_PATHS = ("/staff/", "/api/staff/")
MANAGED = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
           "AWSManagedRulesAmazonIpReputationList")


def visibility(metric: str) -> dict:
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
            "MetricName": metric}


def path_match(path: str, how: str) -> dict:
    return {"ByteMatchStatement": {
        "FieldToMatch": {"UriPath": {}}, "PositionalConstraint": how, "SearchString": path,
        "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}]}}


def method_match(method: str) -> dict:
    return {"ByteMatchStatement": {
        "FieldToMatch": {"Method": {}}, "PositionalConstraint": "EXACTLY",
        "SearchString": method, "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}


def either(statements: list[dict]) -> dict:
    return statements[0] if len(statements) == 1 else {"OrStatement": {"Statements": statements}}


def envelope(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)


def messages() -> dict:
    from chalicelib.i18n import MESSAGES

    return MESSAGES


def cloudfront_acl(settings: dict, name) -> dict:
    """Resources of the CLOUDFRONT-scope web ACL (edge stack, us-east-1); output its ARN."""
    rules, resources = [], {}
    for priority, group in enumerate(MANAGED):
        managed = {"VendorName": "AWS", "Name": group}
        if group == "AWSManagedRulesCommonRuleSet":
            # Its 8 KB body limit is below the API's own (MAX_BODY_BYTES, 413 in the
            # API's envelope): count, don't block.
            managed["RuleActionOverrides"] = [{"Name": "SizeRestrictions_BODY",
                                               "ActionToUse": {"Count": {}}}]
        rules.append({"Name": group, "Priority": priority,
                      "Statement": {"ManagedRuleGroupStatement": managed},
                      "OverrideAction": {"None": {}}, "VisibilityConfig": visibility(group)})
    limits = {**RATE_LIMITS, **settings.get("waf_rate_limits", {})}
    for offset, (rule, paths) in enumerate(RATE_PATHS.items()):
        matches = [{"AndStatement": {"Statements": [path_match(p, how), method_match(m)]}}
                   for p, how, m in paths]
        rules.append({
            "Name": f"rate-{rule}", "Priority": 10 + offset,
            "Statement": {"RateBasedStatement": {"Limit": limits[rule],
                                                 "AggregateKeyType": "IP",
                                                 "ScopeDownStatement": either(matches)}},
            "Action": {"Block": {"CustomResponse": {"ResponseCode": 429,
                                                    "CustomResponseBodyKey": "too_many"}}},
            "VisibilityConfig": visibility(f"rate-{rule}")})
    allowed = settings.get("staff_ip_allowlist", [])
    if allowed:
        sets = []
        for version, wanted in (("IPV4", lambda c: ":" not in c), ("IPV6", lambda c: ":" in c)):
            cidrs = sorted(c for c in allowed if wanted(c))
            if not cidrs:
                continue
            logical = f"StaffAddresses{version.title()}"
            resources[logical] = {"Type": "AWS::WAFv2::IPSet", "Properties": {
                "Name": name(settings, f"staff-{version.lower()}"), "Scope": "CLOUDFRONT",
                "IPAddressVersion": version, "Addresses": cidrs}}
            sets.append({"IPSetReferenceStatement": {"Arn": {"Fn::GetAtt": [logical, "Arn"]}}})
        rules.append({
            "Name": "staff-only-from-allowlist", "Priority": 20,
            "Statement": {"AndStatement": {"Statements": [
                either([path_match(p, "STARTS_WITH") for p in STAFF_PATHS]),
                {"NotStatement": {"Statement": either(sets)}}]}},
            "Action": {"Block": {}}, "VisibilityConfig": visibility("staff-allowlist")})
    resources["SiteWebAcl"] = {"Type": "AWS::WAFv2::WebACL", "Properties": {
        "Name": name(settings, "site"), "Scope": "CLOUDFRONT", "DefaultAction": {"Allow": {}},
        "CustomResponseBodies": {"too_many": {
            "ContentType": "APPLICATION_JSON",
            "Content": envelope("too_many_attempts", messages()["too_many_attempts"]["es"])}},
        "Rules": rules, "VisibilityConfig": visibility(name(settings, "site"))}}
    return resources


def api_acl(settings: dict, name, origin_secret_value: dict) -> dict:
    """Resources of the REGIONAL web ACL on the API stage (main stack)."""
    return {
        "ApiWebAcl": {"Type": "AWS::WAFv2::WebACL", "Properties": {
            "Name": name(settings, "api"), "Scope": "REGIONAL",
            "Description": "only through CloudFront, origin secret "
                           f"v{settings.get('origin_secret_version', 1)}",
            "DefaultAction": {"Block": {"CustomResponse": {
                "ResponseCode": 403, "CustomResponseBodyKey": "not_through_cloudfront"}}},
            "CustomResponseBodies": {"not_through_cloudfront": {
                "ContentType": "APPLICATION_JSON",
                "Content": envelope("forbidden_origin", messages()["forbidden_origin"]["es"])}},
            "Rules": [{
                "Name": "through-cloudfront", "Priority": 0, "Action": {"Allow": {}},
                "Statement": {"ByteMatchStatement": {
                    "FieldToMatch": {"SingleHeader": {"Name": "x-origin-verify"}},
                    "PositionalConstraint": "EXACTLY", "SearchString": origin_secret_value,
                    "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}},
                "VisibilityConfig": visibility("through-cloudfront")}],
            "VisibilityConfig": visibility(name(settings, "api"))}},
        "ApiWebAclAssociation": {
            "Type": "AWS::WAFv2::WebACLAssociation",
            # The stage SAM makes from RestAPI (StageName api): RestAPIapiStage.
            "DependsOn": ["RestAPIapiStage"],
            "Properties": {
                "ResourceArn": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}::"
                                           "/restapis/${RestAPI}/stages/api"},
                "WebACLArn": {"Fn::GetAtt": ["ApiWebAcl", "Arn"]}}},
    }
