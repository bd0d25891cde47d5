"""`make bench`: every figure the project keeps, each from a benchmark anyone can rerun.

    python -m bench [--quick]     (--quick skips the 2,000-article site build, the
                                   10,000 writes to the local stack and its job worker)

Figures: cold start against a bare Chalice app, DynamoDB requests per API call, attempts
judged under 30 parallel requests per throttle, reset-request timing for known and
unknown addresses, a request that sends mail and what its job adds to it, page weight
per page of the built site, the site build time at 2,000 articles, the local stack's
memory and write latency after 10,000 writes, and its job worker's jobs per second.
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="skip the 2,000-article site build and the 10,000 writes")
    parser.add_argument("--site", default=str(ROOT / "build" / "site"))
    args = parser.parse_args(argv)

    runs = [("cold start", ["bench.cold_start"]),
            ("DynamoDB requests per API call", ["bench.dynamodb_calls"]),
            ("throttles under 30 parallel requests", ["bench.throttle_bursts"]),
            ("reset-request timing", ["bench.reset_timing"]),
            ("background jobs: a request that sends mail", ["bench.jobs", args.site,
                                                            "--requests-only"]),
            ("page weight (CSS + JS before interaction, gzipped)", ["bench.page_weight", args.site])]
    if not args.quick:
        runs.append(("site build", ["bench.site_build"]))
        runs.append(("local stack after 10,000 writes", ["bench.local_stack", args.site]))
        runs.append(("local stack's job worker", ["bench.jobs", args.site, "--worker-only"]))
    failed = 0
    for title, command in runs:
        # Each in its own process: they set up different emulated AWS settings.
        print(f"== {title} ==", flush=True)
        failed |= subprocess.run([sys.executable, "-m", *command], cwd=ROOT).returncode != 0
        print(flush=True)
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
