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
