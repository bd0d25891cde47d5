"""`make smoke` against `make run`: the smoke check is known to work before anyone deploys."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_smoke_check_passes_against_the_local_stack(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), "--out", str(site)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    # As `make run` does: its own process, so nothing this test process imported leaks in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PYTHONPATH"] = f"{ROOT / 'functions'}{os.pathsep}{ROOT}"
    server = subprocess.Popen(
        [sys.executable, "-m", "infra.local", "--port", str(free_port()), "--site", str(site),
         "--data", str(tmp_path / "data")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for line in server.stdout:
            if "Portico is running at" in line:
                url = line.split(" at ", 1)[1].split("/ ", 1)[0].strip()
                break
        assert url, "the local stack did not start"
        smoke = subprocess.run([sys.executable, "-m", "infra.aws.smoke", url], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=120)
        assert smoke.returncode == 0, smoke.stdout + smoke.stderr
        assert smoke.stdout.count("ok  ") == 9
    finally:
        server.terminate()
        server.wait(timeout=30)
