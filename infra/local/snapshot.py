"""Keep the local stack's data across restarts: a snapshot under .local/.

moto keeps everything in memory, so the stack copies what the product stores (table
items, bucket objects) to files on shutdown and every few seconds, and loads it back at
start. Files are written to a temporary name and renamed, so a crash never leaves a
half-written snapshot; at most the last few seconds are lost.
"""

import hashlib
import json
import os
from pathlib import Path


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Snapshot:
    def __init__(self, root: Path, session):
        self.root = root
        self.dynamodb = session.client("dynamodb")
        self.s3 = session.client("s3")
        self._last_tables: dict[str, str] = {}
        self._saved_at_write = -1
        self._etags: dict[tuple[str, str], str] = {}

    # Saving

    def save(self) -> None:
        self._save_tables()
        self._save_buckets()

    def _save_tables(self) -> None:
        from infra.local import resources

        writes = resources.table_writes
        if writes == self._saved_at_write:
            return  # nothing was written since the last save: skip the full scan
        self._saved_at_write = writes
        for table in self.dynamodb.list_tables()["TableNames"]:
            items = []
            for page in self.dynamodb.get_paginator("scan").paginate(TableName=table):
                items.extend(page["Items"])
            data = json.dumps(sorted(items, key=lambda i: json.dumps(i, sort_keys=True)),
                              sort_keys=True).encode()
            digest = hashlib.sha256(data).hexdigest()
            if self._last_tables.get(table) != digest:
                _write_atomic(self.root / "dynamodb" / f"{table}.json", data)
                self._last_tables[table] = digest

    def _save_buckets(self) -> None:
        for bucket in (b["Name"] for b in self.s3.list_buckets().get("Buckets", [])):
            folder = self.root / "s3" / bucket
            present = set()
            for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for obj in page.get("Contents", []):
                    key = obj["Key"]
                    present.add(key)
                    if self._etags.get((bucket, key)) != obj["ETag"]:
                        body = self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                        _write_atomic(folder / key, body)
                        self._etags[(bucket, key)] = obj["ETag"]
            for gone in [k for (b, k) in self._etags if b == bucket and k not in present]:
                (folder / gone).unlink(missing_ok=True)
                del self._etags[(bucket, gone)]

    # Loading

    def load(self) -> bool:
        """Load a saved snapshot into the (empty) emulated AWS; False if there was none."""
        loaded = False
        for path in sorted((self.root / "dynamodb").glob("*.json")):
            items = json.loads(path.read_bytes())
            table = path.stem
            for start in range(0, len(items), 25):
                requests = [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]
                self.dynamodb.batch_write_item(RequestItems={table: requests})
            self._last_tables[table] = hashlib.sha256(path.read_bytes()).hexdigest()
            loaded = loaded or bool(items)
        buckets = {b["Name"] for b in self.s3.list_buckets().get("Buckets", [])}
        for folder in sorted((self.root / "s3").glob("*")):
            bucket = folder.name
            if bucket not in buckets:
                region = self.s3.meta.region_name
                self.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={
                    "LocationConstraint": region})
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.endswith(".tmp"):
                    key = path.relative_to(folder).as_posix()
                    result = self.s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())
                    self._etags[(bucket, key)] = result["ETag"]
        return loaded
