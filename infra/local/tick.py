"""Run the clock's tasks for a date on the local stack: `POST /api/_local/tick`, and
`make tick DATE=2027-01-15`, which calls it on the running stack.

The route exists only on the local stack: this module is outside functions/ (so it is not
in the Lambda package), and only infra/local/stack.py registers it, after loading the app
(tests/infra/test_jobs_deploy.py and tests/stack/ check both). The application's clock is
never changed: the tasks are asked to do the date's work (each task is idempotent per
date, so a date run twice does nothing the second time).

    python -m infra.local.tick [2027-01-15] [--port 8000]
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from datetime import date

from chalice import BadRequestError, Blueprint

bp = Blueprint(__name__)
PATH = "/_local/tick"


@bp.route(PATH, methods=["POST"], content_types=["application/json"])
def tick_route():
    from chalicelib.jobs.schedule import tick, today

    body = bp.current_request.json_body or {}
    raw = body.get("date") if isinstance(body, dict) else None
    try:
        as_of = date.fromisoformat(raw) if raw is not None else today()
    except (TypeError, ValueError):
        raise BadRequestError('"date" must be a date: {"date": "2027-01-15"}') from None
    return {"date": as_of.isoformat(), "tasks": tick(as_of)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("date", nargs="?", default="", help="YYYY-MM-DD (today if left out)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    args = parser.parse_args(argv)
    body = json.dumps({"date": args.date} if args.date else {}).encode()
    url = f"http://127.0.0.1:{args.port}/api{PATH}"
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            print(json.dumps(json.loads(answer.read()), indent=2, ensure_ascii=False))
    except urllib.error.HTTPError as exc:
        print(f"{exc.code}: {exc.read().decode(errors='replace')}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"No local stack answers at {url} ({exc}). Start it first: make run "
              f"(PORT={args.port}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
