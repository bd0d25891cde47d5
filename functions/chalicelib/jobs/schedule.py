"""Scheduled tasks: what the clock runs (docs/jobs.md).

Each area declares its tasks (`tasks=(Task("billing.daily_run", "module:function"),)`).
A task is called with an as-of date. A daily task (`every="day"`) runs once per date:
each date it runs is claimed with a conditional write (TASK#<name> / DAY#<date>), so
running a date again changes nothing, and the last date it finished (TASK#<name> / LAST)
tells which dates were missed while the clock was down; those run first, in order, at
most CATCH_UP_DAYS of them. A date that failed is tried again at the next tick, and the
dates after it wait for it. A task of `every="minute"` (the sweeper) simply runs at every
tick of its rule.

On AWS two EventBridge rules call `tick`: every minute for the minute tasks, every hour
for the daily ones (a missed hour or day is caught up by the next). Locally a thread does
the same, and `make tick DATE=2027-01-15` runs every task for that date. The date is the
UTC date; the application's clock is never changed.

A task should finish well within its function's time (a minute): a task with much to do
submits a job per piece (with a key naming the date, so a second run submits nothing).
"""

import logging
from datetime import date, timedelta

from pynamodb.exceptions import UpdateError

from .. import registry
from ..db import utcnow
from .models import TaskDay, TaskMark

log = logging.getLogger("portico")

CATCH_UP_DAYS = 31
TASK_LEASE = timedelta(minutes=15)  # a date's claim: longer than any task may run
EVERY = ("minute", "day")


def today() -> date:
    return utcnow().date()


def tick(as_of: date | None = None, every: str | None = None) -> dict[str, list[dict]]:
    """Run the tasks (of one frequency, or all) for `as_of` (today by default); return
    what each did: one entry per date it ran or looked at."""
    as_of = as_of or today()
    report = {}
    for task in registry.tasks():
        if every is not None and task.every != every:
            continue
        if task.every == "minute":
            report[task.name] = [_run(task, as_of)]
        else:
            report[task.name] = _run_daily(task, as_of)
    return report


def _run(task: registry.Task, day: date) -> dict:
    try:
        result = registry.resolve(task.run)(day)
    except Exception as exc:
        log.exception("task %s failed for %s", task.name, day)
        return {"date": day.isoformat(), "status": "failed", "error": _describe(exc)}
    return {"date": day.isoformat(), "status": "done", "result": result}


def dates_due(task: str, as_of: date) -> list[date]:
    """The dates to run: those after the last one that finished, up to as_of (at most
    CATCH_UP_DAYS of them), or as_of alone (a first run, or a date at or before the last)."""
    try:
        last = date.fromisoformat(TaskMark.get(*TaskMark.key(task), consistent_read=True).last_date)
    except TaskMark.DoesNotExist:
        return [as_of]
    if as_of <= last:
        return [as_of]
    start = last + timedelta(days=1)
    if (as_of - start).days >= CATCH_UP_DAYS:
        log.error("task %s missed %d days; catching up the last %d only", task,
                  (as_of - start).days + 1, CATCH_UP_DAYS)
        start = as_of - timedelta(days=CATCH_UP_DAYS - 1)
    return [start + timedelta(days=n) for n in range((as_of - start).days + 1)]


def _run_daily(task: registry.Task, as_of: date) -> list[dict]:
    done = []
    for day in dates_due(task.name, as_of):
        outcome = run_day(task, day)
        done.append(outcome)
        if outcome["status"] != "done":
            break  # later dates wait for this one
    return done


def run_day(task: registry.Task, day: date) -> dict:
    """Run one date of a daily task unless it ran already (or runs elsewhere right now)."""
    now = utcnow()
    item = TaskDay(*TaskDay.key(task.name, day))
    runnable = TaskDay.pk.does_not_exist() | (TaskDay.status == "failed") | (
        (TaskDay.status == "running") & (TaskDay.lease_until < now))
    try:
        item.update(actions=[TaskDay.kind.set(TaskDay), TaskDay.status.set("running"),
                             TaskDay.attempts.add(1), TaskDay.started_at.set(now),
                             TaskDay.lease_until.set(now + TASK_LEASE), TaskDay.error.remove()],
                    condition=runnable)
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        held = TaskDay.get(*TaskDay.key(task.name, day), consistent_read=True)
        return {"date": day.isoformat(), "status": held.status, "ran": False,
                "result": held.result}
    outcome = _run(task, day)
    finished = [TaskDay.finished_at.set(utcnow()), TaskDay.lease_until.remove()]
    if outcome["status"] == "done":
        result = [TaskDay.result.set(outcome["result"])] if outcome["result"] is not None else []
        item.update(actions=[TaskDay.status.set("done"), *result, *finished])
        _advance(task.name, day)
    else:
        item.update(actions=[TaskDay.status.set("failed"), TaskDay.error.set(outcome["error"]),
                             *finished])
    return {**outcome, "ran": True}


def _advance(task: str, day: date) -> None:
    """The last date that finished moves forward only."""
    mark = TaskMark(*TaskMark.key(task))
    try:
        mark.update(actions=[TaskMark.kind.set(TaskMark), TaskMark.last_date.set(day.isoformat())],
                    condition=TaskMark.last_date.does_not_exist()
                    | (TaskMark.last_date < day.isoformat()))
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]
