"""Keep the local stack's data across restarts and crashes: a snapshot and a log under .local/.

moto keeps everything in memory. Every DynamoDB write that moto acknowledges is first
appended to a write-ahead log, `.local/dynamodb/wal-<n>.jsonl`: one JSON line per write
with the new image of each item it touched (or null for a deleted item); a transaction is
one line, so it is replayed whole or not at all (a torn last line was never acknowledged).
The line is handed to the operating system (os.write, no fsync) before the write returns:
a crash of the stack (kill -9, an exception) loses nothing, as the kernel still writes the
file; a crash of the whole machine may lose the last seconds. Measured on the development
machine, os.write costs ~1 µs; an fsync would add 4 ms median, 12 ms p95 to every write
(a vote takes ~30 ms over HTTP): not worth it against a machine crash under a development
stack.

The snapshot (table items and bucket objects, one file each, written to a temporary name
and renamed) is taken every 30 seconds and on shutdown. Under the write lock it starts a
new log segment and takes shallow copies of the tables' items from moto (0.36 s for
10,000 items on 2 busy cores, load 15); the JSON is made after the lock is released. Once
it is safely on disk, the older segments are deleted. At start the stack loads the
snapshot, then applies every remaining segment in order (item images: replaying one twice
changes nothing).

S3 objects are not logged: the app does not write to S3 at request time (the stack puts the
site's manifest and downloads there at start), so the periodic snapshot covers them.
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


class WriteAheadLog:
    """Segments `wal-<n>.jsonl`, each line a list of {table, key, item or null}."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None
        self._number = 0

    def segments(self) -> list[Path]:
        return sorted(self.folder.glob("wal-*.jsonl"), key=lambda p: int(p.stem[4:]))

    def open(self) -> None:
        """Start journaling moto's writes (after the saved state was loaded)."""
        from infra.local import resources

        self.folder.mkdir(parents=True, exist_ok=True)
        existing = self.segments()
        self._number = int(existing[-1].stem[4:]) if existing else 0
        with resources.write_lock:
            self._start_segment()
            resources.journal = self.append

    def _start_segment(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._number += 1
        path = self.folder / f"wal-{self._number}.jsonl"
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def append(self, records: list[dict]) -> None:
        """Called by moto's write (under its lock) before the write is acknowledged."""
        line = json.dumps(records, separators=(",", ":"), sort_keys=True).encode() + b"\n"
        os.write(self._fd, line)

    def rotate(self) -> list[Path]:
        """Start a new segment (the caller holds the write lock); return the older ones."""
        if self._fd is None:
            return []  # not journaling (yet): nothing to cover
        self._start_segment()
        return [p for p in self.segments() if int(p.stem[4:]) < self._number]

    def close(self) -> None:
        from infra.local import resources

        with resources.write_lock:
            resources.journal = None
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def records(self):
        """Every logged record, oldest first. A torn last line of a segment (the crash hit
        mid-append) is skipped: its write was never acknowledged. A bad line anywhere else
        is an acknowledged write that cannot be read: stop rather than lose it silently."""
        for path in self.segments():
            lines = path.read_bytes().splitlines()
            for number, line in enumerate(lines, 1):
                try:
                    records = json.loads(line)
                except ValueError:
                    if number == len(lines):
                        continue
                    raise RuntimeError(f"{path}: line {number} of {len(lines)} cannot be read; "
                                       "move the file aside to start without its writes") from None
                yield from records


def _key_of(item: dict, key_attrs: list[str]) -> str:
    return json.dumps({attr: item[attr] for attr in key_attrs}, sort_keys=True)


class Snapshot:
    def __init__(self, root: Path, session):
        self.root = root
        self.wal = WriteAheadLog(root / "dynamodb")
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

        with resources.write_lock:
            writes = resources.table_writes
            if writes == self._saved_at_write:
                return  # nothing was written since the last save
            covered = self.wal.rotate()
            tables = resources.table_items(self.dynamodb.meta.region_name)
        for table, items in tables.items():
            lines = sorted(json.dumps(resources.item_json(attrs), sort_keys=True) for attrs in items)
            data = ("[" + ", ".join(lines) + "]").encode()
            digest = hashlib.sha256(data).hexdigest()
            if self._last_tables.get(table) != digest:
                _write_atomic(self.root / "dynamodb" / f"{table}.json", data)
                self._last_tables[table] = digest
        # Only now is every write of the older segments in a snapshot file.
        for path in covered:
            path.unlink(missing_ok=True)
        self._saved_at_write = writes

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
        tables: dict[str, dict[str, dict]] = {}  # table -> key -> item, snapshot then log
        key_attrs: dict[str, list[str]] = {}

        def items_of(table: str) -> dict[str, dict]:
            if table not in tables:
                schema = self.dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]
                key_attrs[table] = [k["AttributeName"] for k in schema]
                tables[table] = {}
            return tables[table]

        for path in sorted((self.root / "dynamodb").glob("*.json")):
            items = items_of(path.stem)
            for item in json.loads(path.read_bytes()):
                items[_key_of(item, key_attrs[path.stem])] = item
            self._last_tables[path.stem] = hashlib.sha256(path.read_bytes()).hexdigest()
        for record in self.wal.records():
            items = items_of(record["table"])
            key = json.dumps(record["key"], sort_keys=True)
            if record["item"] is None:
                items.pop(key, None)
            else:
                items[key] = record["item"]
        for table, by_key in tables.items():
            items = list(by_key.values())
            for start in range(0, len(items), 25):
                requests = [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]
                self.dynamodb.batch_write_item(RequestItems={table: requests})
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
