"""Point chalicelib at a stage's table before it is imported, for the operator's commands
(`make staff-user`, `make lookup-backfill`).

- local: the running local stack (`make run`), whose moto endpoint and address it wrote
  to `.local/aws-endpoint.json` when it started (the writes are then logged and
  snapshotted as the stack's own are).
- dev, staging, prod: the stage's table and address from infra/aws/settings/<stage>.json,
  with the operator's own AWS credentials (the environment's, as for `make deploy`).
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENDPOINT_FILE = "aws-endpoint.json"


def use_stage(stage: str, data_dir: Path | None = None) -> None:
    if "chalicelib.config" in sys.modules:
        raise RuntimeError("choose the stage before chalicelib is imported")
    if stage == "local":
        path = (data_dir or ROOT / ".local") / ENDPOINT_FILE
        if not path.is_file():
            raise SystemExit("The local stack is not running: start it with `make run` first.")
        local = json.loads(path.read_text())
        os.environ.update(STAGE="local", TABLE_NAME="portico-local", SITE_URL=local["site_url"],
                          AWS_ENDPOINT_URL=local["endpoint"], AWS_DEFAULT_REGION="eu-west-1",
                          AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local")
        os.environ.pop("AWS_SESSION_TOKEN", None)
        return
    from infra.aws import template

    settings = template.load_settings(stage)
    os.environ.update(STAGE=stage, TABLE_NAME=template.table_name(settings),
                      SITE_URL=settings["site_url"], AWS_DEFAULT_REGION=settings["region"],
                      MAIL_FROM=settings["mail_from"])
