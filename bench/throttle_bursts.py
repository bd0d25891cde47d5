"""Thirty parallel attempts against each throttle: how many were judged.

The scenarios are the API tests' (tests/support/bursts.py), each on a fresh emulated AWS
through the Chalice test client; a throttle holds when judged == limit.

    python -m bench.throttle_bursts
"""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def app_client():
    """A fresh emulated AWS and the app's test client on it, as the API tests have."""
    from chalice.test import Client
    from moto import mock_aws

    from tests.support import stack

    with mock_aws():
        stack.create_resources()
        from app import app

        with Client(app, stage_name="test", project_dir=str(ROOT / "functions")) as client:
            yield client


@contextmanager
def overridable_settings():
    from chalicelib.config import settings

    saved = {}

    def override(**values):
        for name, value in values.items():
            saved.setdefault(name, getattr(settings, name))
            object.__setattr__(settings, name, value)

    try:
        yield override
    finally:
        for name, value in saved.items():
            object.__setattr__(settings, name, value)


def setup_paths() -> None:
    sys.path[:0] = [str(ROOT / "functions"), str(ROOT)]
    os.environ.pop("AWS_ENDPOINT_URL", None)
    import tests.conftest  # noqa: F401  (the test stage's settings, fake credentials)


def main(argv=None) -> int:
    setup_paths()
    from tests.api.conftest import Browser
    from tests.support.bursts import BURST, SCENARIOS, Setup, judged

    print(f"Attempts judged out of {BURST} parallel requests:")
    failed = False
    for name, (scenario, limit, answers, refused) in SCENARIOS.items():
        with app_client() as client, overridable_settings() as override:
            seen = scenario(Setup(lambda **kw: Browser(client, **kw), override))
        emails = seen.pop(("e-mails sent", None), None)
        n = judged(seen, answers)
        extra = f", {emails} e-mails sent" if emails is not None else ""
        print(f"  {name:52} {n:2} judged (limit {limit:2}), {seen[refused]:2} refused{extra}")
        failed |= n != limit
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
