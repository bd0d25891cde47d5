"""The background jobs on AWS: the queue and its dead letters (with their alarm), the
worker's trigger, the clock's rules and their permissions, each function's role; and on
moto's CloudFormation, the same resources carrying a job from the API to the worker."""

import json

import boto3
import pytest
from moto import mock_aws

from chalicelib.jobs import handlers
from chalicelib.jobs.worker import LEASE
from infra.aws import template
from tests.infra.conftest import settings_for
from tests.infra.test_templates import FAKE_SAM

REGION = "eu-west-1"


def _function(handler: str, events: dict | None = None) -> dict:
    props = {"Handler": handler, "Runtime": "python3.11", "CodeUri": "./deployment.zip"}
    if events:
        props["Events"] = events
    return {"Type": "AWS::Serverless::Function", "Properties": props}


# What `chalice package` writes for app.py's three background functions (see
# test_the_package_declares_the_worker_and_the_clock, which reads the real one).
JOBS_SAM = json.loads(json.dumps(FAKE_SAM))
JOBS_SAM["Resources"].update({
    "JobsWorker": _function("app.jobs_worker", {"JobsWorkerSqsEventSource": {
        "Type": "SQS", "Properties": {"Queue": {"Fn::Sub": "arn:${AWS::Partition}:sqs:"
                                                           "${AWS::Region}:${AWS::AccountId}:portico-jobs"},
                                      "BatchSize": 10, "MaximumBatchingWindowInSeconds": 0}}}),
    "JobsMinutely": _function("app.jobs_minutely", {"JobsMinutelyEvent": {
        "Type": "Schedule", "Properties": {"Schedule": handlers.EVERY_MINUTE}}}),
    "JobsDaily": _function("app.jobs_daily", {"JobsDailyEvent": {
        "Type": "Schedule", "Properties": {"Schedule": handlers.EVERY_HOUR}}}),
})


def main_for(settings=None, sam=JOBS_SAM) -> dict:
    return template.main_template(settings or settings_for("prod"), sam,
                                  edge_version_arn=template.PLACEHOLDER_EDGE_ARN)


def policy(resources: dict, role: str) -> dict[str, list]:
    statements = resources[role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    return {s["Sid"]: s for s in statements}


def test_the_queue_hands_a_message_that_keeps_failing_to_its_dead_letters_which_alarm():
    resources = main_for()["Resources"]
    queue = resources["JobsQueue"]["Properties"]
    assert queue["QueueName"] == "portico-prod-jobs" and queue["SqsManagedSseEnabled"]
    assert queue["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": ["JobsDeadLetters", "Arn"]},
                                      "maxReceiveCount": template.JOBS_MAX_RECEIVES}
    worker = resources["JobsWorker"]["Properties"]
    # Lambda refuses a trigger whose queue hides a message for less than the function runs.
    assert queue["VisibilityTimeout"] >= 6 * worker["Timeout"]
    dead = resources["JobsDeadLetters"]["Properties"]
    assert dead["MessageRetentionPeriod"] == 14 * 24 * 3600
    alarm = resources["JobsDeadLettersAlarm"]["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
    assert alarm["Dimensions"] == [{"Name": "QueueName",
                                    "Value": {"Fn::GetAtt": ["JobsDeadLetters", "QueueName"]}}]
    assert alarm["Threshold"] == 1 and alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_the_worker_reads_the_stages_queue_and_returns_only_the_messages_it_names():
    resources = main_for()["Resources"]
    [event] = resources["JobsWorker"]["Properties"]["Events"].values()
    assert event["Properties"]["Queue"] == {"Fn::GetAtt": ["JobsQueue", "Arn"]}
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] >= 2  # Lambda's minimum


def test_a_job_is_held_longer_than_the_worker_may_run_and_the_api_stays_under_29_s():
    resources = main_for()["Resources"]
    timeouts = {template.function_name(r): r["Properties"]["Timeout"]
                for r in resources.values() if r["Type"] == "AWS::Serverless::Function"}
    assert timeouts["app"] < 29
    for fn in ("jobs_worker", "jobs_minutely", "jobs_daily"):
        assert timeouts[fn] < LEASE.total_seconds(), fn


def test_the_clocks_rules_invoke_their_functions_and_may_nothing_else():
    resources = main_for()["Resources"]
    for logical, expression in (("JobsMinutely", handlers.EVERY_MINUTE),
                                ("JobsDaily", handlers.EVERY_HOUR)):
        assert "Events" not in resources[logical]["Properties"]  # ours, not SAM's
        rule = resources[f"{logical}Rule"]["Properties"]
        assert rule["ScheduleExpression"] == expression and rule["State"] == "ENABLED"
        assert rule["Name"].startswith("portico-prod-clock-")
        assert rule["Targets"] == [{"Id": "clock", "Arn": {"Fn::GetAtt": [logical, "Arn"]}}]
        permission = resources[f"{logical}RulePermission"]["Properties"]
        assert permission == {"FunctionName": {"Fn::GetAtt": [logical, "Arn"]},
                              "Action": "lambda:InvokeFunction",
                              "Principal": "events.amazonaws.com",
                              "SourceArn": {"Fn::GetAtt": [f"{logical}Rule", "Arn"]}}


def test_with_snapstart_the_rules_invoke_the_published_alias():
    settings = {**settings_for("prod"), "lambda_python": "3.12", "snapstart": True}
    resources = main_for(settings)["Resources"]
    rule = resources["JobsDailyRule"]["Properties"]
    assert rule["Targets"][0]["Arn"] == {"Ref": "JobsDaily.Alias"}
    assert resources["JobsDailyRulePermission"]["Properties"]["FunctionName"] == \
        {"Ref": "JobsDaily.Alias"}


def test_a_schedule_without_a_rule_of_ours_fails_the_build():
    sam = json.loads(json.dumps(JOBS_SAM))
    sam["Resources"]["JobsDaily"]["Properties"]["Handler"] = "app.jobs_weekly"
    with pytest.raises(template.SettingsError):
        main_for(sam=sam)


def test_each_role_may_do_what_its_function_does_and_no_more():
    resources = main_for()["Resources"]
    api = policy(resources, "ApiRole")
    assert not any(a.startswith("ses:") for s in api.values() for a in s["Action"])  # no mail
    assert api["Jobs"]["Action"] == ["sqs:SendMessage"]
    assert api["Jobs"]["Resource"] == [{"Fn::GetAtt": ["JobsQueue", "Arn"]}]
    worker = policy(resources, "JobsWorkerRole")
    assert worker["Mail"]["Action"] == ["ses:SendRawEmail"]
    assert worker["Jobs"]["Resource"] == [{"Fn::GetAtt": ["JobsQueue", "Arn"]},
                                          {"Fn::GetAtt": ["JobsDeadLetters", "Arn"]}]
    assert "dynamodb:DeleteItem" not in worker["Table"]["Action"]
    clock = policy(resources, "ClockRole")
    assert set(clock) == {"Table", "Index", "Jobs", "Logs"}
    assert clock["Index"] == {"Sid": "Index", "Effect": "Allow", "Action": ["dynamodb:Query"],
                              "Resource": [{"Fn::Sub": "${Table.Arn}/index/gsi1"}]}
    for fn in ("JobsWorker", "JobsMinutely", "JobsDaily", "APIHandler"):
        env = resources[fn]["Properties"]["Environment"]["Variables"]
        assert env["JOBS_QUEUE_URL"] == {"Ref": "JobsQueue"}
        assert "ORIGIN_SECRET" not in env or fn == "APIHandler"
    groups = {resources[fn]["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
              for fn in ("JobsWorker", "JobsMinutely", "JobsDaily", "APIHandler")}
    assert len(groups) == 4  # a log group each, with the stage's retention


@pytest.mark.package
@pytest.mark.xdist_group("aws-package")
def test_the_package_declares_the_worker_and_the_clock_and_no_local_route(sam, packaged):
    import zipfile

    functions = {template.function_name(r): r for r in sam["Resources"].values()
                 if r["Type"] == "AWS::Serverless::Function"}
    worker_events = [e["Type"] for e in functions["jobs_worker"]["Properties"]["Events"].values()]
    assert worker_events == ["SQS"]
    for fn, expression in (("jobs_minutely", handlers.EVERY_MINUTE),
                           ("jobs_daily", handlers.EVERY_HOUR)):
        [event] = functions[fn]["Properties"]["Events"].values()
        assert event == {"Type": "Schedule", "Properties": {"Schedule": expression}}
    for resource in JOBS_SAM["Resources"].values():  # the stand-in above says the same
        if resource["Type"] == "AWS::Serverless::Function":
            fn = template.function_name(resource)
            assert {e["Type"] for e in resource["Properties"].get("Events", {}).values()} == \
                {e["Type"] for e in functions[fn]["Properties"].get("Events", {}).values()}
    # The local stack's tick is never part of what is deployed: no route, no code.
    paths = sam["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    assert paths and not [p for p in paths if "_local" in p or "tick" in p]
    with zipfile.ZipFile(packaged / "deployment.zip") as zf:
        assert not [n for n in zf.namelist() if n.startswith("infra/") or "_local" in n
                    or n.endswith("tick.py")]


def moto_template(settings: dict) -> dict:
    """The stage's table, job queues and clock rules, with plain functions standing in for
    SAM's (moto's CloudFormation has no SAM transform, and no alarms: cfn-lint checks
    the dead-letter alarm, the tests above its properties)."""
    resources = main_for(settings)["Resources"]
    keep = ["Table", "JobsQueue", "JobsDeadLetters",
            *[k for k in resources if k.endswith(("Rule", "RulePermission"))]]
    body = {k: resources[k] for k in keep}
    body["StandInRole"] = {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
             "Action": "sts:AssumeRole"}]}}}
    for logical in ("JobsMinutely", "JobsDaily"):
        body[logical] = {"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": f"portico-test-{logical.lower()}", "Runtime": "python3.11",
            "Handler": "index.handler", "Role": {"Fn::GetAtt": ["StandInRole", "Arn"]},
            "Code": {"ZipFile": "def handler(event, context):\n    return None\n"}}}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": body,
            "Outputs": {"JobsQueueUrl": {"Value": {"Ref": "JobsQueue"}}}}


def test_on_motos_cloudformation_a_job_goes_from_the_api_through_the_stacks_queue_to_done():
    from tests.support.jobs import run_jobs

    settings = {**settings_for("prod"), "stage": "test"}  # portico-test, as the tests' settings
    with mock_aws():
        cfn = boto3.client("cloudformation", region_name=REGION)
        cfn.create_stack(StackName="portico-test-jobs", TemplateBody=json.dumps(moto_template(settings)))
        stack = cfn.describe_stacks(StackName="portico-test-jobs")["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE"
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        from chalicelib.config import settings as app_settings

        assert outputs["JobsQueueUrl"] == app_settings.jobs_queue_url
        sqs = boto3.client("sqs", region_name=REGION)
        attributes = sqs.get_queue_attributes(QueueUrl=outputs["JobsQueueUrl"],
                                              AttributeNames=["All"])["Attributes"]
        redrive = json.loads(attributes["RedrivePolicy"])
        assert redrive["deadLetterTargetArn"].endswith(":portico-test-jobs-dead")
        assert int(redrive["maxReceiveCount"]) == template.JOBS_MAX_RECEIVES
        events = boto3.client("events", region_name=REGION)
        rules = {r["Name"]: r for r in events.list_rules()["Rules"]}
        assert rules["portico-test-clock-minutely"]["ScheduleExpression"] == handlers.EVERY_MINUTE
        assert rules["portico-test-clock-daily"]["ScheduleExpression"] == handlers.EVERY_HOUR
        [target] = events.list_targets_by_rule(Rule="portico-test-clock-daily")["Targets"]
        assert target["Arn"].endswith(":function:portico-test-jobsdaily")

        from chalicelib import jobs
        from chalicelib.jobs.models import Job
        from tests.support import stack as local

        local.create_resources()  # SES's sender and the buckets; the queues are the stack's
        job_id = jobs.submit("accounts.reset_link", {"email": "nadie@example.com"})
        assert run_jobs() == 1
        done = Job.get(*Job.key(job_id))
        assert (done.status, done.result, done.payload) == ("done", {"sent": False}, None)
