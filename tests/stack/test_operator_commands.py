"""The operator's commands against a running local stack (`make run`): `make staff-user`
creates a member and prints a one-time link (never a password), `make lookup-backfill`
indexes clients; what they write is the stack's like any other write (kept across a
restart)."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.stack.test_local_stack import call
from tests.support.live import ROOT, local_stack

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def run(module: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    env["PYTHONPATH"] = f"{ROOT / 'functions'}{os.pathsep}{ROOT}"
    env.update(ARGON2_TIME_COST="1", ARGON2_MEMORY_KIB="8192")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_staff_user_and_lookup_backfill_on_the_running_stack(site_dir, tmp_path):
    data = tmp_path / "local"
    data.mkdir()
    assert "not running" in run("infra.staff_user", "--email", "x@portico.example", "--role",
                                "admin", "--data", str(data)).stderr
    with local_stack(site_dir, data) as url:
        assert json.loads((data / "aws-endpoint.json").read_text())["site_url"] == url
        done = run("infra.staff_user", "--email", "Ana.Admin@Portico.example", "--role", "admin",
                   "--name", "Ana Admin", "--data", str(data))
        assert done.returncode == 0, done.stderr
        link = re.search(r"(http\S+/staff/set-password/\?token=(\S+))", done.stdout)
        assert link and link.group(1).startswith(url)
        assert done.stdout.splitlines()[-1] == link.group(1)  # the link, and no password
        again = run("infra.staff_user", "--email", "ana.admin@portico.example", "--role",
                    "support", "--data", str(data))
        assert again.returncode == 1 and "already" in again.stderr
        status, _, _ = call(url + "/api/staff/auth/password", "POST",
                            {"token": link.group(2), "password": "faro-de-la-costa-31"})
        assert status == 204
        done = run("infra.lookup_backfill", "--data", str(data))
        assert done.returncode == 0 and "indexed 1 clients" in done.stdout  # the demo customer
    assert not (data / "aws-endpoint.json").exists()

    with local_stack(site_dir, data) as url:  # the member was the stack's write like any other
        status, _, body = call(url + "/api/staff/auth/login", "POST",
                               {"email": "ana.admin@portico.example", "password": "faro-de-la-costa-31"})
        assert status == 200 and json.loads(body)["two_factor_setup_required"] is True
        status, _, body = call(url + "/api/staff/auth/login", "POST",
                               {"email": "staff@portico.example", "password": "Portico-Staff-2026"})
        assert (status, json.loads(body)["error"]["code"]) == (401, "totp_required")  # the demo member
