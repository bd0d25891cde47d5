"""make coldstart: forces cold starts, times them, reads Lambda's REPORT lines (Stubber)."""

import json

import boto3
from botocore.stub import ANY, Stubber

from infra.aws import coldstart

FUNCTION = "portico-dev-api"


def test_report_lines_give_init_or_restore_duration_in_both_log_formats():
    text = ("REPORT RequestId: 3f1c Duration: 12.34 ms Billed Duration: 13 ms Memory Size: "
            "1024 MB Max Memory Used: 98 MB Init Duration: 654.32 ms")
    assert coldstart.startup_ms(text) == ("init", 654.32)
    restore = ("REPORT RequestId: 3f1c Duration: 9.1 ms Billed Duration: 10 ms Memory Size: "
               "1024 MB Max Memory Used: 90 MB Restore Duration: 234.56 ms Billed Restore "
               "Duration: 120 ms")
    assert coldstart.startup_ms(restore) == ("restore", 234.56)
    as_json = json.dumps({"time": "2026-11-29T08:00:00.000Z", "type": "platform.report",
                          "record": {"requestId": "3f1c", "metrics": {
                              "durationMs": 12.3, "initDurationMs": 612.5}}})
    assert coldstart.startup_ms(as_json) == ("init", 612.5)
    assert coldstart.startup_ms("REPORT RequestId: x Duration: 2 ms") is None  # warm
    assert coldstart.startup_ms('{"level": "INFO", "message": "hola"}') is None


def client(service):
    c = boto3.client(service, region_name="eu-west-1", aws_access_key_id="x",
                     aws_secret_access_key="x")
    stub = Stubber(c)
    stub.activate()
    return c, stub


def test_each_round_forces_a_new_environment_and_the_variable_is_removed_after(monkeypatch):
    monkeypatch.setattr(coldstart.time, "sleep", lambda s: None)
    lambda_, stub = client("lambda")
    base = {"FunctionName": FUNCTION, "Environment": {"Variables": {"STAGE": "dev"}}}
    for round_ in (1, 2):
        stub.add_response("get_function_configuration", base, {"FunctionName": FUNCTION})
        stub.add_response("update_function_configuration", {}, {
            "FunctionName": FUNCTION,
            "Environment": {"Variables": {"STAGE": "dev", "COLDSTART_ROUND": str(round_)}}})
        stub.add_response("get_function",  # the waiter: the update is done
                          {"Configuration": {"LastUpdateStatus": "Successful"}},
                          {"FunctionName": FUNCTION})
    stub.add_response("get_function_configuration", {"Environment": {"Variables": {
        "STAGE": "dev", "COLDSTART_ROUND": "2"}}}, {"FunctionName": FUNCTION})
    stub.add_response("update_function_configuration", {}, {
        "FunctionName": FUNCTION, "Environment": {"Variables": {"STAGE": "dev"}}})
    logs, logs_stub = client("logs")
    logs_stub.add_response("filter_log_events", {"events": [
        {"message": "REPORT RequestId: a Duration: 5 ms Init Duration: 700.0 ms"},
        {"message": "REPORT RequestId: b Duration: 5 ms"},
        {"message": "REPORT RequestId: c Duration: 5 ms Init Duration: 500.0 ms"}]},
        {"logGroupName": f"/aws/lambda/{FUNCTION}", "startTime": ANY,
         "filterPattern": ANY})
    timings = iter([900.0, 80.0, 60.0, 700.0, 70.0, 50.0])
    result = coldstart.measure(lambda_, logs, "https://dev/api/health", FUNCTION,
                               f"/aws/lambda/{FUNCTION}", rounds=2, warm=2,
                               get=lambda url: next(timings), log=lambda m: None)
    assert result == {"cold_request_ms": 800.0, "warm_request_ms": 65.0,
                      "init_duration_ms": 600.0}
    stub.assert_no_pending_responses()
    logs_stub.assert_no_pending_responses()
