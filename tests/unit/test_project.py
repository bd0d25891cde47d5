"""The project's own files agree with each other."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _names(requirements):
    return {re.split(r"[<>=\[ ]", r.strip(), maxsplit=1)[0].lower(): r.replace(" ", "").split("#")[0]
            for r in requirements if r.strip() and not r.strip().startswith("#")}


def test_lambda_requirements_match_the_runtime_dependencies():
    """Chalice packages functions/requirements.txt only; it must be pyproject's runtime list
    (less chalice itself, which Chalice provides)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    runtime = {k: v for k, v in _names(d.split("#")[0] for d in project).items() if k != "chalice"}
    lambda_reqs = _names((ROOT / "functions" / "requirements.txt").read_text().splitlines())
    assert lambda_reqs == runtime


def test_chalice_is_pinned_because_the_local_server_uses_its_internals():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(re.match(r"chalice==\d", d) for d in project)


def test_unknown_activity_events_are_refused():
    import pytest

    from chalicelib.activity.record import Subject, entry

    with pytest.raises(ValueError):
        entry(Subject("c1"), "logged_in")


def test_importing_the_app_loads_no_request_time_library():
    """Cold start: what only some requests need is imported by those requests."""
    import subprocess
    import sys

    code = ("import sys, app; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pydantic', 'phonenumbers', 'email_validator', 'jinja2', 'argon2', 'pyotp', 'segno', 'nh3', 'babel'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": f"{ROOT / 'functions'}", "PATH": "/usr/bin:/bin",
                              "AWS_DEFAULT_REGION": "eu-west-1"}, check=True)
    assert out.stdout.strip() == "[]"
