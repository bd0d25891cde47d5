"""Lambda SnapStart: nothing random or connection-bound may come back from a snapshot.

With SnapStart, Lambda runs the init once, snapshots the memory, and starts every new
execution environment from that snapshot. Whatever init made is then shared by all of
them: a seeded random generator would give each the same numbers, and open connections
(boto3 clients, PynamoDB's) and the credentials inside them belong to the environment
that made the snapshot. The hooks below drop those before the snapshot and after each
restore; everything is made again on first use. Ids and tokens come from `secrets`
(the OS's generator, read at each call), so they need nothing.

The hooks module exists only in Lambda's Python runtimes (3.12+); elsewhere install()
does nothing.
"""

import logging
import random

log = logging.getLogger("portico")


def forget_connections() -> None:
    from pynamodb.models import Model

    from . import aws, db

    aws.client.cache_clear()
    db._connection.cache_clear()
    pending = list(Model.__subclasses__())
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        if model.__dict__.get("_connection") is not None:
            model._connection = None


def before_snapshot() -> None:
    forget_connections()


def after_restore() -> None:
    random.seed()  # from the OS: each restored environment its own sequence
    forget_connections()
    log.info("restored from a SnapStart snapshot")


def install() -> bool:
    """Register the hooks if this runtime has them; return whether it did."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return False
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)
    return True
