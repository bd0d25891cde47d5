"""The clock's tasks on moto: a daily task runs once per date however often it is ticked
(in parallel too), missed dates run first and in order, a failed date holds the later
ones back and is tried again at the next tick; minute tasks run at every tick."""

import threading
from datetime import date, timedelta

import pytest

from chalicelib import registry
from chalicelib.jobs import schedule
from chalicelib.jobs.models import TaskDay, TaskMark

RUNS: list = []
FAIL_ON: set = set()
GATE: dict = {}


def daily(as_of: date) -> dict:
    gate = GATE.get("gate")
    if gate is not None:
        gate.wait(5)
    if as_of in FAIL_ON:
        raise RuntimeError(f"no data for {as_of}")
    RUNS.append(("daily", as_of))
    return {"day": as_of.isoformat()}


def every_minute(as_of: date) -> dict:
    RUNS.append(("minute", as_of))
    return {"ok": True}


DAY = date(2027, 1, 15)


@pytest.fixture(autouse=True)
def test_tasks(aws, monkeypatch):
    tasks = [registry.Task("tests.daily", f"{__name__}:daily"),
             registry.Task("tests.minute", f"{__name__}:every_minute", every="minute")]
    monkeypatch.setattr(registry, "tasks", lambda: tasks)
    RUNS.clear()
    FAIL_ON.clear()
    GATE.clear()


def dailies() -> list[date]:
    return [d for kind, d in RUNS if kind == "daily"]


def test_a_date_runs_once_however_often_it_is_ticked():
    first = schedule.tick(DAY)
    assert first["tests.daily"] == [{"date": "2027-01-15", "status": "done",
                                     "result": {"day": "2027-01-15"}, "ran": True}]
    again = schedule.tick(DAY)
    assert again["tests.daily"] == [{"date": "2027-01-15", "status": "done", "ran": False,
                                     "result": {"day": "2027-01-15"}}]
    assert dailies() == [DAY]
    # The minute task runs at every tick, whatever the date.
    assert [d for kind, d in RUNS if kind == "minute"] == [DAY, DAY]


def test_missed_dates_are_caught_up_first_and_in_order():
    schedule.tick(DAY)
    report = schedule.tick(DAY + timedelta(days=3))
    assert [r["date"] for r in report["tests.daily"]] == ["2027-01-16", "2027-01-17", "2027-01-18"]
    assert dailies() == [DAY + timedelta(days=n) for n in range(4)]
    assert TaskMark.get(*TaskMark.key("tests.daily")).last_date == "2027-01-18"


def test_a_failed_date_holds_back_the_later_ones_and_runs_again_at_the_next_tick():
    schedule.tick(DAY)
    FAIL_ON.add(DAY + timedelta(days=1))
    report = schedule.tick(DAY + timedelta(days=2))["tests.daily"]
    assert [(r["date"], r["status"]) for r in report] == [("2027-01-16", "failed")]
    assert report[0]["error"] == "RuntimeError: no data for 2027-01-16"
    failed = TaskDay.get(*TaskDay.key("tests.daily", DAY + timedelta(days=1)))
    assert (failed.status, failed.error) == ("failed", "RuntimeError: no data for 2027-01-16")
    assert TaskMark.get(*TaskMark.key("tests.daily")).last_date == "2027-01-15"
    FAIL_ON.clear()
    report = schedule.tick(DAY + timedelta(days=2))["tests.daily"]
    assert [(r["date"], r["status"]) for r in report] == [("2027-01-16", "done"), ("2027-01-17", "done")]
    assert TaskDay.get(*TaskDay.key("tests.daily", DAY + timedelta(days=1))).attempts == 2


def test_two_ticks_at_once_run_a_date_once():
    GATE["gate"] = gate = threading.Event()
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(schedule.tick(DAY, every="day")))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    threads[0].join(0.5)
    gate.set()
    for thread in threads:
        thread.join()
    assert dailies() == [DAY]
    assert sorted(r["tests.daily"][0]["ran"] for r in reports) == [False, True]


def test_a_long_outage_is_caught_up_for_the_last_31_dates_only():
    schedule.tick(DAY)
    report = schedule.tick(DAY + timedelta(days=100))["tests.daily"]
    assert len(report) == schedule.CATCH_UP_DAYS
    assert report[-1]["date"] == (DAY + timedelta(days=100)).isoformat()


def test_an_earlier_date_runs_if_it_never_ran_but_the_last_date_stays():
    schedule.tick(DAY)
    report = schedule.tick(DAY - timedelta(days=5))["tests.daily"]
    assert [(r["date"], r["ran"]) for r in report] == [("2027-01-10", True)]
    assert TaskMark.get(*TaskMark.key("tests.daily")).last_date == "2027-01-15"


def test_each_rule_runs_its_own_tasks():
    schedule.tick(DAY, every="minute")
    assert RUNS == [("minute", DAY)]
    schedule.tick(DAY, every="day")
    assert RUNS == [("minute", DAY), ("daily", DAY)]


def test_the_sweeper_is_a_task_of_every_minute(monkeypatch):
    monkeypatch.undo()  # the product's own tasks
    sweeper = [t for t in registry.tasks() if t.name == "jobs.sweep"]
    assert sweeper and sweeper[0].every == "minute"
    assert schedule.tick(DAY, every="minute")["jobs.sweep"] == [
        {"date": "2027-01-15", "status": "done", "result": {"resent": 0}}]
