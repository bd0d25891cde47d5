"""Create what the app expects to find in AWS, on the emulated AWS (moto).

The table comes from the PynamoDB model itself; the sender identity is verified (SES
refuses unverified senders) and the buckets exist. Used by the local stack and tests.
"""

from email.utils import parseaddr


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


# How many writes moto's DynamoDB has taken: the snapshot saves tables only when it moved.
table_writes = 0


def make_moto_atomic() -> None:
    """DynamoDB applies each conditional write or transaction atomically; moto's in-memory
    backend takes no lock, so two threads could both pass one condition. Serialise moto's
    writes so that the local stack and the tests keep DynamoDB's guarantee. Reads take the
    lock too: moto's get_item adds an empty partition for a missing key, which breaks a
    transaction copying the table at that moment (500 "dictionary changed size")."""
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "portico_atomic", False):
        return
    lock = threading.RLock()
    # Reads too: a moto transaction applies its writes one by one and restores a copy if
    # one fails, so an unlocked read could see writes that DynamoDB never made visible.
    reads = ("get_item", "query", "scan")
    for name in ("put_item", "update_item", "delete_item", "transact_write_items", *reads):
        original = getattr(DynamoDBBackend, name)

        def locked(self, *args, _original=original, _write=name not in reads, **kwargs):
            global table_writes
            with lock:
                table_writes += _write
                return _original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, locked)
    DynamoDBBackend.portico_atomic = True
