"""Does a reset request's timing tell whether the address exists?

Twenty requests for a known address and twenty for an unknown one, interleaved, through
the Chalice test client on the emulated AWS; median wall time of each. The link is found,
written and e-mailed by a job after the answer (chalicelib/accounts/reset.py), so both
requests do the very same work and the response floor is 0 by default; the figures are
taken with no floor, the way the app runs.

    python -m bench.reset_timing
"""

import statistics
import sys
import time

REQUESTS = 20


def main(argv=None) -> int:
    from bench.throttle_bursts import app_client, overridable_settings, setup_paths

    setup_paths()
    from tests.api.conftest import Browser, registration

    print(f"Reset request, median of {REQUESTS} (known address vs unknown):")
    with app_client() as client, overridable_settings() as override:
        assert Browser(client).post("/auth/register", registration()).status == 201
        override(reset_per_address=10 * REQUESTS, reset_per_ip=100 * REQUESTS,
                 reset_response_floor_ms=0)
        times = {"ana@example.com": [], "nadie@example.com": []}
        for _ in range(REQUESTS):
            for email, seen in times.items():
                # A person's browser: the answer is all it waits for (no job runs here).
                browser = Browser(client)
                browser.run_jobs = False
                started = time.perf_counter()
                assert browser.post("/auth/password-reset", {"email": email}).status == 202
                seen.append((time.perf_counter() - started) * 1000)
        known, unknown = (statistics.median(t) for t in times.values())
        print(f"  no floor: known {known:5.0f} ms, unknown {unknown:5.0f} ms,"
              f" difference {known - unknown:4.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
