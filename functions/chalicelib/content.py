"""What the help site has published, as the site build wrote it (infra/content_sync.py):
the knowledge base's articles and the downloads, read by the kb and downloads areas.

The build lists every knowledge-base slug (with the key its votes count under, shared by
the Spanish and English versions) and every download with its access level. Publishing
the site copies that manifest to the content bucket, so a new article takes votes
without redeploying the API. It is read from S3 and kept in memory for a short while.
"""

import json
import logging
import threading
import time

from botocore.exceptions import ClientError

from . import aws
from .config import settings

log = logging.getLogger("portico")

MANIFEST_KEY = "manifest.json"
CACHE_SECONDS = 60

_lock = threading.Lock()
_cached: dict = {"at": float("-inf"), "manifest": {}}


def manifest() -> dict:
    """Return the published manifest: {"kb": {slug: key}, "downloads": {id: {...}}}."""
    with _lock:
        if time.monotonic() - _cached["at"] > CACHE_SECONDS:
            _cached["manifest"] = _load()
            _cached["at"] = time.monotonic()
        return _cached["manifest"]


def forget() -> None:
    """Drop the cached copy (a test, or the local stack right after a new build)."""
    with _lock:
        _cached["at"] = float("-inf")


def _load() -> dict:
    try:
        body = aws.client("s3").get_object(Bucket=settings.content_bucket, Key=MANIFEST_KEY)["Body"]
        return json.loads(body.read())
    except ClientError as exc:
        # No manifest yet (the site was never published): nothing is published, so
        # every slug answers 404 rather than every request answering 500.
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "NoSuchBucket", "404"):
            log.warning("no help-site manifest at s3://%s/%s", settings.content_bucket, MANIFEST_KEY)
            return {}
        raise


def article_key(slug: str) -> str | None:
    """The key an article's votes count under, or None if no such article is published."""
    return manifest().get("kb", {}).get(slug)


def download(download_id: str) -> dict | None:
    return manifest().get("downloads", {}).get(download_id)
