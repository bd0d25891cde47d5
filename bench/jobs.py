"""Background jobs: what moving e-mail out of the request changed, and the local worker.

    python -m bench.jobs [SITE_DIR] [--jobs 500]

1. A request that sends mail (POST /api/account/verification-email: a token and the
   e-mail), median of 20 on the Chalice test client over moto, with moto's SES as it is
   and with an SES that takes 200 ms (a slow day): before jobs the request waited for
   SES; now it only queues the e-mail. The script also runs on a checkout from before the
   jobs, for the "before" figures (it asks nothing of the jobs code there).
2. The DynamoDB (and other AWS) requests of that request and of a registration: what a
   job adds to the request that causes it.
3. Jobs per second of the local stack's worker: N e-mails queued on `make run`'s stack
   (moto's server over HTTP, its own process here), then one worker thread, as the stack
   runs it, until every job is done.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 20
SLOW_SES = 0.2


def request_figures() -> None:
    from bench.dynamodb_calls import counting
    from bench.throttle_bursts import app_client, overridable_settings, setup_paths

    setup_paths()
    from tests.api.conftest import Browser, registration

    with app_client() as client, overridable_settings() as override:
        from chalicelib import aws

        override(reset_per_address=10 * REQUESTS)
        browser = Browser(client)
        browser.run_jobs = False  # a person's browser: it does not wait for the worker
        with counting() as seen:
            assert browser.post("/auth/register", registration()).status == 201
        report("POST /api/auth/register", seen)
        ses = aws.client("ses")
        original = ses.send_raw_email

        def slow(**kwargs):
            time.sleep(SLOW_SES)
            return original(**kwargs)

        print(f"POST /api/account/verification-email, median of {REQUESTS}:")
        for label, send in (("moto's SES", original), (f"SES taking {SLOW_SES * 1000:.0f} ms", slow)):
            ses.send_raw_email = send
            times = []
            for _ in range(REQUESTS):
                started = time.perf_counter()
                assert browser.post("/account/verification-email").status == 202
                times.append((time.perf_counter() - started) * 1000)
            print(f"  {label:20} {statistics.median(times):5.0f} ms")
        ses.send_raw_email = original
        with counting() as seen:
            assert browser.post("/account/verification-email").status == 202
        report("POST /api/account/verification-email", seen)


def report(title: str, seen: list) -> None:
    dynamodb = Counter(op for service, op in seen if service == "dynamodb")
    other = Counter(f"{service}:{op}" for service, op in seen if service != "dynamodb")
    detail = ", ".join(f"{op} x{n}" for op, n in sorted(dynamodb.items()))
    print(f"{title}: {sum(dynamodb.values())} DynamoDB requests ({detail}); "
          f"other AWS: {', '.join(f'{k} x{n}' for k, n in sorted(other.items())) or 'none'}")


def worker_figures(site: Path, count: int) -> None:
    """The local stack in this process (moto's server on a port, as `make run`), jobs off;
    queue `count` e-mails, then time one worker thread until all are done."""
    from infra.local.stack import start

    with tempfile.TemporaryDirectory() as data:
        stack = start(port=0, site_dir=site, data_dir=Path(data), jobs=False)
        try:
            from chalicelib.db import new_id
            from chalicelib.jobs.models import Job
            from chalicelib.mail.send import send
            from infra.local.jobs import _sqs, poll

            sqs = _sqs()
            while poll(sqs=sqs):  # the demo's own e-mails first
                pass
            # One e-mail each to many customers, as a day's mail is: moto reads a whole
            # partition for every Query, so a single customer with 500 e-mails would
            # measure moto, not the worker.
            for n in range(count):
                send(client_id=new_id(), to=f"bench{n}@example.com", language="es",
                     template="two_factor", kind="general",
                     context={"first_name": f"Bench {n}", "enabled": True})
            began = time.perf_counter()
            ran = 0
            while True:
                ran += poll(wait_seconds=1, sqs=sqs)
                pk, _ = Job.open_key(time_now(), "")
                if ran >= count and not list(Job.by_gsi1.query(pk, limit=1)):
                    break
            elapsed = time.perf_counter() - began
            outbox = len(list((Path(data) / "outbox").glob("*.eml")))
        finally:
            stack.stop()
    print(f"local worker (one thread, moto's server over HTTP): {count} e-mail jobs in "
          f"{elapsed:.1f} s, {count / elapsed:.0f} jobs/s ({outbox} .eml in the outbox)")


def time_now():
    from chalicelib.db import utcnow

    return utcnow()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "build" / "site"))
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--requests-only", action="store_true",
                        help="only parts 1 and 2 (what runs on a checkout before the jobs)")
    parser.add_argument("--worker-only", action="store_true")
    args = parser.parse_args(argv)
    if not args.worker_only:
        request_figures()
    if not args.requests_only:
        # The worker part starts the local stack, whose settings must be read first: a
        # process of its own.
        import subprocess

        done = subprocess.run([sys.executable, "-c", "import sys; from bench.jobs import "
                               "worker_figures; from pathlib import Path; "
                               f"worker_figures(Path({args.site!r}), {args.jobs})"],
                              cwd=ROOT, env=_clean_env())
        return done.returncode
    return 0


def _clean_env() -> dict:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    env["PYTHONPATH"] = f"{ROOT / 'functions'}{os.pathsep}{ROOT}"
    env.setdefault("ARGON2_TIME_COST", "1")
    env.setdefault("ARGON2_MEMORY_KIB", "8192")
    return env


if __name__ == "__main__":
    sys.exit(main())
