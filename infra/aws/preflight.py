"""Checks made before a deploy creates anything (`make deploy CHECK=1` runs only these).

Each check reads the account and returns problems (the deploy would fail, or do harm:
it stops) and notes (worth knowing, not blocking). Only read calls, so the checks can run
with the CI's or a reviewer's read-only credentials.
"""

from dataclasses import dataclass, field

from infra.aws import template


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Findings") -> "Findings":
        self.problems += other.problems
        self.notes += other.notes
        return self


def error_code(exc) -> str:
    return exc.response.get("Error", {}).get("Code", "")


def covers(pattern: str, host: str) -> bool:
    """Whether a certificate name covers a host (a wildcard covers exactly one label)."""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern.startswith("*."):
        label, _, rest = host.partition(".")
        return bool(label) and rest == pattern[2:]
    return pattern == host


def check_certificate(acm, settings: dict) -> Findings:
    from botocore.exceptions import ClientError

    found, arn, domain = Findings(), settings["certificate_arn"], settings["domain"]
    try:
        cert = acm.describe_certificate(CertificateArn=arn)["Certificate"]
    except ClientError as exc:
        found.problems.append(f"certificate {arn}: not found in us-east-1 ({error_code(exc)}); "
                              "request it in ACM in us-east-1 (CloudFront takes no other)")
        return found
    if cert.get("Status") != "ISSUED":
        found.problems.append(f"certificate {arn} is {cert.get('Status')}, not ISSUED: finish "
                              "its DNS validation (ACM console) and wait for it")
    names = [cert.get("DomainName", ""), *cert.get("SubjectAlternativeNames", [])]
    if not any(covers(n, domain) for n in names if n):
        found.problems.append(f"certificate {arn} covers {', '.join(sorted(set(names)))}, "
                              f"not {domain}")
    return found


def zone_holds(zone_name: str, host: str) -> bool:
    zone, host = zone_name.lower().rstrip("."), host.lower().rstrip(".")
    return host == zone or host.endswith("." + zone)


def planned_records(settings: dict) -> list[tuple[str, str]]:
    """(name, type) of every record the stage's stacks would write into the hosted zone."""
    from infra.aws import mailstack

    return [(r["Name"], r["Type"]) for r in template.site_records(settings)] + \
        [(r["Name"], r["Type"]) for r in mailstack.mail_records(settings)]


def existing_record(route53, zone: str, name: str, kind: str) -> bool:
    wanted = name.lower().rstrip(".") + "."
    page = route53.list_resource_record_sets(HostedZoneId=zone, StartRecordName=wanted,
                                             StartRecordType=kind, MaxItems="1")
    return any(r["Name"].lower() == wanted and r["Type"] == kind
               for r in page.get("ResourceRecordSets", []))


def check_zone(route53, settings: dict, *, new_stacks: set[str]) -> Findings:
    """The zone holds the domains; no record a new stack would create exists already.

    new_stacks: which of "site" (the stage's main stack) and "mail" (the account's mail
    stack) do not exist yet: only their records could collide. Records named in the
    setting `keep_dns_records` are left as they are (the stack does not write them).
    """
    from botocore.exceptions import ClientError

    found, zone = Findings(), settings["hosted_zone_id"]
    if not zone:
        found.notes.append("no hosted_zone_id: the deploy prints the DNS records to publish")
        return found
    try:
        zone_name = route53.get_hosted_zone(Id=zone)["HostedZone"]["Name"]
    except ClientError as exc:
        found.problems.append(f"hosted zone {zone}: not found ({error_code(exc)})")
        return found
    for host in (settings["domain"], settings["mail_domain"]):
        if not zone_holds(zone_name, host):
            found.problems.append(f"hosted zone {zone} is {zone_name}: it cannot hold {host}")
    if found.problems:
        return found
    keep = {k.lower() for k in settings.get("keep_dns_records", [])}
    from infra.aws import mailstack

    mine = {"site": template.site_records(settings), "mail": mailstack.mail_records(settings)}
    for part in [p for p in ("site", "mail") if p in new_stacks]:
        for record in mine[part]:
            label = f"{record['Name']} {record['Type']}"
            if label.lower() in keep:
                continue
            if existing_record(route53, zone, record["Name"], record["Type"]):
                found.problems.append(
                    f"DNS record {label} exists already in {zone_name}: the stack would fail "
                    "creating it. Delete it, or keep it as it is by adding "
                    f'"{label}" to "keep_dns_records" in the settings')
    return found


def check_mail(sesv2, settings: dict, *, mail_stack_exists: bool) -> Findings:
    from botocore.exceptions import ClientError

    found, domain = Findings(), settings["mail_domain"]
    try:
        identity = sesv2.get_email_identity(EmailIdentity=domain)
    except ClientError as exc:
        if error_code(exc) != "NotFoundException":
            raise
        identity = None
    if identity is None:
        found.notes.append(f"SES identity {domain}: the mail stack will create it "
                           "(then publish its DKIM records, if no hosted zone)")
    elif not mail_stack_exists:
        found.problems.append(
            f"SES identity {domain} exists already, created outside the mail stack: the "
            "stack would fail creating it. Delete it in the SES console (its DKIM records "
            "change) or import it into the mail stack")
    else:
        dkim = identity.get("DkimAttributes", {}).get("Status", "NOT_STARTED")
        if not identity.get("VerifiedForSendingStatus"):
            found.notes.append(f"SES identity {domain} is not verified yet (DKIM {dkim}): "
                               "publish the DKIM records; mail fails until then")
    account = sesv2.get_account()
    if not account.get("ProductionAccessEnabled"):
        found.notes.append("SES is in the sandbox here: mail reaches verified addresses only; "
                           "request production access (README, first deploy)")
    if account.get("SendingEnabled") is False:
        found.problems.append("SES sending is paused for this account/region "
                              f"({account.get('EnforcementStatus', '?')})")
    return found


def check_concurrency(lambda_, settings: dict) -> Findings:
    """Requests the stage lets through at once each need a Lambda execution, and so do
    the job workers (at most jobs_concurrency) and the clock's two functions."""
    found = Findings()
    limits = lambda_.get_account_settings()["AccountLimit"]
    free = limits.get("UnreservedConcurrentExecutions", limits.get("ConcurrentExecutions", 0))
    background = settings.get("jobs_concurrency", 5) + 2
    needed = settings["api_burst_limit"] + background
    if free < needed:
        found.problems.append(
            f"Lambda concurrency: {free} unreserved executions in {settings['region']}, the "
            f"stage's burst limit lets {settings['api_burst_limit']} requests in at once and "
            f"the background jobs take {background} more. Request an increase "
            "(Service Quotas → AWS Lambda → Concurrent executions; new accounts get 10) or "
            "lower api_burst_limit")
    return found


def check_ci(iam, cfn, settings: dict) -> Findings:
    """The CI role's settings are filled in; which GitHub OIDC provider it will trust."""
    from infra.aws import ci_role

    found = Findings(problems=ci_role.problems(settings))
    arn = ci_role.oidc_provider(iam, cfn, settings)
    found.notes.append(f"CI role trusts the GitHub OIDC provider {arn}" if arn else
                       "no GitHub OIDC provider in this account: the CI stack creates it")
    return found


def run(session, settings: dict) -> Findings:
    """Every check, against the account the session's credentials reach."""
    from infra.aws import mailstack, stacks

    cfn = session.client("cloudformation")
    new = {"site"} if stacks.status(cfn, template.name(settings, "main")) in \
        stacks.CREATE_STATES | {"ROLLBACK_COMPLETE"} else set()
    mail_state = stacks.status(cfn, mailstack.stack_name(settings))
    if mail_state in stacks.CREATE_STATES | {"ROLLBACK_COMPLETE"}:
        new.add("mail")
    found = Findings()
    found += check_certificate(session.client("acm", region_name="us-east-1"), settings)
    found += check_zone(session.client("route53"), settings, new_stacks=new)
    found += check_mail(session.client("sesv2"), settings, mail_stack_exists="mail" not in new)
    found += check_concurrency(session.client("lambda"), settings)
    if settings.get("ci"):
        found += check_ci(session.client("iam"), cfn, settings)
    return found


def report(found: Findings) -> str:
    lines = [f"  ! {p}" for p in found.problems] + [f"  - {n}" for n in found.notes]
    head = (f"pre-flight: {len(found.problems)} problem(s); nothing was changed"
            if found.problems else "pre-flight: all checks passed")
    return "\n".join([head, *lines])
