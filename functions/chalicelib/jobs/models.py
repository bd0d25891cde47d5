"""What the jobs kernel keeps in the table (keys: chalicelib/db.py).

A job is one item, JOB#<job id> / JOB: its kind, payload, state, attempts and last error.
The same item is the outbox entry: while it is not done it carries the index pair
gsi1pk = JOBS#OPEN, gsi1sk = <due time>#<job id>, so the sweeper finds the jobs that are
due and have not run with one Query (never a Scan, never a stream). A job that gave up
moves to JOBS#DEAD, <failed at>#<job id> (the list staff will read); a done job leaves
the index and expires after a while.

A daily task keeps one item per date it ran (TASK#<name> / DAY#<date>) and the last date
it ran (TASK#<name> / LAST), which is how missed days are found and caught up.
"""

from datetime import date, datetime

from pynamodb.attributes import (
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from ..db import Item, iso

# A job's states: pending (written, not run yet), running (a worker holds it until its
# lease ends), retry (failed, runs again at due_at), done, dead (gave up).
OPEN_STATES = ("pending", "retry")


class Job(Item, discriminator="job"):
    @staticmethod
    def key(job_id: str) -> tuple[str, str]:
        return f"JOB#{job_id}", "JOB"

    @staticmethod
    def open_key(due: datetime, job_id: str) -> tuple[str, str]:
        """The index pair of a job that is to run at `due` (or later)."""
        return "JOBS#OPEN", f"{iso(due)}#{job_id}"

    @staticmethod
    def dead_key(failed_at: datetime, job_id: str) -> tuple[str, str]:
        return "JOBS#DEAD", f"{iso(failed_at)}#{job_id}"

    job_id = UnicodeAttribute()
    job_kind = UnicodeAttribute()  # "<area>.<name>", a key of the areas' `jobs`
    # What the handler needs. It may hold a secret (an e-mail with its link), so it is
    # removed when the job is done; a dead job keeps it (to be retried) until it expires.
    payload = JSONAttribute(null=True)
    status = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    enqueued_at = UTCDateTimeAttribute()
    due_at = UTCDateTimeAttribute()
    claim = UnicodeAttribute(null=True)  # the token of the worker running it
    lease_until = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
    result = JSONAttribute(null=True)
    error = UnicodeAttribute(null=True)  # the last failure, "<type>: <message>"
    failed_at = UTCDateTimeAttribute(null=True)


class TaskMark(Item, discriminator="task_mark"):
    """The last date a daily task ran to the end (YYYY-MM-DD)."""

    @staticmethod
    def key(task: str) -> tuple[str, str]:
        return f"TASK#{task}", "LAST"

    last_date = UnicodeAttribute()


class TaskDay(Item, discriminator="task_day"):
    """One date of a daily task: claimed, then done (with what it did) or failed."""

    @staticmethod
    def key(task: str, day: date) -> tuple[str, str]:
        return f"TASK#{task}", f"DAY#{day.isoformat()}"

    status = UnicodeAttribute()  # running, done, failed
    attempts = NumberAttribute(default=0)
    started_at = UTCDateTimeAttribute()
    lease_until = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
    result = JSONAttribute(null=True)
    error = UnicodeAttribute(null=True)
