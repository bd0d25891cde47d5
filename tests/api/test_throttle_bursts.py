"""Every throttle holds under 30 parallel requests: exactly `limit` attempts are judged,
the rest are refused, whatever the interleaving (issue 8, item 6)."""

import pytest

from tests.support.bursts import BURST, SCENARIOS, Setup, judged


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_thirty_parallel_attempts_judge_exactly_the_limit(name, new_browser, override_settings):
    scenario, limit, judged_answers, refused = SCENARIOS[name]
    seen = scenario(Setup(new_browser, override_settings))
    emails = seen.pop(("e-mails sent", None), None)
    assert (judged(seen, judged_answers), seen[refused]) == (limit, BURST - limit), seen
    assert sum(seen.values()) == BURST, seen  # nothing else, never a 500
    if emails is not None:
        assert emails == limit


def test_a_slot_given_back_returns_to_the_window_it_was_taken_from(aws, monkeypatch):
    from chalicelib import throttle

    clock = {"now": 10_000 * 900 - 1}  # the last second of a window
    monkeypatch.setattr(throttle, "now", lambda: clock["now"])
    limit = throttle.Limit("test", "ana@example.com", 5, 900)
    taken = throttle.reserve(limit)
    clock["now"] += 2  # the next window starts while the request is being judged
    throttle.release(*taken)
    assert throttle.Counter.get(*limit.key).count == 0
    assert throttle.Limit("test", "ana@example.com", 5, 900).key != limit.key


def test_a_used_up_limit_answers_429_with_the_seconds_left_in_its_window(aws, monkeypatch):
    from chalicelib import throttle
    from chalicelib.errors import TooManyAttempts

    monkeypatch.setattr(throttle, "now", lambda: 10_000 * 900 + 100)
    limit = throttle.Limit("test", "ana@example.com", 2, 900)
    other = throttle.Limit("test-other", "ana@example.com", 5, 900)
    throttle.take(limit)
    throttle.take(limit)
    with pytest.raises(TooManyAttempts) as refused:
        throttle.reserve(other, limit)
    assert refused.value.headers["Retry-After"] == "800"
    assert throttle.Counter.get(*other.key).count == 0  # none taken when one is used up
