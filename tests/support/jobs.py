"""Wait for background jobs the way the tests do: run the queue until it is empty.

Never a sleep: the test runs the worker itself (what Lambda does on AWS, a thread on the
local stack) on moto's queue. The API tests' Browser runs the queue after each request,
and the mail helper before it reads what was sent, so tests read e-mails and Mis Emails
as they did when mail was sent inside the request.
"""

from functools import cache

from infra.local.jobs import poll, resend_open

MAX_ROUNDS = 1000  # a job that keeps making jobs would otherwise never let a test end


@cache
def _sqs():
    from infra.local.jobs import _sqs

    return _sqs()


def _waiting() -> int:
    """Messages ready in the emulated queue, read from moto's memory: most requests queue
    nothing, and asking SQS to find that out would cost every request a call."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sqs.models import sqs_backends

    from chalicelib.config import settings

    queues = sqs_backends[DEFAULT_ACCOUNT_ID][settings.region].queues
    queue = queues.get(settings.jobs_queue_url.rsplit("/", 1)[1])
    return len(queue.messages) if queue is not None else 0


def run_jobs(*, retries: bool = False) -> int:
    """Run queued jobs, and the jobs they queue, until the queue is empty; return how many
    messages ran. With `retries`, jobs waiting for their next try (backoff) run at once
    too, again and again, until every job is done or dead."""
    ran = 0
    for _ in range(MAX_ROUNDS):
        handled = poll(sqs=_sqs()) if _waiting() else 0
        ran += handled
        if handled:
            continue
        if not retries or not resend_open():
            return ran
    raise AssertionError(f"jobs still queued after {MAX_ROUNDS} rounds")


def jobs_of(kind: str) -> list:
    """Every job of a kind, whatever its state (tests only: a Scan of the test table)."""
    from chalicelib.jobs.models import Job

    return [j for j in Job.scan(Job.job_kind == kind)]
