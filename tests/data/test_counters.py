"""Gapless numbers (counters.py): a number is used only with its document, never twice,
and parallel writers all get one without seeing an error."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import TransactWriteError

from chalicelib import optimistic
from chalicelib.counters import SeriesCounter, issue_numbered, last_number
from chalicelib.db import Item
from chalicelib.optimistic import Contention


class NumberedDoc(Item, discriminator="test_numbered_doc"):
    number = NumberAttribute()


def doc_writer(doc_id: str, calls: list | None = None):
    def write(number, tx):
        if calls is not None:
            calls.append(number)
        doc = NumberedDoc("SERIES#F2026", f"DOC#{doc_id}", number=number)
        tx.save(doc, condition=NumberedDoc.sk.does_not_exist())
        return doc
    return write


def numbers() -> list[int]:
    return sorted(d.number for d in NumberedDoc.query("SERIES#F2026", consistent_read=True))


def test_numbers_start_at_one_and_follow_each_other(aws):
    assert last_number("F2026") == 0
    assert [issue_numbered("F2026", doc_writer(f"d{i}")).number for i in range(3)] == [1, 2, 3]
    assert last_number("F2026") == 3 and numbers() == [1, 2, 3]
    assert issue_numbered("R2026", doc_writer("r1")).number == 1  # each series its own


def test_twenty_parallel_writers_get_one_to_twenty_with_no_gap_nor_repeat(aws):
    # PynamoDB makes its botocore client on first use: made here once, not by 20 threads at
    # once (each would build its own, ~150 ms apiece under the GIL).
    assert last_number("F2026") == 0
    start = threading.Barrier(20)

    def one(i):
        start.wait()  # all read the counter at about the same time
        return issue_numbered("F2026", doc_writer(f"d{i}")).number

    with ThreadPoolExecutor(max_workers=20) as pool:
        got = list(pool.map(one, range(20)))
    assert sorted(got) == list(range(1, 21))
    assert numbers() == list(range(1, 21))
    assert last_number("F2026") == 20


def test_a_writer_that_lost_the_number_builds_its_document_again_with_the_next(aws):
    """Deterministic interleaving: A reads 0, B commits 1 meanwhile, A's commit fails on the
    counter and A is called again with 2."""
    calls = []
    first = doc_writer("a", calls)

    def slow_write(number, tx):
        if not calls:  # A's first attempt: B writes number 1 in between
            issue_numbered("F2026", doc_writer("b"))
        return first(number, tx)

    assert issue_numbered("F2026", slow_write).number == 2
    assert calls == [1, 2]
    assert numbers() == [1, 2]


def test_a_document_that_fails_its_own_condition_uses_no_number_and_is_not_retried(aws):
    issue_numbered("F2026", doc_writer("d1"))
    calls = []
    with pytest.raises(TransactWriteError):
        issue_numbered("F2026", doc_writer("d1", calls))  # DOC#d1 exists: its condition fails
    assert calls == [2]  # one attempt: the caller's failure is the caller's
    assert last_number("F2026") == 1
    assert issue_numbered("F2026", doc_writer("d2")).number == 2  # 2 was not consumed
    assert numbers() == [1, 2]


def test_an_exception_while_building_the_document_writes_nothing(aws):
    def broken(number, tx):
        tx.save(NumberedDoc("SERIES#F2026", "DOC#x", number=number))
        raise ValueError("no such customer")

    with pytest.raises(ValueError):
        issue_numbered("F2026", broken)
    assert last_number("F2026") == 0 and numbers() == []


def test_a_series_that_stays_contended_ends_in_an_internal_error(aws, monkeypatch):
    monkeypatch.setattr(optimistic, "pause", lambda attempt: None)

    def always_beaten(number, tx):
        # someone else takes this number every time, between our read and our commit
        SeriesCounter("COUNTER#F2026", "COUNTER", value=number).save()
        return doc_writer(f"d{number}")(number, tx)

    with pytest.raises(Contention):
        issue_numbered("F2026", always_beaten, attempts=3)
    assert numbers() == []


@pytest.mark.parametrize("series", ["", "F\n2026", "F\x002026"])
def test_a_series_name_must_be_printable_text(aws, series):
    with pytest.raises(ValueError):
        issue_numbered(series, doc_writer("d1"))
