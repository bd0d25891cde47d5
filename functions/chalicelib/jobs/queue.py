"""The job queue (SQS). A message names a job and nothing else: what to do, and any secret
it needs, stay in the table, so a message that is lost, sent twice or read by the wrong
eyes costs nothing.

Sending is best effort: the job is already committed in the table, and the sweeper
(outbox.py) sends again any job that is still due a minute later.
"""

import json
import logging

from ..config import settings

log = logging.getLogger("portico")

# SQS delays a message by at most 15 minutes; a later retry is left to the sweeper.
MAX_DELAY = 900


def send(job_id: str, *, delay: int = 0) -> bool:
    """Put the job on the queue (after `delay` seconds); False if SQS did not take it."""
    from botocore.exceptions import BotoCoreError, ClientError

    from ..aws import client

    try:
        client("sqs").send_message(QueueUrl=settings.jobs_queue_url,
                                   MessageBody=json.dumps({"job": job_id}),
                                   DelaySeconds=max(0, min(int(delay), MAX_DELAY)))
        return True
    except (BotoCoreError, ClientError) as exc:
        log.warning("job %s not sent to the queue (the sweeper will): %s", job_id,
                    type(exc).__name__)
        return False


def send_dead(job_id: str, kind: str, error: str) -> None:
    """Tell the dead-letter queue (its alarm wakes someone) that a job gave up."""
    from botocore.exceptions import BotoCoreError, ClientError

    from ..aws import client

    try:
        client("sqs").send_message(QueueUrl=settings.jobs_dead_letter_url,
                                   MessageBody=json.dumps({"job": job_id, "kind": kind,
                                                           "error": error[:1000]}))
    except (BotoCoreError, ClientError) as exc:
        # The job item says it is dead (JOBS#DEAD) whether or not this message arrives.
        log.error("dead job %s not sent to the dead-letter queue: %s", job_id,
                  type(exc).__name__)


def job_id_of(body: str) -> str | None:
    """The job a message names, or None for a message that is not ours."""
    try:
        found = json.loads(body).get("job")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) and found else None
