"""Record the AWS actions the app makes during the tests, and check the IAM policy grants them.

A handler added to botocore's built-in handlers reaches every client created afterwards,
boto3's and PynamoDB's own alike. It fires on `before-parameter-build`, which real calls
and presigned URLs both pass through (a presigned GetObject needs s3:GetObject too).
Only calls with app code (functions/chalicelib) on the stack count: test setup and the
local stack's own calls are not the app's. The outermost chalicelib frame tells which
Lambda function would have made the call (a helper such as bounces.suppressed() that
send() calls belongs to the API).

At the end of a run the plugin fails the run if the app made an action that the
hand-written policy (infra/aws/template.py) does not grant, and lists granted actions
that no test used. Under xdist each worker hands its set to the controller.
"""

import os
import sys
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

CHALICELIB = str(Path(__file__).resolve().parents[2] / "functions" / "chalicelib") + os.sep
# Entry points of functions other than the API: (file, code name) -> Lambda function. The
# jobs' functions are declared in app.py (outside chalicelib) and call these.
_BOUNCES = CHALICELIB + os.path.join("mail", "bounces.py")
_JOBS = CHALICELIB + "jobs" + os.sep
ENTRY_POINTS = {(_BOUNCES, "ses_feedback"): "ses_feedback", (_BOUNCES, "record"): "ses_feedback",
                (_JOBS + "handlers.py", "worker"): "jobs_worker",
                (_JOBS + "worker.py", "run_batch"): "jobs_worker",
                (_JOBS + "worker.py", "handle"): "jobs_worker",
                # The clock's two functions share one role: their calls count as the minute's.
                (_JOBS + "handlers.py", "clock"): "jobs_minutely",
                (_JOBS + "schedule.py", "tick"): "jobs_minutely",
                (_JOBS + "schedule.py", "run_day"): "jobs_minutely",
                (_JOBS + "outbox.py", "sweep"): "jobs_minutely"}

RECORDED: set[tuple[str, str]] = set()  # (function, "service:Action")
_findings: dict = {}


def caller() -> str | None:
    """The function the call belongs to ("app", "ses_feedback"), or None if not app code."""
    outermost = None
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_filename.startswith(CHALICELIB):
            outermost = (code.co_filename, code.co_name)
        frame = frame.f_back
    if outermost is None:
        return None
    return ENTRY_POINTS.get(outermost, "app")


def _record(model=None, **kwargs):
    if model is None:
        return
    function = caller()
    if function is not None:
        RECORDED.add((function, f"{model.service_model.signing_name}:{model.name}"))


def _install() -> None:
    from botocore.handlers import BUILTIN_HANDLERS

    if not any(handler is _record for _event, handler, *_ in BUILTIN_HANDLERS):
        BUILTIN_HANDLERS.append(("before-parameter-build", _record))


_install()


def granted() -> dict[str, list[str]]:
    """The actions each function's role allows, from the prod template's policies."""
    from infra.aws import template

    settings = template.load_settings("prod")
    out = {}
    for function, role in template.FUNCTION_ROLES.items():
        actions = []
        for statement in template.POLICIES[role](settings):
            if statement["Effect"] == "Allow":
                found = statement["Action"]
                actions += [found] if isinstance(found, str) else found
        out[function] = sorted(set(actions))
    return out


# What Lambda itself does with a function's role, never the app's own calls: the logs, and
# reading the worker's queue for it.
RUNTIME_ACTIONS = ("logs:*", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                   "sqs:ChangeMessageVisibility")


def check(recorded: set[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Return (made but not granted, granted but never made), as 'function: action'
    (functions that share a role are judged by what any of them made)."""
    from infra.aws import template

    allowed = granted()
    missing = sorted(f"{fn}: {action}" for fn, action in recorded
                     if not any(fnmatchcase(action.lower(), pattern.lower())
                                for pattern in allowed.get(fn, [])))
    role = template.FUNCTION_ROLES
    unused = sorted({f"{role[fn]}: {pattern}" for fn, patterns in allowed.items()
                     for pattern in patterns
                     if not any(fnmatchcase(pattern, runtime) for runtime in RUNTIME_ACTIONS)
                     and not any(role.get(f) == role[fn] and fnmatchcase(a.lower(), pattern.lower())
                                 for f, a in recorded)})
    return missing, unused


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    RECORDED.update(tuple(pair) for pair in node.workeroutput.get("aws_actions", []))


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workeroutput"):
        config.workeroutput["aws_actions"] = sorted(RECORDED)
        return
    if not RECORDED:
        return
    missing, unused = check(RECORDED)
    _findings.update(missing=missing, unused=unused, made=len(RECORDED))
    if missing and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _findings:
        return
    tr = terminalreporter
    tr.section("AWS actions made by the app")
    tr.write_line(f"{_findings['made']} distinct (function, action) pairs recorded")
    if _findings["missing"]:
        tr.write_line("NOT GRANTED by infra/aws/template.py (the run fails):", red=True)
        for line in _findings["missing"]:
            tr.write_line(f"  {line}", red=True)
    if _findings["unused"]:
        tr.write_line("granted but not used by any test in this run:")
        for line in _findings["unused"]:
            tr.write_line(f"  {line}")
