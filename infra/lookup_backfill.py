"""`make lookup-backfill [STAGE=...]`: index, once, the clients created before the staff
console's lookup index existed (auth/lookup.py), so staff find them too.

New clients and every later change are indexed by the accounts area itself, in the same
transaction as the change; this command is for the clients that were already there when
the index arrived. It reads every client profile with a Scan: an operator's command, run
once per stage after the deploy that brings the staff console, never a request path. It
is idempotent (it only writes what a client's profile says), so running it twice, or
while customers change their details, is harmless.

Locally (`make run` running), it uses the local stack (infra/local/endpoint.py); with
STAGE=dev|staging|prod, the stage's table with the operator's AWS credentials.
"""

import argparse
import sys
from pathlib import Path


def backfill_table() -> int:
    """Index every client of the table the app is configured for; return how many.
    (The reads and writes are this script's own: the app's role never scans.)"""
    from chalicelib.auth import lookup
    from chalicelib.auth.models import Client

    count = 0
    with lookup.ClientLookup.batch_write() as batch:
        for client in Client.scan():
            for item in lookup.companions(client):
                batch.save(item)
            if lookup.needs_created_index(client):
                lookup.index_new_client(client)
                client.update(actions=[Client.gsi1pk.set(client.gsi1pk),
                                       Client.gsi1sk.set(client.gsi1sk)])
            count += 1
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="local")
    parser.add_argument("--data", type=Path, default=None,
                        help="the local stack's data folder (default .local), for --stage local")
    args = parser.parse_args(argv)
    from infra.operator_env import use_stage

    use_stage(args.stage, args.data)
    print(f"indexed {backfill_table()} clients for staff lookups")
    return 0


if __name__ == "__main__":
    sys.exit(main())
