"""Settings for every test, put in the environment before chalicelib is imported.

chalicelib reads its settings at import (PynamoDB fixes table names when a model class
is defined), so the test stage's variables from .chalice/config.json go into os.environ
here, with fake AWS credentials, and no AWS endpoint: moto's mock_aws intercepts.
"""

import os

from infra.local.stack import chalice_stage_variables

os.environ.update(chalice_stage_variables("test"))
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_SESSION_TOKEN="testing", AWS_DEFAULT_REGION="eu-west-1")
for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "OUTBOX_DIR"):
    os.environ.pop(name, None)

# aws_actions: checks the IAM policy grants what the app calls; staff: the staff console's fixtures
pytest_plugins = ["tests.support.aws_actions", "tests.support.staff"]

# Rules read the areas' declarations (permissions, events, e-mail kinds) from the
# registry, which the app fills at import; tests that call rules directly need it too.
from chalicelib import areas  # noqa: E402

areas.load()
