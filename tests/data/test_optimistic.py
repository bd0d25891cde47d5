"""Optimistic locking (optimistic.py): parallel changes of one versioned balance all apply;
a stale write is refused, never saved over a newer one."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from pynamodb.attributes import UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError

from chalicelib import optimistic
from chalicelib.db import Item
from chalicelib.errors import ValidationFailed
from chalicelib.money import Money, MoneyAttribute
from chalicelib.optimistic import Contention, update_with_retry


class Balance(Item, discriminator="test_balance"):
    """A client's credit as billing will keep it: money, so versioned."""

    credit = MoneyAttribute()
    version = VersionAttribute()


class Unversioned(Item, discriminator="test_unversioned"):
    note = UnicodeAttribute(null=True)


def load():
    try:
        return Balance.get("CLIENT#c1", "BALANCE", consistent_read=True)
    except Balance.DoesNotExist:
        return Balance("CLIENT#c1", "BALANCE", credit=Money.zero("EUR"))


def add(cents):
    def change(balance):
        balance.credit += Money(cents, "EUR")
    return change


def test_two_updates_that_read_the_same_version_both_apply(aws):
    update_with_retry(load, add(1000))
    both_read = threading.Barrier(2)
    calls = []

    def change_after_both_read(cents):
        def change(balance):
            calls.append(cents)
            if len(calls) <= 2:
                both_read.wait(timeout=10)  # both hold version 1: one of the saves must fail
            balance.credit += Money(cents, "EUR")
        return change

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda c: update_with_retry(load, change_after_both_read(c)), [250, -100]))
    assert load().credit == Money(1150, "EUR")
    assert len(calls) == 3  # the loser read again and applied its change to the new credit
    assert load().version == 3


def test_many_parallel_updates_lose_none(aws):
    load().save()  # the first write makes the item, and PynamoDB's client, before the threads
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda c: update_with_retry(load, add(c)), range(1, 13)))
    assert load().credit == Money(sum(range(1, 13)), "EUR")


def test_a_save_from_a_stale_read_is_refused(aws):
    update_with_retry(load, add(100))
    first, second = load(), load()
    first.credit += Money(1, "EUR")
    first.save()
    second.credit += Money(2, "EUR")
    with pytest.raises(PutError):
        second.save()  # the version condition: this would have lost the first change
    assert load().credit == Money(101, "EUR")


def test_a_change_that_refuses_writes_nothing_and_is_not_retried(aws):
    update_with_retry(load, add(100))
    calls = []

    def spend(balance):
        calls.append(1)
        if balance.credit < Money(500, "EUR"):
            raise ValidationFailed(fields={"amount": "more than the credit"})
        balance.credit -= Money(500, "EUR")

    with pytest.raises(ValidationFailed):
        update_with_retry(load, spend)
    assert calls == [1] and load().credit == Money(100, "EUR")


def test_an_item_without_a_version_cannot_be_updated_this_way(aws):
    with pytest.raises(TypeError):
        update_with_retry(lambda: Unversioned("CLIENT#c1", "NOTE"), lambda item: None)


def test_an_item_that_stays_contended_ends_in_an_internal_error(aws, monkeypatch):
    monkeypatch.setattr(optimistic, "pause", lambda attempt: None)
    update_with_retry(load, add(100))

    def beaten(balance):
        other = load()  # someone else saves between our read and our save, every time
        other.credit += Money(1, "EUR")
        other.save()
        balance.credit += Money(1000, "EUR")

    with pytest.raises(Contention):
        update_with_retry(load, beaten, attempts=3)
    assert load().credit == Money(103, "EUR")  # only the other writer's changes


def test_pauses_grow_but_stay_bounded_and_random(monkeypatch):
    slept = []
    monkeypatch.setattr(optimistic.time, "sleep", slept.append)
    for attempt in range(12):
        optimistic.pause(attempt)
    assert all(0 <= s <= min(optimistic.MAX_PAUSE, optimistic.BASE_PAUSE * 2 ** a)
               for a, s in enumerate(slept))
    assert len(set(slept)) > 1
