"""The worker: run the jobs the queue names, each to the end at most once.

For each message: claim the job (one conditional UpdateItem: pending or retry, or running
with an expired lease, becomes running under this worker's token, attempts + 1), run its
handler, then commit the handler's own writes together with the job's done marker in one
transaction conditioned on the claim. So a job delivered twice (a duplicate message, the
sweeper's re-send) is claimed once; a worker that dies mid-job leaves a lease that ends,
after which the job can be claimed again.

A handler that raises is retried: the job goes back to `retry` with its error and a due
time with exponential backoff (30 s, 1 min, 2 min ... at most an hour, jittered); after
settings.job_max_attempts tries, or at once for GiveUp, it is dead: it stays in the table
under JOBS#DEAD with its error, and the dead-letter queue (and its alarm) hears of it.

Effects outside the table (an e-mail through SES) happen before the commit: if the
commit is lost (the worker dies just then), the job runs again after its lease, and the
effect may happen twice. Handlers keep that window small and harmless.
"""

import logging
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.exceptions import TransactWriteError, UpdateError

from .. import context, registry
from ..config import settings
from ..db import Transaction, transaction, utcnow
from . import queue
from .models import OPEN_STATES, Job

log = logging.getLogger("portico")

# How long a claim holds: longer than the worker function may run (infra/aws/template.py
# gives it WORKER_TIMEOUT = 60 s), so a job is never run by two workers at once.
LEASE = timedelta(minutes=3)
BACKOFF_FIRST = 30  # seconds before the second attempt; doubles each time
BACKOFF_MAX = 3600
DONE_KEPT = timedelta(days=30)  # a done job's record, then TTL removes it
DEAD_KEPT = timedelta(days=90)


class GiveUp(Exception):
    """Raised by a handler when trying again cannot help: the job is dead at once."""


@dataclass
class Run:
    """What a handler gets: the job, and the transaction its writes go in (committed
    with the job's done marker, only if the handler returns)."""

    job_id: str
    kind: str
    payload: dict
    attempt: int
    final: bool  # the last attempt: a failure now is the job's end
    tx: Transaction


def run_batch(messages: list[tuple[str, str]]) -> list[str]:
    """Run the jobs named by (message id, body) pairs, as SQS hands them to the worker.
    Returns the ids of messages to deliver again: only those whose handling failed before
    the job's own state could be written (the table unreachable, say)."""
    again = []
    for message_id, body in messages:
        job_id = queue.job_id_of(body)
        if job_id is None:
            log.error("a job message that names no job: %.200s", body)
            continue
        try:
            handle(job_id)
        except Exception:
            log.exception("job %s could not be handled; its message comes back", job_id)
            again.append(message_id)
    return again


def handle(job_id: str) -> str:
    """Run one job if it is runnable: "done", "retry", "dead" or "skipped" (done already,
    held by another worker, or unknown)."""
    token = secrets.token_hex(8)
    job = _claim(job_id, token)
    if job is None:
        return "skipped"
    context.begin(request_id=f"job-{job_id}")
    reference = registry.job_handlers().get(job.job_kind)
    if reference is None:
        return _fail(job, token, f"GiveUp: no handler for job kind {job.job_kind!r}", final=True)
    if job.attempts > settings.job_max_attempts:
        # Claimed more often than allowed: earlier runs died without a word (timeouts).
        return _fail(job, token, job.error or "the worker stopped without an answer", final=True)
    handler = registry.resolve(reference)
    run = Run(job_id=job.job_id, kind=job.job_kind, payload=job.payload or {},
              attempt=int(job.attempts), final=job.attempts >= settings.job_max_attempts,
              tx=None)
    try:
        with transaction() as tx:
            run.tx = tx
            result = handler(run)
            tx.update(job, actions=_done_actions(result), condition=Job.claim == token)
    except GiveUp as exc:
        return _fail(job, token, f"GiveUp: {exc}", final=True)
    except Exception as exc:
        if isinstance(exc, TransactWriteError) and _lost(job_id, token):
            log.warning("job %s: its lease ended before it finished; another worker has it",
                        job_id)
            return "skipped"
        log.warning("job %s (%s) failed, attempt %d", job_id, job.job_kind, job.attempts,
                    exc_info=True)
        return _fail(job, token, _describe(exc), final=run.final)
    return "done"


def _claim(job_id: str, token: str) -> Job | None:
    now = utcnow()
    lease = now + LEASE
    job = Job(*Job.key(job_id))
    runnable = Job.status.is_in(*OPEN_STATES) | ((Job.status == "running") & (Job.lease_until < now))
    try:
        # The index's sort key moves to the lease's end: the sweeper leaves it alone until then.
        job.update(actions=[Job.status.set("running"), Job.claim.set(token),
                            Job.lease_until.set(lease), Job.attempts.add(1),
                            Job.gsi1sk.set(Job.open_key(lease, job_id)[1])],
                   condition=Job.pk.exists() & runnable)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return job


def _done_actions(result) -> list:
    now = utcnow()
    actions = [Job.status.set("done"), Job.finished_at.set(now), Job.payload.remove(),
               Job.claim.remove(), Job.lease_until.remove(), Job.gsi1pk.remove(),
               Job.gsi1sk.remove(), Job.expires_at.set(now + DONE_KEPT)]
    if result is not None:
        actions.append(Job.result.set(result))
    return actions


def _lost(job_id: str, token: str) -> bool:
    try:
        return Job.get(*Job.key(job_id), consistent_read=True).claim != token
    except Job.DoesNotExist:
        return True


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def backoff(attempt: int) -> int:
    """Seconds before the next try after `attempt` failed tries: doubling from 30 s, at
    most an hour, the second half random so that jobs failing together spread out."""
    ceiling = min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_MAX)
    return int(ceiling / 2 + random.uniform(0, ceiling / 2))


def _fail(job: Job, token: str, error: str, *, final: bool) -> str:
    now = utcnow()
    if final:
        pk, sk = Job.dead_key(now, job.job_id)
        actions = [Job.status.set("dead"), Job.gsi1pk.set(pk), Job.gsi1sk.set(sk),
                   Job.expires_at.set(now + DEAD_KEPT)]
    else:
        delay = backoff(int(job.attempts))
        due = now + timedelta(seconds=delay)
        actions = [Job.status.set("retry"), Job.due_at.set(due),
                   Job.gsi1sk.set(Job.open_key(due, job.job_id)[1])]
    actions += [Job.error.set(error), Job.failed_at.set(now), Job.claim.remove(),
                Job.lease_until.remove()]
    try:
        job.update(actions=actions, condition=Job.claim == token)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            log.warning("job %s: its lease ended before it failed; another worker has it",
                        job.job_id)
            return "skipped"
        raise
    if final:
        log.error("job %s (%s) gave up after %d attempts: %s", job.job_id, job.job_kind,
                  job.attempts, error)
        queue.send_dead(job.job_id, job.job_kind, error)
        return "dead"
    if delay <= queue.MAX_DELAY:
        queue.send(job.job_id, delay=delay)  # a longer wait is the sweeper's
    return "retry"


def retry(job_id: str) -> bool:
    """Put a dead job back in the queue with fresh attempts (for staff, once they have a
    console; and for a person at a shell). False if it is not dead."""
    now = utcnow()
    job = Job(*Job.key(job_id))
    pk, sk = Job.open_key(now, job_id)
    try:
        job.update(actions=[Job.status.set("pending"), Job.attempts.set(0), Job.due_at.set(now),
                            Job.gsi1pk.set(pk), Job.gsi1sk.set(sk), Job.expires_at.remove()],
                   condition=Job.status == "dead")
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    queue.send(job_id)
    return True


def dead(limit: int = 50, cursor: str | None = None) -> tuple[list[Job], str | None]:
    """The jobs that gave up, oldest first, with their errors (one Query of the index)."""
    from ..db import gsi1_page

    pk, _ = Job.dead_key(utcnow(), "")
    return gsi1_page(Job, pk, limit=limit, cursor=cursor)

