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
        assert smoke.stdout.count("ok  ") == 10
        assert "ok  the job worker sent the welcome e-mail" in smoke.stdout
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_smoke_mails_only_the_ses_simulator_with_a_label_per_run():
    from infra.aws import smoke

    first, second = smoke.new_run_label(), smoke.new_run_label()
    assert first != second
    assert smoke.address(first) == f"success+{first}@simulator.amazonses.com"


def test_smoke_removes_the_account_it_created_and_nothing_else():
    import json

    import boto3
    from moto import mock_aws

    from infra.aws import smoke
    from tests.infra.test_moto_deploy import registration
    from tests.support import stack

    with mock_aws():
        stack.create_resources()
        from app import app
        from chalice.test import Client

        from chalicelib.config import settings

        run = smoke.new_run_label()
        with Client(app, stage_name="test", project_dir=str(stack.FUNCTIONS)) as client:
            for email in (smoke.address(run), "ana@example.com"):
                r = client.http.post("/auth/register",
                                     headers={"Content-Type": "application/json"},
                                     body=json.dumps(registration(email)).encode())
                assert r.status_code == 201, r.body
        dynamodb = boto3.client("dynamodb", region_name=settings.region)

        def keys():
            items = dynamodb.scan(TableName=settings.table_name)["Items"]
            return {(i["pk"]["S"], i["sk"]["S"]) for i in items}

        before = keys()
        assert (f"LOGIN#{smoke.address(run)}", "LOGIN") in before
        deleted = smoke.remove_accounts(dynamodb, settings.table_name, [smoke.address(run)])
        after = keys()
        gone = before - after
        assert len(gone) == deleted >= 3  # sign-in, profile, session, welcome e-mail ...
        assert all(pk.startswith(("LOGIN#success+", "CLIENT#")) for pk, _ in gone)
        assert ("LOGIN#ana@example.com", "LOGIN") in after
        client_pks = {pk for pk, _ in gone if pk.startswith("CLIENT#")}
        assert len(client_pks) == 1 and not any(pk in client_pks for pk, _ in after)


def make_smoke(*args) -> str:
    env = {k: v for k, v in os.environ.items() if k != "STAGE"}
    done = subprocess.run(["make", "-n", "smoke", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_smoke_against_prod_cleans_up_in_prods_table_not_the_default_dev():
    from infra.aws import deploy, smoke, template

    # The Makefile passes no default stage: smoke.py finds it from the URL's domain.
    assert "--stage" not in make_smoke("URL=https://clientes.portico.example")
    assert "--stage staging" in make_smoke("URL=https://x.example", "STAGE=staging")
    for stage in template.STAGES:
        settings = template.load_settings(stage)
        assert smoke.cleanup_stage(settings["site_url"], None) == stage
        assert smoke.cleanup_stage(settings["site_url"] + "/", stage) == stage
        # The deploy's closing hint names the stage too.
        assert deploy.smoke_hint(settings).endswith(f"STAGE={stage}")
    assert smoke.cleanup_stage("http://127.0.0.1:8000", None) is None  # local: nothing in AWS
    assert smoke.cleanup_stage("https://clientes.example.com", "prod") == "prod"


@pytest.mark.parametrize("url,stage,words", [
    ("https://clientes.example.com", None, "no settings file"),
    ("https://clientes.portico.example", "dev", "the prod stage's domain, not dev's"),
])
def test_smoke_refuses_to_guess_whose_table_to_clean_up(url, stage, words, capsys):
    from infra.aws import smoke

    argv = [url] + (["--stage", stage] if stage else [])
    assert smoke.main(argv) == 2  # before any request is sent
    assert words in capsys.readouterr().err
