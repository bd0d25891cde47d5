"""The account's mail stack is shared by the stages sending from one domain: only the
stage whose settings own it (the one with the hosted zone) may change it."""

import pytest
from botocore.exceptions import ClientError

from infra.aws import deploy, mailstack, template
from tests.infra.conftest import settings_for


class Account:
    """CloudFormation of one account, as far as deploy_mail sees it: stacks by name."""

    def __init__(self):
        self.stacks: dict[str, dict] = {}
        self.writes: list[str] = []

    def describe_stacks(self, StackName):
        if StackName not in self.stacks:
            raise ClientError({"Error": {"Code": "ValidationError", "Message":
                                         f"Stack with id {StackName} does not exist"}},
                              "DescribeStacks")
        return {"Stacks": [{"StackStatus": "UPDATE_COMPLETE", "Outputs": [
            {"OutputKey": "MailDomain", "OutputValue": "portico.example"}]}]}

    def deploy_stack(self, cfn, name, body, **kw):
        assert cfn is self
        self.stacks[name] = body
        self.writes.append(name)
        return {"MailDomain": "portico.example"}


@pytest.fixture
def account(monkeypatch):
    found = Account()
    monkeypatch.setattr(deploy, "deploy_stack", found.deploy_stack)
    return found


def mail_dns(body: dict) -> list[str]:
    return sorted(k for k, r in body["Resources"].items() if r["Type"] == "AWS::Route53::RecordSet")


def test_deploying_dev_after_prod_leaves_the_mail_stack_and_its_dns_records_unchanged(account):
    prod, dev = settings_for("prod"), settings_for("dev")
    assert mailstack.stack_name(dev) == mailstack.stack_name(prod)  # one shared stack
    name = mailstack.stack_name(prod)
    deploy.deploy_mail(account, {**prod, "dmarc_record": "v=DMARC1; p=none"})
    written = account.stacks[name]
    assert "DkimRecord1" in mail_dns(written) and len(mail_dns(written)) == 6
    for stage in ("dev", "staging"):
        assert deploy.deploy_mail(account, settings_for(stage)) == {
            "MailDomain": "portico.example"}
    assert account.stacks[name] is written and account.writes == [name]


def test_a_stage_without_the_zone_creates_the_missing_stack_and_the_owner_then_adds_dns(account):
    dev, prod = settings_for("dev"), settings_for("prod")
    deploy.deploy_mail(account, dev)
    name = mailstack.stack_name(dev)
    assert mail_dns(account.stacks[name]) == []
    deploy.deploy_mail(account, prod)
    assert mail_dns(account.stacks[name]) and account.writes == [name, name]


def test_only_prod_owns_the_mail_stack_in_the_shipped_settings():
    owners = [s for s in template.STAGES if mailstack.owns(settings_for(s))]
    assert owners == ["prod"]
