"""Create what the app expects to find in AWS, on the emulated AWS (moto).

The table comes from the PynamoDB model itself; the sender identity is verified (SES
refuses unverified senders), the buckets and the job queues exist. Used by the local
stack and tests.
"""

import copy
import inspect
import threading
from collections.abc import Callable
from email.utils import parseaddr
from types import SimpleNamespace
from typing import Any


def create_all() -> None:
    import boto3

    from chalicelib.config import settings
    from chalicelib.db import Item

    if not Item.exists():
        Item.create_table(wait=True)
        boto3.client("dynamodb", region_name=settings.region).update_time_to_live(
            TableName=settings.table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
    ses = boto3.client("ses", region_name=settings.region)
    sender = parseaddr(settings.mail_from)[1]
    ses.verify_email_identity(EmailAddress=sender)
    ses.verify_domain_identity(Domain=sender.split("@")[1])
    s3 = boto3.client("s3", region_name=settings.region)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for bucket in (settings.content_bucket, settings.downloads_bucket):
        if bucket not in existing:
            s3.create_bucket(Bucket=bucket,
                             CreateBucketConfiguration={"LocationConstraint": settings.region})
    # The settings name the queues by URL (as the deploy does); moto's URLs end in the name.
    sqs = boto3.client("sqs", region_name=settings.region)
    for url in (settings.jobs_queue_url, settings.jobs_dead_letter_url):
        sqs.create_queue(QueueName=url.rstrip("/").rsplit("/", 1)[1])


# --- moto adapted to what the local stack and the tests need of DynamoDB -------------------
#
# moto's in-memory DynamoDB is changed in three ways, once per process (adapt_moto):
#  - writes are serialised in one lock, so a condition and its write are atomic (DynamoDB's
#    guarantee; moto takes no lock of its own), and reads wait for a write in progress;
#  - a transaction keeps a copy of only the items it touches for its rollback (moto deep-copies
#    every table it touches on every transaction: ~80 ms and ~4 MB kept per transaction with
#    3,000 items);
#  - DynamoDB's model objects are not registered in moto's instance tracker (a list, read only
#    by moto's dashboard, that keeps every Item ever created, copies included, for good);
# and after each acknowledged write the items it touched go to `journal` (the local stack's
# write-ahead log, see snapshot.py) before the write returns.

write_lock = threading.RLock()
table_writes = 0  # how many writes moto's DynamoDB has taken: the snapshot saves only when it moved
journal: Callable[[list[dict]], None] | None = None  # gets the touched items' new images
_touched: list[tuple[str, dict]] = []  # (table, key) written by the write in progress
_depth = 0  # writes nest: a transaction calls put_item, update_item, delete_item


def adapt_moto() -> None:
    """Serialise moto's DynamoDB writes, journal them, and make transactions cheap (above)."""
    from moto.core.model_instances import model_data
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "portico_atomic", False):
        return
    for model in model_data["dynamodb"].values():
        model.__new__ = staticmethod(_untracked_new)
    DynamoDBBackend.transact_write_items = transact_write_items
    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        original = getattr(DynamoDBBackend, name)
        setattr(DynamoDBBackend, name, _locked(original, name))
    # Reads take the lock too (without counting or journalling): a transaction applies its
    # writes one by one and restores copies if one fails, so an unlocked read could see
    # writes that DynamoDB never made visible; and moto's get_item adds an empty partition
    # for a missing key, which changes a table another thread may be iterating.
    for name in ("get_item", "query", "scan"):
        setattr(DynamoDBBackend, name, _read_locked(getattr(DynamoDBBackend, name)))
    DynamoDBBackend.portico_atomic = True


def _read_locked(original):
    def locked(self, *args, **kwargs):
        with write_lock:
            return original(self, *args, **kwargs)

    return locked


def _untracked_new(cls, *args, **kwargs):
    return object.__new__(cls)


def _locked(original, name: str):
    signature = inspect.signature(original)

    def locked(self, *args, **kwargs):
        global table_writes, _depth
        with write_lock:
            table_writes += 1
            _depth += 1
            try:
                result = original(self, *args, **kwargs)
                if journal is not None and name != "transact_write_items":
                    _touched.append(_written_key(self, signature.bind(self, *args, **kwargs)))
            except BaseException:
                if _depth == 1:
                    _touched.clear()  # a cancelled transaction wrote nothing
                raise
            finally:
                _depth -= 1
            if _depth == 0 and _touched:
                records = [_image(self, table, key) for table, key in _touched]
                _touched.clear()
                if journal is not None:
                    journal(records)
            return result

    return locked


def _written_key(backend, bound) -> tuple[str, dict]:
    arguments = bound.arguments
    table_name = arguments["table_name"]
    table = backend.get_table(table_name)
    source = arguments["item_attrs"] if "item_attrs" in arguments else arguments["key"]
    return table.name, {attr: source[attr] for attr in table.table_key_attrs}


def _image(backend, table_name: str, key: dict) -> dict:
    """One journal record: the item as it is now, or None if it is gone."""
    table = backend.get_table(table_name)
    item = table.get_item(*backend.get_keys_value(table, key))
    return {"table": table_name, "key": key,
            "item": item.to_json()["Attributes"] if item is not None else None}


def table_items(region: str) -> dict[str, list[dict]]:
    """Every item of every table of this process's moto, for a snapshot: each item's
    attributes as a shallow copy (cheap: the caller holds write_lock), for item_json() after
    the lock is released. A later update may still change a nested value in place: that
    write is in the new log segment, whose full image the replay applies over the snapshot."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    tables = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].tables
    return {name: [dict(item.attrs) for item in table.all_items()]
            for name, table in tables.items()}


def item_json(attrs: dict) -> dict:
    """DynamoDB JSON of an item's attributes, as moto's Item.to_json builds it."""
    from moto.dynamodb.models.dynamo_type import Item

    return Item.to_json(SimpleNamespace(attrs=attrs))["Attributes"]


def transact_write_items(self, transact_items: list[dict[str, Any]]) -> None:
    """moto 5.2.5's DynamoDBBackend.transact_write_items, with the same checks and errors
    (TransactionCanceledException with its CancellationReasons in order), but the rollback
    restores copies of the touched items only, not of whole tables."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MockValidationException,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    before: list[tuple[str, dict, Any]] = []  # (table, key, deep copy of the item or None)

    def rollback() -> None:
        for table_name, key, item in reversed(before):
            table = self.get_table(table_name)
            hash_value, range_value = self.get_keys_value(table, key)
            if item is None:
                table.delete_item(hash_value, range_value)
            elif range_value is not None:
                table.items[hash_value][range_value] = item
            else:
                table.items[hash_value] = item

    target_items: set[tuple[str, str]] = set()

    def check_unicity(table_name: str, key: dict[str, Any]) -> None:
        item = (str(table_name), str(dict(sorted(key.items()))))
        if item in target_items:
            raise MultipleTransactionsException()
        target_items.add(item)

    errors: list = []  # [(Code, Message, Item), ...] in the order of the request
    for item in transact_items:
        original_item = None
        if len(list(item.keys())) > 1:
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(item.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            condition_expression = op.get("ConditionExpression")
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            if op_type == "Put":
                attrs = op["Item"]
                table = self.get_table(table_name)
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            check_unicity(table_name, key)

            current = self.get_item(table_name, key)
            if condition_expression is not None:
                condition_op = get_filter_expression(condition_expression, names, values)
                if not condition_op.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        original_item = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=original_item)

            if op_type != "ConditionCheck":
                before.append((table_name, key, copy.deepcopy(current)))
            if op_type == "Put":
                self.put_item(table_name, op["Item"], condition_expression=condition_expression,
                              expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Delete":
                self.delete_item(table_name, key, condition_expression=condition_expression,
                                 expression_attribute_names=names,
                                 expression_attribute_values=values)
            elif op_type == "Update":
                self.update_item(table_name, key, update_expression=op["UpdateExpression"],
                                 condition_expression=condition_expression,
                                 expression_attribute_names=names,
                                 expression_attribute_values=values)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            rollback()
            raise
        except ConditionalCheckFailed as e:
            errors.append(("ConditionalCheckFailed", str(e.message), original_item))
        except Exception as e:  # as moto: any other failure cancels with its name as the code
            errors.append((type(e).__name__, str(e), original_item))

    if any(code is not None for code, _, _ in errors):
        rollback()
        raise TransactionCanceledException(errors)
