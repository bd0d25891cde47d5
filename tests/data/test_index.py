"""The generic index gsi1: declared once on Item, created with the table, sparse, paged
with cursors that only fit their own listing, and kept through the local stack's restarts."""

import json

import boto3
import pytest
from moto import mock_aws
from pynamodb.attributes import UnicodeAttribute

from chalicelib.db import Item, gsi1_page
from chalicelib.errors import ValidationFailed
from infra.local.snapshot import Snapshot
from tests.support import stack


class DueDoc(Item, discriminator="test_due_doc"):
    """An unpaid document as billing will write it (db.py's DUE#UNPAID shape)."""

    number = UnicodeAttribute()


class DueService(Item, discriminator="test_due_service"):
    number = UnicodeAttribute()


def due(doc_id: str, date: str, *, paid=False, client="c1") -> DueDoc:
    doc = DueDoc(f"CLIENT#{client}", f"DOC#{doc_id}", number=doc_id)
    if not paid:
        doc.gsi1pk, doc.gsi1sk = "DUE#UNPAID", f"{date}#{doc_id}"
    doc.save()
    return doc


def test_the_table_has_the_index_with_every_attribute_projected(aws):
    from chalicelib.config import settings

    table = boto3.client("dynamodb", region_name=settings.region).describe_table(
        TableName=settings.table_name)["Table"]
    [index] = table["GlobalSecondaryIndexes"]
    assert index["IndexName"] == "gsi1"
    assert index["KeySchema"] == [{"AttributeName": "gsi1pk", "KeyType": "HASH"},
                                  {"AttributeName": "gsi1sk", "KeyType": "RANGE"}]
    assert index["Projection"]["ProjectionType"] == "ALL"


def test_unpaid_documents_of_every_client_come_by_due_date_and_paid_ones_leave(aws):
    due("d3", "2026-03-01", client="c2")
    due("d1", "2026-01-15")
    due("d2", "2026-02-01", client="c3")
    due("d0", "2025-12-01", paid=True)
    found = [d.number for d in Item.by_gsi1.query("DUE#UNPAID")]
    assert found == ["d1", "d2", "d3"]

    paid = DueDoc.get("CLIENT#c1", "DOC#d1")
    paid.gsi1pk = paid.gsi1sk = None  # paid: it leaves the index
    paid.save()
    assert [d.number for d in DueDoc.by_gsi1.query("DUE#UNPAID")] == ["d2", "d3"]
    assert DueDoc.get("CLIENT#c1", "DOC#d1").number == "d1"  # the item itself stays


def test_a_subclass_reads_only_its_own_kind_from_a_shared_index_key(aws):
    due("d1", "2026-01-15")
    service = DueService("CLIENT#c1", "SERVICE#s1", number="s1",
                         gsi1pk="DUE#UNPAID", gsi1sk="2026-01-10#s1")
    service.save()
    assert [type(i).__name__ for i in Item.by_gsi1.query("DUE#UNPAID")] == ["DueService", "DueDoc"]
    assert [i.number for i in DueDoc.by_gsi1.query("DUE#UNPAID")] == ["d1"]


def test_pages_follow_each_other_without_loss_or_repeat(aws):
    dates = [f"2026-{month:02d}-{day:02d}" for month in (1, 2) for day in (1, 15, 28)]
    for i, date in enumerate(dates):
        due(f"d{i}", date, client=f"c{i % 3}")
    due("x", "2027-01-01")  # outside the prefix asked for
    seen, cursor = [], None
    for _ in range(10):
        items, cursor = gsi1_page(DueDoc, "DUE#UNPAID", "2026-", limit=4, cursor=cursor)
        seen += [d.number for d in items]
        if cursor is None:
            break
    assert seen == [f"d{i}" for i in range(6)]
    newest, _ = gsi1_page(DueDoc, "DUE#UNPAID", limit=2, cursor=None, ascending=False)
    assert [d.number for d in newest] == ["x", "d5"]
    exact, after = gsi1_page(DueDoc, "DUE#UNPAID", "2026-", limit=6, cursor=None)
    assert len(exact) == 6 and after is None  # no "next" when nothing follows


def test_a_cursor_from_another_listing_or_forged_is_refused(aws):
    from chalicelib.db import encode_cursor, page

    for i in range(3):
        due(f"d{i}", f"2026-01-0{i + 1}")
    _, cursor = gsi1_page(DueDoc, "DUE#UNPAID", limit=1, cursor=None)
    assert cursor
    table_cursor = encode_cursor(DueDoc.get("CLIENT#c1", "DOC#d0"))
    for bad in (table_cursor, "%%%", "bnVsbA", cursor + "x"):
        with pytest.raises(ValidationFailed):
            gsi1_page(DueDoc, "DUE#UNPAID", limit=1, cursor=bad)
    with pytest.raises(ValidationFailed):  # another index key
        gsi1_page(DueDoc, "SERVICE#DUE", limit=1, cursor=cursor)
    with pytest.raises(ValidationFailed):  # another prefix
        gsi1_page(DueDoc, "DUE#UNPAID", "2027-", limit=1, cursor=cursor)
    with pytest.raises(ValidationFailed):  # an index cursor on a partition listing
        page(DueDoc, "CLIENT#c1", "DOC#", limit=1, cursor=cursor)


def _restart(data_dir):
    """A local-stack start: the table made from the models, then the saved state loaded."""
    from chalicelib.config import settings

    stack.create_resources()
    session = boto3.session.Session(region_name=settings.region)
    assert Snapshot(data_dir, session).load()
    return settings


def test_a_snapshot_saved_before_the_index_existed_loads_and_fills_the_index(tmp_path):
    """Snapshots hold items, not the table's schema: the table is created from the models
    at start (with gsi1), and the items put back are indexed as DynamoDB backfills."""
    from chalicelib.config import settings

    old = {"pk": {"S": "CLIENT#c1"}, "sk": {"S": "PROFILE"}, "kind": {"S": "client_old"}}
    folder = tmp_path / "dynamodb"
    folder.mkdir()
    (folder / f"{settings.table_name}.json").write_text(json.dumps([old]))
    # and the log holds a write made after the upgrade, with index keys
    new = {"pk": {"S": "CLIENT#c1"}, "sk": {"S": "DOC#d1"}, "kind": {"S": "test_due_doc"},
           "number": {"S": "d1"}, "gsi1pk": {"S": "DUE#UNPAID"}, "gsi1sk": {"S": "2026-01-01#d1"}}
    (folder / "wal-1.jsonl").write_text(json.dumps(
        [{"table": settings.table_name, "key": {"pk": new["pk"], "sk": new["sk"]}, "item": new}]) + "\n")
    with mock_aws():
        _restart(tmp_path)
        client = boto3.client("dynamodb", region_name=settings.region)
        assert client.get_item(TableName=settings.table_name,
                               Key={"pk": old["pk"], "sk": old["sk"]})["Item"] == old
        assert [d.number for d in DueDoc.by_gsi1.query("DUE#UNPAID")] == ["d1"]


def test_index_entries_survive_a_snapshot_and_restart(tmp_path):
    from chalicelib.config import settings

    with mock_aws():
        stack.create_resources()
        snapshot = Snapshot(tmp_path, boto3.session.Session(region_name=settings.region))
        snapshot.wal.open()
        try:
            due("d1", "2026-01-01")
            snapshot.save()
            due("d2", "2026-02-01")  # only in the log
        finally:
            snapshot.wal.close()
    with mock_aws():
        _restart(tmp_path)
        assert [d.number for d in DueDoc.by_gsi1.query("DUE#UNPAID")] == ["d1", "d2"]
