"""moto as the project adapts it (infra/local/resources.py), for the local stack and the tests:
transactions stay all-or-nothing with DynamoDB's error shape while copying only the items
they touch, nothing keeps old items alive, and every acknowledged write reaches the journal
(the local stack's write-ahead log) with the items' new images, a transaction as one entry."""

import gc
import tracemalloc

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.local import resources
from infra.local.snapshot import Snapshot, WriteAheadLog
from tests.support import stack


@pytest.fixture
def db():
    with mock_aws():
        stack.create_resources()
        from chalicelib.config import settings

        yield boto3.client("dynamodb", region_name=settings.region), settings.table_name


def key(pk, sk="X"):
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def put(table, pk, **attrs):
    return {"Put": {"TableName": table, "Item": {**key(pk), **attrs}}}


def test_a_cancelled_transaction_changes_nothing_and_gives_each_reason_in_order(db):
    client, table = db
    client.put_item(TableName=table, Item={**key("A"), "n": {"N": "1"}})
    client.put_item(TableName=table, Item={**key("B"), "n": {"N": "1"}})
    before = client.scan(TableName=table)["Items"]
    with pytest.raises(ClientError) as caught:
        client.transact_write_items(TransactItems=[
            put(table, "NEW", n={"N": "1"}),
            {"Update": {"TableName": table, "Key": key("A"), "UpdateExpression": "SET n = n + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Delete": {"TableName": table, "Key": key("B")}},
            {"ConditionCheck": {"TableName": table, "Key": key("C"),
                                "ConditionExpression": "attribute_exists(pk)"}}])
    error = caught.value.response
    assert error["Error"]["Code"] == "TransactionCanceledException"
    assert [r["Code"] for r in error["CancellationReasons"]] == [
        "None", "None", "None", "ConditionalCheckFailed"]
    assert client.scan(TableName=table)["Items"] == before

    with pytest.raises(ClientError) as caught:  # one item twice: refused before any write
        client.transact_write_items(TransactItems=[put(table, "NEW"), put(table, "NEW")])
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert client.scan(TableName=table)["Items"] == before


def test_transactions_and_updates_keep_no_copies_of_the_table_alive(db):
    """moto deep-copied every touched table per transaction and its instance tracker kept
    every item object ever made: ~4 MB per transaction at 3,000 items in the local stack."""
    client, table = db
    for start in range(0, 1000, 25):
        client.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {**key(f"P{i}"), "data": {"S": "x" * 200}}}}
            for i in range(start, start + 25)]})
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.take_snapshot()
        for i in range(20):
            client.transact_write_items(TransactItems=[
                put(table, f"T{i}"),
                {"Update": {"TableName": table, "Key": key("P1"), "UpdateExpression": "SET n = :n",
                            "ExpressionAttributeValues": {":n": {"N": str(i)}}}}])
            client.update_item(TableName=table, Key=key("P2"), UpdateExpression="SET n = :n",
                               ExpressionAttributeValues={":n": {"N": str(i)}})
        gc.collect()
        grown = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(start, "filename"))
    finally:
        tracemalloc.stop()
    assert grown < 1_000_000, f"{grown / 1e6:.1f} MB kept by 40 writes"


def test_every_acknowledged_write_is_journaled_with_the_new_images(db, monkeypatch):
    client, table = db
    entries = []
    monkeypatch.setattr(resources, "journal", entries.append)
    client.put_item(TableName=table, Item={**key("A"), "n": {"N": "1"}})
    client.update_item(TableName=table, Key=key("A"), UpdateExpression="SET n = :n",
                       ExpressionAttributeValues={":n": {"N": "2"}})
    client.transact_write_items(TransactItems=[
        put(table, "B"), {"Delete": {"TableName": table, "Key": key("A")}}])
    with pytest.raises(ClientError):  # refused: no entry
        client.put_item(TableName=table, Item=key("B"), ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ClientError):  # cancelled: no entry
        client.transact_write_items(TransactItems=[
            put(table, "C"), {"ConditionCheck": {"TableName": table, "Key": key("A"),
                                                 "ConditionExpression": "attribute_exists(pk)"}}])
    assert entries == [
        [{"table": table, "key": key("A"), "item": {**key("A"), "n": {"N": "1"}}}],
        [{"table": table, "key": key("A"), "item": {**key("A"), "n": {"N": "2"}}}],
        [{"table": table, "key": key("B"), "item": key("B")},
         {"table": table, "key": key("A"), "item": None}]]


def test_the_log_replays_whole_entries_and_skips_a_torn_last_line(tmp_path):
    log = WriteAheadLog(tmp_path)
    (tmp_path / "wal-1.jsonl").write_text('[{"table": "t", "key": 1, "item": 1}]\n')
    (tmp_path / "wal-2.jsonl").write_text('[{"table": "t", "key": 2, "item": null},'
                                          ' {"table": "t", "key": 3, "item": 3}]\n[{"table": "t", "ke')
    (tmp_path / "wal-10.jsonl").write_text('[{"table": "t", "key": 4, "item": 4}]\n')
    assert [r["key"] for r in log.records()] == [1, 2, 3, 4]


def test_a_bad_line_inside_the_log_stops_the_replay_instead_of_dropping_writes(tmp_path):
    log = WriteAheadLog(tmp_path)
    (tmp_path / "wal-1.jsonl").write_text('[{"table": "t", "key": 1, "item": 1}]\n[{"tab\n'
                                          '[{"table": "t", "key": 2, "item": 2}]\n')
    with pytest.raises(RuntimeError, match="line 2 of 3"):
        list(log.records())


def test_the_snapshot_and_the_log_after_it_restore_every_acknowledged_write(tmp_path):
    from chalicelib.config import settings

    def scan(client):
        return sorted(client.scan(TableName=settings.table_name)["Items"], key=str)

    with mock_aws():
        stack.create_resources()
        session = boto3.session.Session(region_name=settings.region)
        client, table = session.client("dynamodb"), settings.table_name
        snapshot = Snapshot(tmp_path, session)
        snapshot.wal.open()
        try:
            client.put_item(TableName=table, Item={**key("A"), "n": {"N": "1"}})
            client.put_item(TableName=table, Item=key("B"))
            snapshot.save()  # A and B are in the snapshot file: the older segment goes
            assert [p.name for p in snapshot.wal.segments()] == ["wal-2.jsonl"]
            client.update_item(TableName=table, Key=key("A"), UpdateExpression="SET n = :n",
                               ExpressionAttributeValues={":n": {"N": "2"}})
            client.transact_write_items(TransactItems=[
                put(table, "C"), {"Delete": {"TableName": table, "Key": key("B")}}])
            expected = scan(client)
        finally:
            snapshot.wal.close()  # as a kill -9 would leave it: no last save

    with mock_aws():
        stack.create_resources()
        session = boto3.session.Session(region_name=settings.region)
        assert Snapshot(tmp_path, session).load()
        assert scan(session.client("dynamodb")) == expected
        assert [i["pk"]["S"] for i in expected] == ["A", "C"]
