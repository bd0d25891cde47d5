"""Settings for every test, put in the environment before chalicelib is imported.

chalicelib reads its settings at import (PynamoDB fixes table names when a model class
is defined), so the test stage's variables from .chalice/config.json go into os.environ
here, with fake AWS credentials, and no AWS endpoint: moto's mock_aws intercepts.
"""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ROOT / "functions"


def _test_environment() -> dict[str, str]:
    config = json.loads((FUNCTIONS / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config["stages"]["test"]["environment_variables"])
    return env


os.environ.update(_test_environment())
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_SESSION_TOKEN="testing", AWS_DEFAULT_REGION="eu-west-1")
for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "OUTBOX_DIR"):
    os.environ.pop(name, None)

pytest_plugins = ["tests.support.aws_actions"]  # checks the IAM policy grants what the app calls
