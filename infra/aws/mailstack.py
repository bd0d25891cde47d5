"""The account's mail stack: one SES identity per mail domain, account and region.

An SES identity exists once per account and region, so a stage cannot own it: the second
stage deployed into one account would fail creating it again. This stack, named after the
mail domain, is shared by every stage that sends from that domain, so its settings
(hosted zone, `keep_dns_records`, `dmarc_record`) must come from one stage only: the one
whose settings have a `hosted_zone_id` (prod) owns it and creates or updates it. Any other
stage creates it only when it does not exist yet (no DNS records: it prints them) and
otherwise leaves it as it is; rebuilt from dev's settings (no zone) it would delete prod's
DKIM, MAIL FROM and DMARC records. It holds:

- the domain identity with Easy DKIM (2048-bit) and the custom MAIL FROM `mail.<domain>`;
- with a hosted zone: DKIM CNAMEs, MAIL FROM MX and SPF, and DMARC only if the settings
  give `dmarc_record` (a DMARC policy covers all of the company's mail from that domain,
  not only Portico's: a `p=quarantine` could send the rest to spam, so it is the
  company's choice, not the stack's).

It also sets API Gateway's account-wide CloudWatch role (one per account and region too),
without which no stage's API access log can be turned on.

Bounces and complaints are per stage: each stage's sends name its own configuration set
(MAIL_CONFIGURATION_SET), whose event destination is the stage's topic.

Later (ticket replies, background-jobs issue): SES has ONE active receipt rule set per
account and region; it belongs here, with one rule per stage. Not created yet.
"""

from infra.aws import template


def stack_name(settings: dict) -> str:
    return f"{template.APP}-mail-{settings['mail_domain'].replace('.', '-')}"


def owns(settings: dict) -> bool:
    """Whether this stage's settings own the mail stack (see the module's docstring)."""
    return bool(settings["hosted_zone_id"])


def mail_records(settings: dict) -> list[dict]:
    """The mail records with names known before deploying (not DKIM: SES picks those)."""
    domain, region = settings["mail_domain"], settings["region"]
    records = [
        {"Name": f"mail.{domain}", "Type": "MX", "Value": f"10 feedback-smtp.{region}.amazonses.com"},
        {"Name": f"mail.{domain}", "Type": "TXT", "Value": '"v=spf1 include:amazonses.com ~all"'},
    ]
    if settings.get("dmarc_record"):
        records.append({"Name": f"_dmarc.{domain}", "Type": "TXT",
                        "Value": f'"{settings["dmarc_record"]}"'})
    return records


def dkim_records() -> list[dict]:
    """Names and values are this stack's outputs (SES makes them up)."""
    return [{"Name": f"DkimDNSTokenName{i}", "Type": "CNAME", "Value": f"DkimDNSTokenValue{i}"}
            for i in (1, 2, 3)]


def mail_template(settings: dict) -> dict:
    domain, zone = settings["mail_domain"], settings["hosted_zone_id"]
    keep = {k.lower() for k in settings.get("keep_dns_records", [])}
    resources = {"MailIdentity": {
        "Type": "AWS::SES::EmailIdentity",
        "Properties": {
            "EmailIdentity": domain,
            "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"},
            "MailFromAttributes": {"MailFromDomain": f"mail.{domain}",
                                   "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
        },
    }}
    # Not mail, but also one per account and region: API Gateway's CloudWatch role, which
    # the stages' API access logs need. Every account stack sets the same role.
    resources["ApiGatewayLogsRole"] = {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
             "Action": "sts:AssumeRole"}]},
        "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                                          "AmazonAPIGatewayPushToCloudWatchLogs"}]}}
    resources["ApiGatewayAccount"] = {
        "Type": "AWS::ApiGateway::Account",
        "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}}}
    if zone:
        for i, record in enumerate(mail_records(settings)):
            if f"{record['Name']} {record['Type']}".lower() in keep:
                continue
            resources[f"MailRecord{i}"] = {
                "Type": "AWS::Route53::RecordSet",
                "Properties": {"HostedZoneId": zone, "Name": record["Name"],
                               "Type": record["Type"], "TTL": "3600",
                               "ResourceRecords": [record["Value"]]}}
        for i in (1, 2, 3):
            resources[f"DkimRecord{i}"] = {
                "Type": "AWS::Route53::RecordSet",
                "Properties": {"HostedZoneId": zone, "Type": "CNAME", "TTL": "3600",
                               "Name": {"Fn::GetAtt": ["MailIdentity", f"DkimDNSTokenName{i}"]},
                               "ResourceRecords": [{"Fn::GetAtt": [
                                   "MailIdentity", f"DkimDNSTokenValue{i}"]}]}}
    outputs = {"MailDomain": {"Value": domain}}
    for i in (1, 2, 3):
        for part in ("Name", "Value"):
            outputs[f"DkimDNSToken{part}{i}"] = {
                "Value": {"Fn::GetAtt": ["MailIdentity", f"DkimDNSToken{part}{i}"]}}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Portico mail identity for {domain} (one per account and region)",
            "Resources": resources, "Outputs": outputs}
