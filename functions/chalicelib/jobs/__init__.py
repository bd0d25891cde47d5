"""Background jobs: work that must not run inside a request (docs/jobs.md).

A job is written in the same DynamoDB transaction as the state change that causes it
(`enqueue(tx, kind, payload)`): both happen or neither does. Once the transaction has
committed, the job's id goes to the queue (best effort); the sweeper sends again any job
still due a minute later, so a lost message or a crash between the commit and the send
delays a job but never drops it. `submit(kind, payload)` is a job with no state change
of its own.

A kind is "<area>.<name>", declared by its area (`jobs={"mail.send": "module:function"}`
in area.py); the worker (worker.py) runs its handler, at most once to the end per job,
retrying with backoff and giving up after `settings.job_max_attempts` tries.
"""

import json

from pynamodb.exceptions import PutError

from .. import registry
from ..db import Transaction, new_id, utcnow
from . import queue
from .models import Job


def enqueue(tx: Transaction, kind: str, payload: dict, *, key: str | None = None) -> str:
    """Add a job to the caller's transaction; it is sent to the queue once that commits.

    `key` names the job (its id) when the same work must never be done twice, e.g.
    "billing.invoice:<invoice id>:<date>": a second job with that key cancels the
    transaction. Returns the job id."""
    if not hasattr(tx, "after_commit"):
        raise TypeError("enqueue needs a db.transaction() (it sends the job after the commit)")
    job = _new_job(kind, payload, key)
    tx.save(job, condition=Job.pk.does_not_exist())
    tx.after_commit(lambda: queue.send(job.job_id))
    return job.job_id


def submit(kind: str, payload: dict, *, key: str | None = None) -> str:
    """Write a job on its own and send it. With a key already used, nothing new is written
    or sent (the job exists): submitting is idempotent by key."""
    job = _new_job(kind, payload, key)
    try:
        job.save(condition=Job.pk.does_not_exist())
    except PutError as exc:
        if key is not None and exc.cause_response_code == "ConditionalCheckFailedException":
            return job.job_id
        raise
    queue.send(job.job_id)
    return job.job_id


def _new_job(kind: str, payload: dict, key: str | None) -> Job:
    if kind not in registry.job_handlers():
        raise ValueError(f"unknown job kind {kind!r}: declare it in its area's descriptor")
    if key is not None and not (key.isprintable() and key.strip() == key and 0 < len(key) <= 200
                                and "#" not in key):
        raise ValueError(f"not a job key: {key!r}")
    json.dumps(payload)  # refuse a payload JSON cannot hold now, not in the worker
    job_id = key or new_id()
    now = utcnow()
    gsi1pk, gsi1sk = Job.open_key(now, job_id)
    return Job(*Job.key(job_id), job_id=job_id, job_kind=kind, payload=payload, status="pending",
               attempts=0, enqueued_at=now, due_at=now, gsi1pk=gsi1pk, gsi1sk=gsi1sk)
