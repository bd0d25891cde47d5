"""The jobs kernel on moto: a job is written with its change or not at all, sent after the
commit, run to the end once however often it is delivered, retried with backoff, dead
after its last try (kept with its error, told to the dead-letter queue), and found again
by the sweeper when its message was lost."""

import json
import threading
from datetime import timedelta

import pytest

from chalicelib import jobs, registry
from chalicelib.config import settings
from chalicelib.db import Item, transaction, utcnow
from chalicelib.jobs import worker
from chalicelib.jobs.models import Job
from chalicelib.jobs.outbox import sweep
from tests.support.jobs import run_jobs

CALLS: list = []  # what the test handlers were asked to do, in order
BEHAVIOUR: dict = {}  # "fail": n first attempts raise; "give_up": raise GiveUp; "gate": Event


class Note(Item, discriminator="test_note"):
    """An item a test job writes in its own transaction."""

    @staticmethod
    def key(name: str) -> tuple[str, str]:
        return f"TESTNOTE#{name}", "NOTE"


def work(job):
    CALLS.append((job.job_id, job.payload, job.attempt))
    gate = BEHAVIOUR.get("gate")
    if gate is not None:
        gate.wait(5)
    if BEHAVIOUR.get("give_up"):
        raise worker.GiveUp("the account is gone")
    if job.attempt <= BEHAVIOUR.get("fail", 0):
        raise RuntimeError(f"try {job.attempt} failed")
    job.tx.save(Note(*Note.key(job.job_id)))
    return {"noted": job.payload.get("n")}


def write_then_fail(job):
    job.tx.save(Note(*Note.key(job.job_id)))
    raise RuntimeError("after the write")


@pytest.fixture(autouse=True)
def test_kinds(aws, monkeypatch):
    kinds = {**registry.job_handlers(), "tests.work": f"{__name__}:work",
             "tests.write_then_fail": f"{__name__}:write_then_fail"}
    monkeypatch.setattr(registry, "job_handlers", lambda: kinds)
    CALLS.clear()
    BEHAVIOUR.clear()


def queued() -> list[str]:
    """The job ids waiting in the queue (read from moto's memory: reading them through SQS
    would hide them from the worker for a while)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sqs.models import sqs_backends

    name = settings.jobs_queue_url.rsplit("/", 1)[1]
    queue = sqs_backends[DEFAULT_ACCOUNT_ID][settings.region].queues[name]
    return [json.loads(m.body)["job"] for m in queue._messages]


def dead_letters() -> list[dict]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sqs.models import sqs_backends

    name = settings.jobs_dead_letter_url.rsplit("/", 1)[1]
    queue = sqs_backends[DEFAULT_ACCOUNT_ID][settings.region].queues[name]
    return [json.loads(m.body) for m in queue._messages]


def job(job_id: str) -> Job:
    return Job.get(*Job.key(job_id), consistent_read=True)


def notes() -> int:
    return sum(1 for _ in Note.scan())


# ------------------------------------------------------------------ the outbox write

def test_a_job_is_written_in_its_changes_transaction_and_sent_only_after_the_commit():
    with transaction() as tx:
        tx.save(Note(*Note.key("change")))
        job_id = jobs.enqueue(tx, "tests.work", {"n": 1})
        assert queued() == []  # not before the commit
    assert queued() == [job_id]
    written = job(job_id)
    assert (written.status, written.job_kind, written.payload, written.attempts) == \
        ("pending", "tests.work", {"n": 1}, 0)
    assert written.gsi1pk == "JOBS#OPEN" and written.gsi1sk.endswith(f"#{job_id}")


def test_a_cancelled_change_leaves_no_job_and_sends_nothing():
    Note(*Note.key("taken")).save()
    from pynamodb.exceptions import TransactWriteError

    with pytest.raises(TransactWriteError), transaction() as tx:
        tx.save(Note(*Note.key("taken")), condition=Note.pk.does_not_exist())
        job_id = jobs.enqueue(tx, "tests.work", {})
    assert queued() == []
    with pytest.raises(Job.DoesNotExist):
        job(job_id)


def test_enqueue_needs_a_transaction_that_can_send_after_its_commit():
    from pynamodb.transactions import TransactWrite

    with pytest.raises(TypeError):
        jobs.enqueue(TransactWrite(), "tests.work", {})


def test_a_job_key_makes_submitting_idempotent():
    first = jobs.submit("tests.work", {"n": 1}, key="tests.work:2027-01-15")
    again = jobs.submit("tests.work", {"n": 2}, key="tests.work:2027-01-15")
    assert first == again == "tests.work:2027-01-15"
    assert queued() == [first]  # the second wrote and sent nothing
    assert job(first).payload == {"n": 1}


# ------------------------------------------------------------------ running once

def test_a_job_delivered_twice_does_its_work_once_and_forgets_its_payload():
    job_id = jobs.submit("tests.work", {"n": 7, "secret": "link-token"})
    from infra.local.jobs import _sqs

    _sqs().send_message(QueueUrl=settings.jobs_queue_url, MessageBody=json.dumps({"job": job_id}))
    assert run_jobs() == 2
    assert [c[0] for c in CALLS] == [job_id]
    done = job(job_id)
    assert (done.status, done.result, done.payload, done.attempts) == ("done", {"noted": 7}, None, 1)
    assert done.gsi1pk is None and done.expires_at is not None  # out of the index; TTL cleans up
    assert notes() == 1


def test_two_workers_at_once_run_a_job_once():
    job_id = jobs.submit("tests.work", {})
    BEHAVIOUR["gate"] = gate = threading.Event()
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(worker.handle(job_id)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    threads[0].join(0.5)
    gate.set()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "skipped"] and len(CALLS) == 1


def test_a_handlers_writes_commit_only_with_the_done_marker():
    job_id = jobs.submit("tests.write_then_fail", {})
    assert worker.handle(job_id) == "retry"
    assert notes() == 0
    failed = job(job_id)
    assert failed.status == "retry" and failed.error == "RuntimeError: after the write"


def test_a_job_whose_worker_died_runs_again_once_its_lease_is_over():
    job_id = jobs.submit("tests.work", {})
    held = job(job_id)
    # A worker claimed it and died: running, under a lease.
    held.update(actions=[Job.status.set("running"), Job.claim.set("gone"),
                         Job.lease_until.set(utcnow() + timedelta(minutes=1))])
    assert worker.handle(job_id) == "skipped"
    held.update(actions=[Job.lease_until.set(utcnow() - timedelta(seconds=1))])
    assert worker.handle(job_id) == "done" and len(CALLS) == 1


# ------------------------------------------------------------------ failures

def test_a_failed_job_waits_with_backoff_keeps_its_error_and_then_succeeds():
    BEHAVIOUR["fail"] = 2
    job_id = jobs.submit("tests.work", {})
    before = utcnow()
    run_jobs()
    waiting = job(job_id)
    assert (waiting.status, waiting.attempts, waiting.error) == ("retry", 1, "RuntimeError: try 1 failed")
    delay = (waiting.due_at - before).total_seconds()
    assert worker.BACKOFF_FIRST / 2 - 1 <= delay <= worker.BACKOFF_FIRST + 1, delay
    assert waiting.gsi1pk == "JOBS#OPEN"  # the sweeper would send it again if SQS lost it
    run_jobs(retries=True)
    done = job(job_id)
    assert (done.status, done.attempts) == ("done", 3)
    assert [c[2] for c in CALLS] == [1, 2, 3]


def test_backoff_doubles_to_an_hour_with_jitter():
    for attempt in range(1, 12):
        ceiling = min(worker.BACKOFF_FIRST * 2 ** (attempt - 1), worker.BACKOFF_MAX)
        assert ceiling / 2 <= worker.backoff(attempt) <= ceiling
    assert worker.backoff(30) <= worker.BACKOFF_MAX


def test_after_its_last_try_a_job_is_dead_with_its_error_and_the_dead_letter_queue_hears():
    BEHAVIOUR["fail"] = 100
    job_id = jobs.submit("tests.work", {"n": 3})
    run_jobs(retries=True)
    dead = job(job_id)
    assert (dead.status, dead.attempts) == ("dead", settings.job_max_attempts)
    assert dead.error == f"RuntimeError: try {settings.job_max_attempts} failed"
    assert dead.gsi1pk == "JOBS#DEAD" and dead.payload == {"n": 3}  # kept, to be retried
    assert len(CALLS) == settings.job_max_attempts
    assert dead_letters() == [{"job": job_id, "kind": "tests.work", "error": dead.error}]
    listed, _ = worker.dead()
    assert [j.job_id for j in listed] == [job_id]
    # Once the cause is mended, a person sends it again.
    BEHAVIOUR["fail"] = 0
    assert worker.retry(job_id) and not worker.retry(job_id)
    run_jobs()
    assert job(job_id).status == "done" and worker.dead()[0] == []


def test_give_up_kills_a_job_at_once():
    BEHAVIOUR["give_up"] = True
    job_id = jobs.submit("tests.work", {})
    run_jobs(retries=True)
    dead = job(job_id)
    assert (dead.status, dead.attempts, dead.error) == ("dead", 1, "GiveUp: the account is gone")


def test_a_job_of_a_kind_no_area_handles_any_more_is_dead_with_a_reason(monkeypatch):
    job_id = jobs.submit("tests.work", {})
    monkeypatch.setattr(registry, "job_handlers", lambda: {})
    assert worker.handle(job_id) == "dead"
    assert "no handler" in job(job_id).error


def test_a_message_that_could_not_be_handled_comes_back_and_garbage_does_not(monkeypatch):
    def unreachable(job_id, token):
        raise ConnectionError("the table is unreachable")

    monkeypatch.setattr(worker, "_claim", unreachable)
    again = worker.run_batch([("m1", json.dumps({"job": "x"})), ("m2", "not json"),
                              ("m3", json.dumps({"nothing": 1}))])
    assert again == ["m1"]


# ------------------------------------------------------------------ the sweeper

def test_the_sweeper_sends_again_a_job_whose_message_was_lost_after_a_minute():
    from bench.dynamodb_calls import counting
    from infra.local.jobs import _sqs

    job_id = jobs.submit("tests.work", {})
    _sqs().purge_queue(QueueUrl=settings.jobs_queue_url)  # lost
    assert sweep() == {"resent": 0}  # not a minute old yet: its message may be on its way
    with counting() as seen:
        assert sweep(age=timedelta(seconds=-1)) == {"resent": 1}
    assert [op for service, op in seen if service == "dynamodb"] == ["Query"]  # never a Scan
    run_jobs()
    assert job(job_id).status == "done"
    assert sweep(age=timedelta(seconds=-1)) == {"resent": 0}  # done jobs leave the index


def test_the_sweeper_leaves_alone_a_job_waiting_for_its_retry_or_held_by_a_worker():
    BEHAVIOUR["fail"] = 1
    waiting = jobs.submit("tests.work", {})
    run_jobs()
    assert job(waiting).status == "retry"
    held = jobs.submit("tests.work", {})
    job(held).update(actions=[Job.status.set("running"), Job.claim.set("other"),
                              Job.gsi1sk.set(Job.open_key(utcnow() + worker.LEASE, held)[1])])
    # Both are due only later (the retry in ~30 s, the lease in 3 min).
    assert sweep(age=timedelta(seconds=-10)) == {"resent": 0}
