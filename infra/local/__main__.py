"""`python -m infra.local`: serve Portico on the embedded local stack until Ctrl-C."""

import argparse
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from infra.local.stack import ROOT, start


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def built_address(site: Path) -> str | None:
    """The public address the built site names in robots.txt (its first sitemap)."""
    robots = site / "robots.txt"
    if not robots.is_file():
        return None
    for line in robots.read_text(encoding="utf-8").splitlines():
        if line.startswith("Sitemap: ") and line.endswith("/sitemap.xml"):
            return line[len("Sitemap: "):-len("/sitemap.xml")]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--data", type=Path, default=ROOT / ".local",
                        help="where the snapshot and the outbox live (delete it to start fresh)")
    parser.add_argument("--no-jobs", action="store_true",
                        help="run neither the job worker nor the clock: jobs stay queued (in "
                             "the table) until a stack runs them")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"No built site in {args.site}: run `make site` first.", file=sys.stderr)
        return 1
    if not port_is_free(args.port):
        print(f"Port {args.port} is in use (another `make run`?). Choose another one: "
              f"PORT={args.port + 1} make run", file=sys.stderr)
        return 1

    stack = start(port=args.port, site_dir=args.site, data_dir=args.data, jobs=not args.no_jobs)
    print(f"\nPortico is running at {stack.url}/  (API: {stack.url}/api/health)")
    from chalicelib.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
    from chalicelib.staff import demo as staff_demo

    print(f"Demo customer: {DEMO_EMAIL} / {DEMO_PASSWORD}")
    print(f"Demo staff (admin), {stack.url}/staff/: {staff_demo.DEMO_EMAIL} / "
          f"{staff_demo.DEMO_PASSWORD}, TOTP secret {staff_demo.DEMO_TOTP_SECRET} "
          f"(add it to any authenticator app)")
    built_for = built_address(args.site)
    if built_for and built_for != stack.url:
        print(f"Note: the site was built for {built_for} (its canonical links, feeds and sitemaps "
              f"say so); `make run` rebuilds it for this address.")
    print(f"E-mails sent are in {args.data / 'outbox'}/ . Press Ctrl-C to stop.\n", flush=True)

    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    print("Stopping: saving the local data ...", flush=True)
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
