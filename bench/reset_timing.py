"""Does a reset request's timing tell whether the address exists?

Twenty requests for a known address and twenty for an unknown one, interleaved, through
the Chalice test client on the emulated AWS; median wall time of each, first with no
response floor (the work alone), then with the floor the app runs with by default.

    python -m bench.reset_timing
"""

import statistics
import sys
import time

REQUESTS = 20
FLOOR_MS = 400  # RESET_RESPONSE_FLOOR_MS's default (chalicelib/config.py)


def main(argv=None) -> int:
    from bench.throttle_bursts import app_client, overridable_settings, setup_paths

    setup_paths()
    from tests.api.conftest import Browser, registration

    print(f"Reset request, median of {REQUESTS} (known address vs unknown):")
    with app_client() as client, overridable_settings() as override:
        assert Browser(client).post("/auth/register", registration()).status == 201
        override(reset_per_address=10 * REQUESTS)
        for floor in (0, FLOOR_MS):
            override(reset_response_floor_ms=floor)
            times = {"ana@example.com": [], "nadie@example.com": []}
            for _ in range(REQUESTS):
                for email, seen in times.items():
                    started = time.perf_counter()
                    assert Browser(client).post("/auth/password-reset", {"email": email}).status == 202
                    seen.append((time.perf_counter() - started) * 1000)
            known, unknown = (statistics.median(t) for t in times.values())
            print(f"  floor {floor:3} ms: known {known:5.0f} ms, unknown {unknown:5.0f} ms,"
                  f" difference {known - unknown:4.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
