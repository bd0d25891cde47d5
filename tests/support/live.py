"""Start the real local stack (`make run`'s server) in a subprocess, for browser and smoke tests.

A subprocess, because the stack's settings (site URL, table, endpoint) are read at import
and differ from the API tests' in-process ones.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_stack(site_dir: Path, data_dir: Path, *, timeout: float = 60):
    """Run `python -m infra.local` on a free port; yield its base URL; stop it with SIGINT."""
    process, url = spawn_stack(site_dir, data_dir, timeout=timeout)
    try:
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def spawn_stack(site_dir: Path, data_dir: Path, *, timeout: float = 60, args=()):
    """Start the stack and wait until it answers: (process, base URL). The caller stops it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    env["PYTHONPATH"] = f"{ROOT / 'functions'}{os.pathsep}{ROOT}"
    env.setdefault("ARGON2_TIME_COST", "1")
    env.setdefault("ARGON2_MEMORY_KIB", "8192")
    with open(data_dir / "stack.log", "a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local", "--port", str(port), "--site", str(site_dir),
             "--data", str(data_dir), *args], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT)
    try:
        return process, _wait_until_up(process, f"http://127.0.0.1:{port}", data_dir, timeout)
    except BaseException:
        process.kill()
        process.wait()
        raise


def wait_for_email(outbox: Path, address: str, *, seen: int = 0, timeout: float = 10) -> Path:
    """The newest e-mail to `address` once the stack's worker has delivered more than
    `seen` of them (mail is a background job): polled, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while True:
        found = sorted((p for p in outbox.glob("*.eml") if address.encode() in p.read_bytes()),
                       key=lambda p: p.name)
        if len(found) > seen:
            return found[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no new e-mail to {address} in {outbox} after {timeout} s")
        time.sleep(0.05)


def _wait_until_up(process, url: str, data_dir: Path, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"local stack exited:\n{(data_dir / 'stack.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as r:
                if r.status == 200:
                    return url
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"local stack did not answer:\n{(data_dir / 'stack.log').read_text()}")
        time.sleep(0.2)
