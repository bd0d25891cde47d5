"""Pre-flight checks stop a deploy before anything is created (botocore's Stubber)."""


import boto3
import pytest
from botocore.stub import Stubber

from infra.aws import deploy, mailstack, preflight, template
from tests.infra.conftest import settings_for

ZONE = "Z0000000000PORTICO"
GITHUB_PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"


def client(service, region="eu-west-1"):
    c = boto3.client(service, region_name=region, aws_access_key_id="x",
                     aws_secret_access_key="x")
    stub = Stubber(c)
    stub.activate()
    return c, stub


@pytest.fixture
def prod():
    return settings_for("prod")  # clientes.portico.example, mail from portico.example


def certificate(status="ISSUED", names=("clientes.portico.example",)):
    acm, stub = client("acm", "us-east-1")
    stub.add_response("describe_certificate", {"Certificate": {
        "CertificateArn": settings_for("prod")["certificate_arn"], "DomainName": names[0],
        "SubjectAlternativeNames": list(names), "Status": status}})
    return acm, stub


@pytest.mark.parametrize("names", [("clientes.portico.example",),
                                   ("portico.example", "*.portico.example")])
def test_an_issued_certificate_covering_the_domain_passes(prod, names):
    acm, stub = certificate(names=names)
    assert preflight.check_certificate(acm, prod).problems == []
    stub.assert_no_pending_responses()


@pytest.mark.parametrize("status,names,words", [
    ("PENDING_VALIDATION", ("clientes.portico.example",), "not ISSUED"),
    ("ISSUED", ("portico.example",), "not clientes.portico.example"),
    # A wildcard covers one label only.
    ("ISSUED", ("*.example",), "not clientes.portico.example"),
])
def test_a_certificate_not_issued_or_not_covering_the_domain_stops(prod, status, names, words):
    acm, stub = certificate(status, names)
    problems = preflight.check_certificate(acm, prod).problems
    assert len(problems) == 1 and words in problems[0]


def test_a_missing_certificate_stops(prod):
    acm, stub = client("acm", "us-east-1")
    stub.add_client_error("describe_certificate", "ResourceNotFoundException", "not found")
    assert "not found in us-east-1" in preflight.check_certificate(acm, prod).problems[0]


def zone(name="portico.example.", existing=()):
    route53, stub = client("route53")
    stub.add_response("get_hosted_zone", {"HostedZone": {
        "Id": f"/hostedzone/{ZONE}", "Name": name, "CallerReference": "x"}}, {"Id": ZONE})
    return route53, stub


def record_answer(stub, name, kind, exists):
    rows = [{"Name": f"{name}.", "Type": kind, "TTL": 300, "ResourceRecords": [{"Value": "x"}]}]
    stub.add_response("list_resource_record_sets", {
        "ResourceRecordSets": rows if exists else [], "IsTruncated": False, "MaxItems": "1"},
        {"HostedZoneId": ZONE, "StartRecordName": f"{name}.", "StartRecordType": kind,
         "MaxItems": "1"})


def test_a_zone_that_cannot_hold_the_domain_stops(prod):
    route53, stub = zone("other.example.")
    problems = preflight.check_zone(route53, prod, new_stacks={"site", "mail"}).problems
    assert any("cannot hold clientes.portico.example" in p for p in problems)


def test_records_a_new_stack_would_create_must_not_exist_unless_kept(prod):
    planned = template.site_records(prod) + mailstack.mail_records(prod)
    assert ("clientes.portico.example", "A") in [(r["Name"], r["Type"]) for r in planned]
    route53, stub = zone()
    for record in planned:
        record_answer(stub, record["Name"], record["Type"],
                      exists=(record["Name"], record["Type"]) == ("mail.portico.example", "TXT"))
    problems = preflight.check_zone(route53, prod, new_stacks={"site", "mail"}).problems
    assert len(problems) == 1
    assert "mail.portico.example TXT exists already" in problems[0]
    assert "keep_dns_records" in problems[0]
    stub.assert_no_pending_responses()

    # Kept: not looked up, and the mail stack leaves it out.
    kept = {**prod, "keep_dns_records": ["mail.portico.example TXT"]}
    route53, stub = zone()
    for record in planned:
        if record["Type"] != "TXT":
            record_answer(stub, record["Name"], record["Type"], exists=False)
    assert preflight.check_zone(route53, kept, new_stacks={"site", "mail"}).problems == []
    stub.assert_no_pending_responses()
    written = [r["Properties"]["Type"] for r in mailstack.mail_template(kept)["Resources"].values()
               if r["Type"] == "AWS::Route53::RecordSet" and isinstance(r["Properties"]["Name"], str)]
    assert written == ["MX"]


def test_existing_stacks_own_their_records_so_nothing_is_looked_up(prod):
    route53, stub = zone()
    assert preflight.check_zone(route53, prod, new_stacks=set()).problems == []
    stub.assert_no_pending_responses()


def mail(identity=None, production=True, sending=True):
    sesv2, stub = client("sesv2")
    if identity is None:
        stub.add_client_error("get_email_identity", "NotFoundException", "no identity", 404)
    else:
        stub.add_response("get_email_identity", identity, {"EmailIdentity": "portico.example"})
    stub.add_response("get_account", {"ProductionAccessEnabled": production,
                                      "SendingEnabled": sending})
    return sesv2, stub


def test_ses_identity_made_outside_the_mail_stack_stops_and_sandbox_is_a_note(prod):
    sesv2, _ = mail(None, production=False)
    found = preflight.check_mail(sesv2, prod, mail_stack_exists=False)
    assert found.problems == [] and any("sandbox" in n for n in found.notes)

    sesv2, _ = mail({"VerifiedForSendingStatus": True})
    problems = preflight.check_mail(sesv2, prod, mail_stack_exists=False).problems
    assert "exists already" in problems[0]

    sesv2, _ = mail({"VerifiedForSendingStatus": False,
                     "DkimAttributes": {"Status": "PENDING"}})
    found = preflight.check_mail(sesv2, prod, mail_stack_exists=True)
    assert found.problems == [] and any("PENDING" in n for n in found.notes)

    sesv2, _ = mail({"VerifiedForSendingStatus": True}, sending=False)
    assert "paused" in preflight.check_mail(sesv2, prod, mail_stack_exists=True).problems[0]


@pytest.mark.parametrize("free,ok", [(10, False), (100, False), (106, False), (107, True),
                                     (1000, True)])
def test_lambda_concurrency_must_cover_the_stage_burst_and_the_background_jobs(prod, free, ok):
    lambda_, stub = client("lambda")
    stub.add_response("get_account_settings", {"AccountLimit": {
        "ConcurrentExecutions": 1000, "UnreservedConcurrentExecutions": free}})
    assert prod["api_burst_limit"] == 100
    problems = preflight.check_concurrency(lambda_, prod).problems
    assert (problems == []) == ok
    if not ok:
        assert "Service Quotas" in problems[0]


class Session:
    def __init__(self, clients):
        self.clients = clients

    def client(self, service, region_name=None):
        return self.clients[service]


def test_check_alone_reports_every_problem_changes_nothing_and_exits_1(prod, monkeypatch, capsys):
    """make deploy CHECK=1 on an empty account with a pending certificate."""
    cfn, cfn_stub = client("cloudformation")
    for _ in range(2):  # main and mail stacks: neither exists
        cfn_stub.add_client_error("describe_stacks", "ValidationError", "Stack does not exist")
    acm, _ = certificate("PENDING_VALIDATION")
    route53, r53_stub = zone()
    for record in template.site_records(prod) + mailstack.mail_records(prod):
        record_answer(r53_stub, record["Name"], record["Type"], exists=False)
    sesv2, _ = mail(None)
    lambda_, lambda_stub = client("lambda")
    lambda_stub.add_response("get_account_settings", {"AccountLimit": {
        "UnreservedConcurrentExecutions": 10}})
    cfn_stub.add_client_error("describe_stack_resource", "ValidationError", "no CI stack")
    iam, iam_stub = client("iam")
    iam_stub.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": [
        {"Arn": GITHUB_PROVIDER}]})
    session = Session({"cloudformation": cfn, "acm": acm, "route53": route53, "sesv2": sesv2,
                       "lambda": lambda_, "iam": iam})
    monkeypatch.setattr("boto3.session.Session", lambda **kw: session)
    # The Stubbers would fail any write; none is scripted.
    assert deploy.main(["check", "prod"]) == 1
    out = capsys.readouterr()
    assert "3 problem(s)" in out.out and "not ISSUED" in out.out and "concurrency" in out.out
    assert 'ci.repository is "your-org/portico"' in out.out
    assert f"trusts the GitHub OIDC provider {GITHUB_PROVIDER}" in out.out
    assert "Traceback" not in out.err
    for stub in (cfn_stub, r53_stub, lambda_stub, iam_stub):
        stub.assert_no_pending_responses()


def test_the_makefile_runs_only_the_checks_with_check_1():
    import subprocess

    done = subprocess.run(["make", "-n", "deploy", "CHECK=1", "STAGE=prod"],
                          capture_output=True, text=True, cwd=deploy.ROOT)
    assert "infra.aws.deploy check prod" in done.stdout
    done = subprocess.run(["make", "-n", "deploy", "STAGE=prod"],
                          capture_output=True, text=True, cwd=deploy.ROOT)
    assert "infra.aws.deploy deploy prod" in done.stdout




def ci_settings(prod, **ci):
    return {**prod, "ci": {**prod["ci"], "repository": "portico-hosting/portico", **ci}}


def providers(*arns, ci_stack_holds_one=False):
    iam, iam_stub = client("iam")
    cfn, cfn_stub = client("cloudformation")
    if ci_stack_holds_one:
        cfn_stub.add_response("describe_stack_resource", {"StackResourceDetail": {
            "LogicalResourceId": "GitHubOidc", "ResourceType": "AWS::IAM::OIDCProvider",
            "LastUpdatedTimestamp": "2026-01-01T00:00:00Z", "ResourceStatus": "CREATE_COMPLETE"}},
            {"StackName": "portico-prod-ci", "LogicalResourceId": "GitHubOidc"})
        return iam, cfn
    cfn_stub.add_client_error("describe_stack_resource", "ValidationError",
                              "Stack 'portico-prod-ci' does not exist")
    iam_stub.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": [
        {"Arn": a} for a in arns]})
    return iam, cfn


def test_the_accounts_existing_github_oidc_provider_is_used_not_created_again(prod):
    from infra.aws import ci_role

    settings = ci_settings(prod)
    other = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com"
    iam, cfn = providers(other, GITHUB_PROVIDER)
    found = preflight.check_ci(iam, cfn, settings)
    assert found.problems == [] and GITHUB_PROVIDER in found.notes[0]
    iam, cfn = providers(other, GITHUB_PROVIDER)
    arn = ci_role.oidc_provider(iam, cfn, settings)
    body = ci_role.ci_template(ci_role.with_provider(settings, arn), "E123")
    assert "GitHubOidc" not in body["Resources"]
    trust = body["Resources"]["PublishRole"]["Properties"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Federated": GITHUB_PROVIDER}
    # None in the account: the stack creates it.
    iam, cfn = providers(other)
    assert ci_role.oidc_provider(iam, cfn, settings) == ""
    assert "creates it" in preflight.check_ci(*providers(other), settings).notes[0]
    # One this CI stack made stays in it (dropping the resource would delete it).
    iam, cfn = providers(ci_stack_holds_one=True)
    assert ci_role.oidc_provider(iam, cfn, settings) == ""
    # A provider named in the settings is used as it is: nothing looked up.
    iam, cfn = client("iam")[0], client("cloudformation")[0]
    assert ci_role.oidc_provider(iam, cfn, ci_settings(prod, oidc_provider_arn="arn:x")) == "arn:x"


@pytest.mark.parametrize("repo", ["your-org/portico", "", "portico"])
def test_the_placeholder_or_a_malformed_ci_repository_stops_the_deploy(prod, repo):
    problems = preflight.check_ci(*providers(), ci_settings(prod, repository=repo)).problems
    assert len(problems) == 1 and "ci.repository" in problems[0] and "prod.json" in problems[0]
