"""The local stack under many writes: its memory (RSS) and write latency after N writes.

    python -m bench.local_stack [SITE_DIR] [--writes 10000] [--clients 2]

Starts `python -m infra.local` on a fresh data folder (as `make run` does) and sends N
article votes over HTTP, each from a new visitor: every vote is one TransactWriteItems
(the visitor's vote item, conditionally, and the article's counts) plus its reads, and
adds one item, so the table holds N items at the end. Prints the stack's RSS before and
after, and the latency (median, p95) of the first and of the last thousand votes.
"""

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.live import spawn_stack  # noqa: E402  (the tests' way to start the stack)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def vote(url: str, slug: str) -> float:
    request = urllib.request.Request(
        f"{url}/api/kb/{slug}/votes", data=b'{"helpful": true}', method="POST",
        headers={"Content-Type": "application/json"})
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - began


def figures(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "build" / "site"))
    parser.add_argument("--writes", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args(argv)
    manifest = json.loads((Path(args.site).parent / "manifest.json").read_text())
    slug = sorted(manifest["kb"])[0]

    with tempfile.TemporaryDirectory() as data:
        process, url = spawn_stack(Path(args.site), Path(data))
        try:
            vote(url, slug)
            time.sleep(1)
            before = rss_mb(process.pid)
            latencies: list[float] = []
            lock = threading.Lock()
            remaining = iter(range(args.writes))
            began = time.perf_counter()

            def client():
                while True:
                    with lock:
                        if next(remaining, None) is None:
                            return
                    took = vote(url, slug)
                    with lock:
                        latencies.append(took)

            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            after = rss_mb(process.pid)
        finally:
            process.kill()
            process.wait()
    first = latencies[:1000]
    last = latencies[-1000:]
    print(f"{args.writes:,} transactional writes (article votes) over HTTP, {args.clients} "
          f"clients, {elapsed:.0f} s ({args.writes / elapsed:.0f} writes/s)")
    print(f"  stack RSS: {before:.0f} MB before, {after:.0f} MB after "
          f"({(after - before) * 1024 / args.writes:.1f} KB per write)")
    print(f"  latency, first {len(first):,}: {figures(first)}")
    print(f"  latency, last {len(last):,}:  {figures(last)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
