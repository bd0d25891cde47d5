"""A failed deploy can be retried by running the same command again (botocore's Stubber).

Each test scripts what CloudFormation answers, call by call; the Stubber checks every
request against botocore's service model and fails on any call not scripted.
"""

from datetime import datetime, timezone

import boto3
import pytest
from botocore.stub import ANY, Stubber

from infra.aws import deploy, stacks

NAME = "portico-prod-main"
STACK_ID = f"arn:aws:cloudformation:eu-west-1:123456789012:stack/{NAME}/1"
BODY = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
TOKEN = "portico-test-token"
WHEN = datetime(2026, 11, 29, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fixed_token(monkeypatch):
    monkeypatch.setattr(stacks, "new_token", lambda: TOKEN)


class Cfn:
    """A CloudFormation client that answers from a script."""

    def __init__(self):
        self.client = boto3.client("cloudformation", region_name="eu-west-1",
                                   aws_access_key_id="x", aws_secret_access_key="x")
        self.stub = Stubber(self.client)
        self.stub.activate()

    def stack(self, status, outputs=None):
        stack = {"StackName": NAME, "StackId": STACK_ID, "CreationTime": WHEN,
                 "StackStatus": status}
        if outputs:
            stack["Outputs"] = [{"OutputKey": k, "OutputValue": v} for k, v in outputs.items()]
        self.stub.add_response("describe_stacks", {"Stacks": [stack]}, {"StackName": NAME})

    def no_stack(self):
        self.stub.add_client_error("describe_stacks", "ValidationError",
                                   f"Stack with id {NAME} does not exist", 400,
                                   expected_params={"StackName": NAME})

    def change_sets(self, *summaries):
        self.stub.add_response("list_change_sets", {"Summaries": [
            {"StackName": NAME, "ChangeSetName": n, "Status": s, "ExecutionStatus": e}
            for n, s, e in summaries]}, {"StackName": NAME})

    def delete_change_set(self, name=ANY):
        self.stub.add_response("delete_change_set", {},
                               {"StackName": NAME, "ChangeSetName": name})

    def change_set(self, kind, status, reason=""):
        self.stub.add_response("create_change_set", {"Id": "cs-1", "StackId": STACK_ID}, {
            "StackName": NAME, "ChangeSetName": ANY, "ChangeSetType": kind,
            "Capabilities": stacks.CAPABILITIES, "TemplateBody": ANY})
        answer = {"ChangeSetName": "cs", "StackName": NAME, "Status": status,
                  "ExecutionStatus": "UNAVAILABLE" if status == "FAILED" else "AVAILABLE"}
        if reason:
            answer["StatusReason"] = reason
        self.stub.add_response("describe_change_set", answer,
                               {"StackName": NAME, "ChangeSetName": ANY})
        if status == "FAILED":  # the waiter gave up; deploy_stack reads the reason
            self.stub.add_response("describe_change_set", answer,
                                   {"StackName": NAME, "ChangeSetName": ANY})

    def execute(self):
        self.stub.add_response("execute_change_set", {}, {
            "StackName": NAME, "ChangeSetName": ANY, "ClientRequestToken": TOKEN})

    def events(self, *failed, token=TOKEN):
        """Newest first, as AWS lists them: failures, then the operation's start."""
        rows = [{"StackId": STACK_ID, "EventId": f"e{i}", "StackName": NAME, "Timestamp": WHEN,
                 "LogicalResourceId": logical, "ResourceType": kind,
                 "ResourceStatus": "CREATE_FAILED", "ResourceStatusReason": reason,
                 "ClientRequestToken": token}
                for i, (logical, kind, reason) in enumerate(failed)]
        rows.append({"StackId": STACK_ID, "EventId": "start", "StackName": NAME,
                     "Timestamp": WHEN, "LogicalResourceId": NAME,
                     "ResourceType": "AWS::CloudFormation::Stack",
                     "ResourceStatus": "CREATE_IN_PROGRESS",
                     "ResourceStatusReason": "User Initiated", "ClientRequestToken": token})
        self.stub.add_response("describe_stack_events", {"StackEvents": rows},
                               {"StackName": NAME})

    def done(self):
        self.stub.assert_no_pending_responses()


TABLE_EXISTS = ("Table", "AWS::DynamoDB::Table", "Resource handler returned message: "
                "\"Table already exists: portico-prod\"")
CANCELLED = ("Topic", "AWS::SNS::Topic", "Resource creation cancelled")


def test_a_new_stack_is_created_through_a_change_set_and_its_outputs_returned():
    cfn = Cfn()
    cfn.no_stack()
    cfn.change_set("CREATE", "CREATE_COMPLETE")
    cfn.execute()
    cfn.stack("CREATE_COMPLETE")                       # the waiter
    cfn.stack("CREATE_COMPLETE", {"SiteBucket": "b"})  # the outputs
    assert stacks.deploy_stack(cfn.client, NAME, BODY) == {"SiteBucket": "b"}
    cfn.done()


def test_a_failed_first_create_is_reported_in_plain_words_and_the_rerun_deletes_and_creates():
    cfn = Cfn()
    cfn.no_stack()
    cfn.change_set("CREATE", "CREATE_COMPLETE")
    cfn.execute()
    cfn.stack("ROLLBACK_COMPLETE")  # the waiter stops on it
    cfn.stack("ROLLBACK_COMPLETE")
    cfn.events(CANCELLED, TABLE_EXISTS)
    with pytest.raises(stacks.DeployError) as failed:
        stacks.deploy_stack(cfn.client, NAME, BODY)
    text = str(failed.value)
    assert "ROLLBACK_COMPLETE" in text and "run the same command again" in text
    assert "Table (AWS::DynamoDB::Table)" in text and "Table already exists" in text
    assert "cancelled" not in text  # the knock-on cancellations are noise
    cfn.done()

    # The same command again: the rolled-back stack is deleted, then created anew.
    cfn.stack("ROLLBACK_COMPLETE")
    cfn.events(TABLE_EXISTS)  # told once more, as the reason for the delete
    cfn.stub.add_response("delete_stack", {}, {"StackName": NAME})
    cfn.stub.add_client_error("describe_stacks", "ValidationError",  # the delete waiter: gone
                              f"Stack with id {NAME} does not exist", 400)
    cfn.change_set("CREATE", "CREATE_COMPLETE")
    cfn.execute()
    cfn.stack("CREATE_COMPLETE")
    cfn.stack("CREATE_COMPLETE", {"TableName": "portico-prod"})
    assert stacks.deploy_stack(cfn.client, NAME, BODY) == {"TableName": "portico-prod"}
    cfn.done()


def test_only_the_failures_of_this_execution_are_reported():
    cfn = Cfn()
    cfn.stack("UPDATE_COMPLETE")
    cfn.change_sets()
    cfn.change_set("UPDATE", "CREATE_COMPLETE")
    cfn.execute()
    cfn.stack("UPDATE_ROLLBACK_COMPLETE")
    cfn.stack("UPDATE_ROLLBACK_COMPLETE")
    old = ("OldThing", "AWS::SNS::Topic", "an old failure from another run")
    rows = []
    for token, failure in ((TOKEN, ("Api", "AWS::Lambda::Function", "Memory too big")),
                           ("portico-earlier", old)):
        rows.append({"StackId": STACK_ID, "EventId": token, "StackName": NAME, "Timestamp": WHEN,
                     "LogicalResourceId": failure[0], "ResourceType": failure[1],
                     "ResourceStatus": "UPDATE_FAILED", "ResourceStatusReason": failure[2],
                     "ClientRequestToken": token})
    cfn.stub.add_response("describe_stack_events", {"StackEvents": rows}, {"StackName": NAME})
    with pytest.raises(stacks.DeployError) as failed:
        stacks.deploy_stack(cfn.client, NAME, BODY)
    assert "Memory too big" in str(failed.value)
    assert "old failure" not in str(failed.value)
    assert "back as it was" in str(failed.value)
    cfn.done()


def test_an_update_with_no_changes_deletes_its_change_set_and_old_failed_ones():
    cfn = Cfn()
    cfn.stack("UPDATE_COMPLETE")
    cfn.change_sets(("old-failed", "FAILED", "UNAVAILABLE"),
                    ("same-template-as-now", "CREATE_COMPLETE", "AVAILABLE"))
    cfn.delete_change_set("old-failed")
    cfn.delete_change_set("same-template-as-now")
    cfn.change_set("UPDATE", "FAILED", "The submitted information didn't contain changes. "
                   "Submit different information to create a change set.")
    cfn.delete_change_set()
    cfn.stack("UPDATE_COMPLETE", {"SiteBucket": "b"})
    assert stacks.deploy_stack(cfn.client, NAME, BODY) == {"SiteBucket": "b"}
    cfn.done()


def test_a_change_set_that_fails_is_deleted_and_its_reason_given():
    cfn = Cfn()
    cfn.no_stack()
    cfn.change_set("CREATE", "FAILED", "Template format error: Unresolved resource "
                   "dependencies [Nope] in the Resources block of the template")
    cfn.delete_change_set()
    with pytest.raises(stacks.DeployError, match="Unresolved resource dependencies"):
        stacks.deploy_stack(cfn.client, NAME, BODY)
    cfn.done()


def test_a_stack_left_in_review_is_created_after_clearing_its_change_sets():
    cfn = Cfn()
    cfn.stack("REVIEW_IN_PROGRESS")
    cfn.change_sets(("interrupted-run", "CREATE_COMPLETE", "AVAILABLE"))
    cfn.delete_change_set("interrupted-run")
    cfn.change_set("CREATE", "CREATE_COMPLETE")
    cfn.execute()
    cfn.stack("CREATE_COMPLETE")
    cfn.stack("CREATE_COMPLETE", {"A": "1"})
    assert stacks.deploy_stack(cfn.client, NAME, BODY) == {"A": "1"}
    cfn.done()


@pytest.mark.parametrize("state", ["CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS",
                                   "UPDATE_ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS"])
def test_a_busy_stack_is_left_alone_with_advice(state):
    cfn = Cfn()
    cfn.stack(state)
    with pytest.raises(stacks.DeployError, match="wait for it"):
        stacks.deploy_stack(cfn.client, NAME, BODY)
    cfn.done()


@pytest.mark.parametrize("state", ["ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED"])
def test_a_stuck_stack_says_what_a_person_must_do(state):
    cfn = Cfn()
    cfn.stack(state)
    cfn.events(("Bucket", "AWS::S3::Bucket", "The bucket you tried to delete is not empty"))
    with pytest.raises(stacks.DeployError) as failed:
        stacks.deploy_stack(cfn.client, NAME, BODY)
    assert "console" in str(failed.value) and "not empty" in str(failed.value)
    cfn.done()


def test_the_command_prints_the_reasons_and_exits_1_without_a_traceback(monkeypatch, capsys):
    cfn = Cfn()
    cfn.no_stack()
    cfn.change_set("CREATE", "CREATE_COMPLETE")
    cfn.execute()
    cfn.stack("ROLLBACK_COMPLETE")
    cfn.stack("ROLLBACK_COMPLETE")
    cfn.events(TABLE_EXISTS)
    monkeypatch.setattr(deploy, "deploy", lambda stage: deploy.deploy_stack(cfn.client, NAME, BODY))
    assert deploy.main(["deploy", "prod"]) == 1
    err = capsys.readouterr().err
    assert "deploy failed: portico-prod-main: create failed" in err
    assert "Table already exists" in err and "Traceback" not in err


def test_an_aws_refusal_outside_a_stack_is_one_line_too(monkeypatch, capsys):
    from botocore.exceptions import NoCredentialsError

    def no_credentials(stage):
        raise NoCredentialsError()

    monkeypatch.setattr(deploy, "deploy", no_credentials)
    assert deploy.main(["deploy", "prod"]) == 1
    assert "Unable to locate credentials" in capsys.readouterr().err
