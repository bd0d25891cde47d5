"""The template's tables, created by moto's CloudFormation, carry the app's API round trip."""

import json

import boto3
from moto import mock_aws

from infra.aws import template
from tests.infra.conftest import settings_for
from tests.support import aws_actions, stack

REGION = "eu-west-1"


def registration(email):
    return {"email": email, "password": "castillo-de-arena-42", "first_name": "Ana",
            "last_name": "García", "address1": "Calle Mayor 1", "city": "Madrid",
            "postcode": "28013", "country": "ES", "phone": "+34 612 345 678",
            "language": "es", "accept_terms": True}


def test_tables_stack_deploys_on_moto_and_the_api_works_on_it():
    deploy_tables_and_use_the_api()


def deploy_tables_and_use_the_api():
    """Create the tables stack on moto's CloudFormation and walk the API over it."""
    from chalice.test import Client

    settings = {**settings_for("prod"), "stage": "test"}  # names the table portico-test
    with mock_aws():
        cfn = boto3.client("cloudformation", region_name=REGION)
        cfn.create_stack(StackName="portico-test-tables",
                         TemplateBody=json.dumps(template.tables_template(settings)))
        status = cfn.describe_stacks(StackName="portico-test-tables")["Stacks"][0]["StackStatus"]
        assert status == "CREATE_COMPLETE"
        # moto's CloudFormation ignores TimeToLiveSpecification and point-in-time
        # recovery; test_templates checks those properties in the template instead.
        table = boto3.client("dynamodb", region_name=REGION).describe_table(
            TableName="portico-test")["Table"]
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"

        # Everything but the table, which must come from the stack above.
        from chalicelib.db import Item

        assert Item.exists()
        stack.create_resources()
        from app import app

        with Client(app, stage_name="test", project_dir=str(stack.FUNCTIONS)) as client:
            def call(method, path, body=None, cookie=""):
                headers = {"Content-Type": "application/json", "Cookie": cookie}
                data = json.dumps(body).encode() if body is not None else b""
                return client.http.request(method, path, headers=headers, body=data)

            r = call("POST", "/auth/register", registration("moto@example.com"))
            assert r.status_code == 201, r.body
            r = call("POST", "/auth/login", {"email": "MOTO@example.com",
                                             "password": "castillo-de-arena-42"})
            assert r.status_code == 200, r.body
            cookies = {k.lower(): v for k, v in r.headers.items()}["set-cookie"]
            cookies = cookies if isinstance(cookies, list) else [cookies]
            cookie = "; ".join(c.split(";")[0] for c in cookies)
            r = call("GET", "/account", cookie=cookie)
            assert r.status_code == 200 and json.loads(r.body)["email"] == "moto@example.com"
            assert call("POST", "/auth/logout", cookie=cookie).status_code == 204
            assert call("GET", "/account", cookie=cookie).status_code == 401
        from tests.support.jobs import run_jobs

        assert run_jobs() >= 1  # the welcome e-mail, by the worker


def test_the_iam_policy_grants_every_action_the_app_made_in_this_process():
    deploy_tables_and_use_the_api()
    made = {action for fn, action in aws_actions.RECORDED if fn == "app"}
    # The API queues the welcome e-mail; the worker sends it.
    assert {"dynamodb:TransactWriteItems", "sqs:SendMessage"} <= made, made
    assert "ses:SendRawEmail" not in made
    worker = {action for fn, action in aws_actions.RECORDED if fn == "jobs_worker"}
    assert "ses:SendRawEmail" in worker, worker
    missing, _unused = aws_actions.check(aws_actions.RECORDED)
    assert not missing, f"the app made actions its role does not grant: {missing}"
