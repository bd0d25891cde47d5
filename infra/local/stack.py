"""The embedded local stack: moto as AWS, the Chalice app and the site on one port.

start() puts the settings in the environment *before* the app is imported (chalicelib
reads them at import), starts moto's server in-process as the endpoint of every AWS
client, creates the resources from the models, loads the snapshot and the write-ahead
log (snapshot.py) or the demo data, and serves; the job worker and the clock run in
threads (jobs.py), and the local-only tick route is added to the app (tick.py). stop()
saves a last snapshot.
"""

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
# Seconds between snapshots. The write-ahead log already keeps every acknowledged write;
# the snapshot only bounds the log's length (and so the replay at start).
SNAPSHOT_EVERY = 30.0
ENDPOINT_FILE = "aws-endpoint.json"  # infra/operator_env.py reads it


def chalice_stage_variables(stage: str) -> dict[str, str]:
    """A stage's environment variables from .chalice/config.json (common ones included)."""
    config = json.loads((FUNCTIONS / ".chalice" / "config.json").read_text())
    return {**config.get("environment_variables", {}),
            **config["stages"][stage]["environment_variables"]}


# moto's account: its queue URLs are <endpoint>/<account>/<name>.
MOTO_ACCOUNT = "123456789012"


def stage_environment(port: int, data_dir: Path, aws_endpoint: str = "") -> dict[str, str]:
    env = chalice_stage_variables("local")
    queues = f"{aws_endpoint}/{MOTO_ACCOUNT}/portico-local"
    env.update(SITE_URL=f"http://127.0.0.1:{port}", EXTRA_ORIGINS=f"http://localhost:{port}",
               OUTBOX_DIR=str(data_dir / "outbox"), THROTTLE_EXEMPT_IPS="127.0.0.1,::1",
               JOBS_QUEUE_URL=f"{queues}-jobs", JOBS_DEAD_LETTER_URL=f"{queues}-jobs-dead",
               AWS_ACCESS_KEY_ID="local",
               AWS_SECRET_ACCESS_KEY="local", AWS_DEFAULT_REGION="eu-west-1")
    return env


@dataclass
class Stack:
    url: str
    server: object
    moto: object
    snapshot: object
    seeded: dict
    data_dir: Path
    _stop: threading.Event
    _threads: list

    def stop(self) -> None:
        (self.data_dir / ENDPOINT_FILE).unlink(missing_ok=True)
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        self.snapshot.save()
        self.snapshot.wal.close()
        self.moto.stop()


def start(*, port: int, site_dir: Path, data_dir: Path, host: str = "127.0.0.1",
          jobs: bool = True) -> Stack:
    from moto.server import ThreadedMotoServer

    from infra.local.resources import adapt_moto

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    moto_host, moto_port = moto.get_host_and_port()

    server_port = port or _free_port(host)
    endpoint = f"http://{moto_host}:{moto_port}"
    os.environ.update(stage_environment(server_port, data_dir, endpoint))
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    adapt_moto()

    import boto3
    from chalice.cli.factory import CLIFactory

    from infra.local import jobs as background
    from infra.local import seed, tick
    from infra.local.resources import create_all
    from infra.local.server import make_server
    from infra.local.snapshot import Snapshot

    create_all()
    snapshot = Snapshot(data_dir, boto3.session.Session())
    restored = snapshot.load()
    snapshot.wal.open()  # from here on, every acknowledged write is logged before its answer

    factory = CLIFactory(project_dir=str(FUNCTIONS), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name="local")
    app = factory.load_chalice_app(environment_variables=config.environment_variables)
    app.register_blueprint(tick.bp)  # only here: never in the deployed app
    seeded = {} if restored else seed.seed_demo_data(app, config)
    _sync_content(site_dir)
    snapshot.save()

    server = make_server(app, config, host, server_port, str(site_dir))
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, name="http", daemon=True),
               threading.Thread(target=_save_periodically, args=(snapshot, stop), daemon=True)]
    for thread in threads:
        thread.start()
    if jobs:
        threads += background.start(stop)  # the worker on the queue, the clock's tasks
    url = f"http://{host}:{server_port}"
    # Where the operator's commands (make staff-user, make lookup-backfill) find this stack.
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / ENDPOINT_FILE).write_text(json.dumps(
        {"endpoint": f"http://{moto_host}:{moto_port}", "site_url": url}))
    return Stack(url=url, server=server, moto=moto, snapshot=snapshot, seeded=seeded,
                 data_dir=data_dir, _stop=stop, _threads=threads)


def _save_periodically(snapshot, stop: threading.Event) -> None:
    while not stop.wait(SNAPSHOT_EVERY):
        try:
            snapshot.save()
        except Exception:  # a failed periodic save must not kill the stack; the next one retries
            logging.getLogger("portico").exception("snapshot failed")


def _sync_content(site_dir: Path) -> None:
    """Publish the build's manifest and restricted downloads to the private buckets."""
    try:
        from infra.content_sync import sync_local
    except ImportError:
        return
    sync_local(site_dir)


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
