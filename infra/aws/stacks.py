"""Create or update one CloudFormation stack so that a failed run can simply be run again.

The states a previous run can leave behind, and what `deploy_stack` does with each:

- no stack, or REVIEW_IN_PROGRESS (a change set that was never executed): create.
- ROLLBACK_COMPLETE (the first create failed and was rolled back): AWS accepts no update
  on such a stack, so it is deleted and created again. Data resources use
  `DeletionPolicy: RetainExceptOnCreate`, so a failed first create leaves no table or
  bucket behind whose fixed name would make the next create fail.
- *_COMPLETE and UPDATE_ROLLBACK_COMPLETE: update.
- *_IN_PROGRESS: someone else's operation is running: stop and say so.
- ROLLBACK_FAILED, DELETE_FAILED, UPDATE_ROLLBACK_FAILED: need a person (the message says
  what to do).

Change sets are named after the template's hash; any old change set that is not about to
be executed (failed, or left by an interrupted run) is deleted first, so a rerun with the
same template never collides with it. Every failure ends in a `DeployError` whose text is
the stack events' reasons, in plain words, for the command line to print.
"""

import hashlib
import json
import uuid

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
# CloudFront and Lambda@Edge replication take minutes; allow up to an hour.
STACK_WAIT = {"Delay": 15, "MaxAttempts": 240}
CHANGE_SET_WAIT = {"Delay": 5, "MaxAttempts": 120}
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
CREATE_STATES = {None, "REVIEW_IN_PROGRESS"}
UPDATE_STATES = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
                 "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"}
STUCK = {
    "ROLLBACK_FAILED": "the failed create could not be rolled back: delete the stack in the "
                       "CloudFormation console (keep the resources it cannot delete), then rerun",
    "DELETE_FAILED": "a delete failed: delete the stack in the console, keeping the resources "
                     "it names, then rerun",
    "UPDATE_ROLLBACK_FAILED": "an update could not be rolled back: use 'Continue update "
                              "rollback' in the console (skip the resources it names), then rerun",
}


class DeployError(Exception):
    """A deploy step failed; the message is for a person, no traceback needed."""


def log(message: str) -> None:
    print(f"[deploy] {message}", flush=True)


def status(cfn, name: str) -> str | None:
    from botocore.exceptions import ClientError

    try:
        return cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    except ClientError as exc:
        if "does not exist" in exc.response.get("Error", {}).get("Message", ""):
            return None
        raise


def outputs(cfn, name: str) -> dict:
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def failure_reasons(cfn, name: str, token: str | None = None, limit: int = 300) -> list[str]:
    """The failed resources of the latest operation (or of the one with this token)."""
    events = []
    for page in cfn.get_paginator("describe_stack_events").paginate(StackName=name):
        events += page["StackEvents"]  # newest first
        if len(events) >= limit:
            break
    if token and any(e.get("ClientRequestToken") == token for e in events):
        events = [e for e in events if e.get("ClientRequestToken") == token]
    else:  # up to the event that started the latest operation
        for i, event in enumerate(events):
            if event.get("ResourceType") == "AWS::CloudFormation::Stack" and \
                    event.get("ResourceStatus", "").endswith("_IN_PROGRESS") and \
                    event.get("ResourceStatusReason") == "User Initiated":
                events = events[:i + 1]
                break
    reasons = []
    for event in reversed(events):  # oldest first: the first failure is the cause
        reason = event.get("ResourceStatusReason", "")
        if not event.get("ResourceStatus", "").endswith("FAILED") or not reason or \
                "cancelled" in reason.lower():
            continue
        line = f"{event['LogicalResourceId']} ({event.get('ResourceType', '?')}): {reason}"
        if line not in reasons:
            reasons.append(line)
    return reasons


def new_token() -> str:
    """Marks the stack events of one execution, to report that execution's failures only."""
    return f"portico-{uuid.uuid4().hex}"


def explain(name: str, what: str, reasons: list[str]) -> DeployError:
    lines = [f"{name}: {what}"] + [f"  - {r}" for r in reasons]
    if not reasons:
        lines.append("  (no failure reason in the stack events: see the CloudFormation console)")
    return DeployError("\n".join(lines))


def delete_failed_create(cfn, name: str) -> None:
    from botocore.exceptions import WaiterError

    reasons = failure_reasons(cfn, name)
    log(f"{name}: the last create failed and was rolled back; deleting it to create it again")
    for reason in reasons:
        log(f"  the earlier failure: {reason}")
    cfn.delete_stack(StackName=name)
    try:
        cfn.get_waiter("stack_delete_complete").wait(StackName=name, WaiterConfig=STACK_WAIT)
    except WaiterError:
        raise explain(name, "could not delete the rolled-back stack",
                      failure_reasons(cfn, name)) from None


def clear_change_sets(cfn, name: str) -> None:
    """Delete change sets left by earlier runs: failed ones, and unexecuted ones."""
    pages = cfn.get_paginator("list_change_sets").paginate(StackName=name)
    for page in pages:
        for found in page.get("Summaries", []):
            if found.get("ExecutionStatus") in ("EXECUTE_IN_PROGRESS", "EXECUTE_COMPLETE"):
                continue
            log(f"{name}: removing the old change set {found['ChangeSetName']} "
                f"({found.get('Status')})")
            cfn.delete_change_set(StackName=name, ChangeSetName=found["ChangeSetName"])


def deploy_stack(cfn, name: str, body: dict, *, bucket: str | None = None, s3=None,
                 region: str = "") -> dict:
    """Create or update one stack through a change set; return its outputs."""
    from botocore.exceptions import WaiterError

    state = status(cfn, name)
    if state in STUCK:
        raise DeployError(f"{name} is {state}: {STUCK[state]}.\n"
                          + "\n".join(f"  - {r}" for r in failure_reasons(cfn, name)))
    if state and state.endswith("_IN_PROGRESS") and state != "REVIEW_IN_PROGRESS":
        raise DeployError(f"{name} is {state}: another operation is running; wait for it "
                          "to finish (CloudFormation console) and run the same command again")
    if state == "ROLLBACK_COMPLETE":
        delete_failed_create(cfn, name)
        state = None
    if state is not None and state not in CREATE_STATES | UPDATE_STATES:
        raise DeployError(f"{name} is {state}: not a state this script knows how to continue "
                          "from; look at the stack in the CloudFormation console")
    kind = "CREATE" if state in CREATE_STATES else "UPDATE"
    if state is not None:
        clear_change_sets(cfn, name)

    text = json.dumps(body, ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()
    source = {"TemplateBody": text}
    if bucket:  # over 51,200 bytes a template must come from S3
        key = f"templates/{name}-{digest[:16]}.json"
        s3.put_object(Bucket=bucket, Key=key, Body=text.encode())
        source = {"TemplateURL": f"https://{bucket}.s3.{region}.amazonaws.com/{key}"}
    change_set = f"{name}-{digest[:12]}"
    log(f"{name}: {kind.lower()} change set {change_set}")
    cfn.create_change_set(StackName=name, ChangeSetName=change_set, ChangeSetType=kind,
                          Capabilities=CAPABILITIES, **source)
    try:
        cfn.get_waiter("change_set_create_complete").wait(
            StackName=name, ChangeSetName=change_set, WaiterConfig=CHANGE_SET_WAIT)
    except WaiterError:
        found = cfn.describe_change_set(StackName=name, ChangeSetName=change_set)
        reason = found.get("StatusReason", "")
        cfn.delete_change_set(StackName=name, ChangeSetName=change_set)
        if any(words in reason for words in NO_CHANGES):
            log(f"{name}: no changes")
            return outputs(cfn, name)
        raise DeployError(f"{name}: the change set failed: {reason or found.get('Status')}\n"
                          "  (nothing was changed; fix the cause and run the same command again)"
                          ) from None

    token = new_token()
    cfn.execute_change_set(StackName=name, ChangeSetName=change_set, ClientRequestToken=token)
    waiter = "stack_create_complete" if kind == "CREATE" else "stack_update_complete"
    try:
        cfn.get_waiter(waiter).wait(StackName=name, WaiterConfig=STACK_WAIT)
    except WaiterError:
        final = status(cfn, name)
        reasons = failure_reasons(cfn, name, token)
        after = ("run the same command again: it deletes the rolled-back stack and creates it "
                 "anew" if final == "ROLLBACK_COMPLETE" else
                 "the stack is back as it was; run the same command again once fixed"
                 if final == "UPDATE_ROLLBACK_COMPLETE" else
                 "look at the stack in the CloudFormation console")
        raise explain(name, f"{kind.lower()} failed, now {final}; {after}. Why:", reasons) \
            from None
    log(f"{name}: done")
    return outputs(cfn, name)
