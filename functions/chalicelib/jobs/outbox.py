"""The sweeper: send again the jobs the queue lost (task "jobs.sweep", every minute).

A job is committed in the table before its message is sent, and the send may fail or the
function may stop between the two; SQS may also, rarely, lose a message. Every open job is
in the index under JOBS#OPEN with its due time, so the jobs that are due and have not run
for a minute are one Query away. Sending one twice is harmless (the worker claims a job
once); a job under a live lease is not due until the lease ends.
"""

import logging
from datetime import date, timedelta

from ..db import utcnow
from . import queue
from .models import Job

log = logging.getLogger("portico")

SWEEP_AGE = timedelta(minutes=1)
SWEEP_LIMIT = 500  # per run; the next minute takes the rest


def sweep(as_of: date | None = None, *, age: timedelta = SWEEP_AGE) -> dict:
    """Send every open job that was due more than `age` ago; the as-of date does not
    matter (the sweeper looks at the real clock)."""
    pk, before = Job.open_key(utcnow() - age, "")
    due = list(Job.by_gsi1.query(pk, Job.gsi1sk < before, limit=SWEEP_LIMIT))
    if len(due) == SWEEP_LIMIT:
        log.warning("the sweeper found %d jobs or more waiting: is the worker running?",
                    SWEEP_LIMIT)
    sent = sum(queue.send(job.job_id) for job in due)
    if due:
        log.info("the sweeper sent %d of %d due jobs again", sent, len(due))
    return {"resent": sent}
