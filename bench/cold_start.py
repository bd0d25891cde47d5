"""Cold start: a fresh process imports the app and answers GET /api/health.

Measured inside each child from its first line (so interpreter start-up, the same for
both, is left out) to the first answer through chalice.test.Client, against a moto
server both talk to. The baseline is a bare Chalice app that imports boto3 and
pynamodb and answers health with the same one-request DynamoDB read. Median of N runs.

    python -m bench.cold_start [--runs 9]
"""

import argparse
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PORTICO = textwrap.dedent("""
    import time; t0 = time.perf_counter()
    from app import app
    from chalice.test import Client
    with Client(app, stage_name="local", project_dir="functions") as c:
        r = c.http.get("/health")
    assert r.status_code == 200, r.body
    print(time.perf_counter() - t0)
""")

BASELINE = textwrap.dedent("""
    import time; t0 = time.perf_counter()
    import boto3
    from chalice import Chalice
    from chalice.test import Client
    from pynamodb.attributes import UnicodeAttribute
    from pynamodb.models import Model
    import os

    class Item(Model):
        class Meta:
            table_name = os.environ["TABLE_NAME"]
            region = "eu-west-1"
        pk = UnicodeAttribute(hash_key=True)
        sk = UnicodeAttribute(range_key=True)

    app = Chalice(app_name="bare")

    @app.route("/health")
    def health():
        Item.count("HEALTH", limit=1)
        return {"status": "ok"}

    with Client(app, stage_name="local", project_dir="functions") as c:
        r = c.http.get("/health")
    assert r.status_code == 200, r.body
    print(time.perf_counter() - t0)
""")


def _environment(endpoint: str) -> dict:
    from infra.local.stack import stage_environment

    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(stage_environment(8000, ROOT / ".bench"))
    env.update(AWS_ENDPOINT_URL=endpoint, PYTHONPATH=f"{ROOT / 'functions'}{os.pathsep}{ROOT}",
               PYTHONDONTWRITEBYTECODE="")
    env.pop("OUTBOX_DIR", None)
    return env


def _time(script: str, env: dict, runs: int) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True,
                             capture_output=True, text=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def measure(runs: int = 9) -> dict:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        env = _environment(f"http://{host}:{port}")
        os.environ.update(env)  # create the table through the app's own models
        sys.path[:0] = [str(ROOT / "functions"), str(ROOT)]
        from infra.local.resources import create_all

        create_all()
        _time(PORTICO, env, 1)  # warm the filesystem cache and .pyc files first
        ours = _time(PORTICO, env, runs)
        bare = _time(BASELINE, env, runs)
    finally:
        server.stop()
    return {"portico_ms": ours * 1000, "bare_ms": bare * 1000, "ratio": ours / bare}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    result = measure(args.runs)
    print(f"cold start (import + first /api/health), median of {args.runs}:")
    print(f"  Portico app                   {result['portico_ms']:6.0f} ms")
    print(f"  bare Chalice + boto3 + PynamoDB {result['bare_ms']:4.0f} ms")
    print(f"  ratio                         {result['ratio']:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
