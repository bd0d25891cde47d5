"""The local stack's worker and clock: what Lambda's queue trigger and EventBridge do on
AWS, done by two threads of the stack's own process against moto's SQS.

- The worker long-polls the jobs queue (a second at a time) and hands each batch to the
  worker function Lambda would run (chalicelib.jobs.worker.run_batch), then deletes what
  it handled: a committed job runs within about a second.
- The clock runs the minute tasks (the sweeper) every minute and the daily tasks every
  hour, as the two rules do; at start it first sends again every open job (the queue,
  in memory, was lost with the last run; the jobs were not: they are in the table).

`poll()` is also what the tests' run_jobs() drives (tests/support/jobs.py).
"""

import logging
import threading
from datetime import timedelta

log = logging.getLogger("portico")

MINUTE = 60.0
HOUR = 3600.0


def _sqs():
    import boto3

    from chalicelib.config import settings

    return boto3.session.Session().client("sqs", region_name=settings.region)


def poll(wait_seconds: int = 0, sqs=None) -> int:
    """Receive one batch of the jobs queue, run it, delete what was handled; return how
    many messages there were."""
    from chalicelib.config import settings
    from chalicelib.jobs.worker import run_batch

    sqs = sqs or _sqs()
    messages = sqs.receive_message(QueueUrl=settings.jobs_queue_url, MaxNumberOfMessages=10,
                                   WaitTimeSeconds=wait_seconds).get("Messages", [])
    if not messages:
        return 0
    again = set(run_batch([(m["MessageId"], m["Body"]) for m in messages]))
    handled = [m for m in messages if m["MessageId"] not in again]
    if handled:
        sqs.delete_message_batch(QueueUrl=settings.jobs_queue_url, Entries=[
            {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(handled)])
    return len(messages)


def resend_open() -> int:
    """Send every open job again, due or not (the stack starts with an empty queue)."""
    from chalicelib.jobs.outbox import sweep

    return sweep(age=-timedelta(days=3650))["resent"]


def start(stop: threading.Event) -> list[threading.Thread]:
    threads = [threading.Thread(target=_work, args=(stop,), name="jobs-worker", daemon=True),
               threading.Thread(target=_clock, args=(stop,), name="jobs-clock", daemon=True)]
    for thread in threads:
        thread.start()
    return threads


def _work(stop: threading.Event) -> None:
    sqs = _sqs()
    while not stop.is_set():
        try:
            poll(wait_seconds=1, sqs=sqs)
        except Exception:  # the worker must outlive a bad batch, as Lambda does
            log.exception("local job worker")
            stop.wait(1)


def _clock(stop: threading.Event) -> None:
    from chalicelib.jobs.schedule import tick

    def run(every):
        try:
            tick(every=every)
        except Exception:
            log.exception("local clock (%s tasks)", every)

    try:
        resend_open()
    except Exception:
        log.exception("local clock: sending the open jobs again")
    run("day")
    minutes = 0
    while not stop.wait(MINUTE):
        minutes += 1
        run("minute")
        if minutes % int(HOUR / MINUTE) == 0:
            run("day")
