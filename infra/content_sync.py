"""Publish what the site build hands to the API: the manifest, restricted files and the
catalogue.

`site/build.py` writes the public site into OUT and, beside it, `manifest.json` (published
KB slugs with their vote keys, and every download with its access level) and
`catalog.json` (the checked catalogue of content/catalog/). Restricted downloads are never
in OUT: this module uploads them to the private downloads bucket and the manifest to the
content bucket, where the API reads it (chalicelib/content.py); the catalogue goes into
the API's table as a new version when it changed (chalicelib/billing/catalog.py).
The local stack calls it at start; the AWS deploy calls it after uploading the site.
"""

from __future__ import annotations

import json
import os


class ContentSyncError(Exception):
    pass


def sync_content(site_build_dir, manifest_path, s3_client, bucket, downloads_bucket=None) -> dict:
    """Upload the manifest to `bucket` and restricted files to `downloads_bucket`.

    Returns the manifest as uploaded. Refuses to publish if a restricted file somehow
    ended up inside the public site output.
    """
    downloads_bucket = downloads_bucket or bucket
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)

    public_files = _files_under(site_build_dir) if site_build_dir else {}
    uploaded = {}
    for download_id, item in sorted(manifest.get("downloads", {}).items()):
        if not item.get("private_key"):
            continue
        if item["filename"] in public_files:
            raise ContentSyncError(
                f"restricted download {download_id!r} is in the public site output: "
                f"{public_files[item['filename']]}"
            )
        source = item.get("source")
        if not source or not os.path.isfile(source):
            raise ContentSyncError(f"restricted download {download_id!r}: file {source!r} not found")
        # The downloads bucket is versioned: an unchanged file re-sent is a version kept.
        if not _same_bytes(s3_client, downloads_bucket, item["private_key"], source):
            with open(source, "rb") as body:
                s3_client.put_object(Bucket=downloads_bucket, Key=item["private_key"], Body=body,
                                     ContentType="application/octet-stream")
        uploaded[download_id] = {k: v for k, v in item.items() if k != "source"}

    public = {
        "generated_at": manifest.get("generated_at"),
        "kb": manifest.get("kb", {}),
        # Build-machine paths stay on the build machine.
        "downloads": {k: {f: v for f, v in item.items() if f != "source"}
                      for k, item in manifest.get("downloads", {}).items()},
    }
    s3_client.put_object(Bucket=bucket, Key="manifest.json", ContentType="application/json",
                         Body=json.dumps(public, ensure_ascii=False, sort_keys=True).encode())
    return public


def _same_bytes(s3_client, bucket, key, path) -> bool:
    """Whether the object holds this file already (put_object's ETag is the MD5)."""
    import hashlib

    from botocore.exceptions import ClientError

    try:
        etag = s3_client.head_object(Bucket=bucket, Key=key)["ETag"].strip('"')
    except ClientError:
        return False
    with open(path, "rb") as f:
        return etag == hashlib.md5(f.read(), usedforsecurity=False).hexdigest()


def _files_under(folder) -> dict[str, str]:
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            found.setdefault(name, os.path.join(root, name))
    return found


def default_manifest_path(site_build_dir) -> str:
    """Where site/build.py puts the manifest for a given output folder."""
    return os.path.join(os.path.dirname(os.path.abspath(site_build_dir)), "manifest.json")


def default_catalog_path(site_build_dir) -> str:
    """Where site/build.py puts the checked catalogue for a given output folder."""
    return os.path.join(os.path.dirname(os.path.abspath(site_build_dir)), "catalog.json")


def sync_catalog(catalog_path, dynamodb_client, table_name) -> dict:
    """Load the build's catalogue into the API's table: a new version only when it changed.

    Returns {"version": n, "changed": bool}. A build without a catalogue publishes none:
    refused, so that a broken build never leaves the API selling from an old price list
    while the pages show a new one.
    """
    from chalicelib.billing.catalog import PublishError, publish

    if not os.path.isfile(catalog_path):
        raise ContentSyncError(f"no catalogue at {catalog_path}: build the site first (make site)")
    with open(catalog_path, encoding="utf-8") as f:
        document = json.load(f)
    try:
        return publish(document, dynamodb_client, table_name)
    except PublishError as exc:
        raise ContentSyncError(str(exc)) from exc


def sync_local(site_dir) -> dict | None:
    """Publish a local build to the emulated buckets (the local stack calls this at start)."""
    import boto3

    from chalicelib import content as published
    from chalicelib.config import settings

    manifest_path = default_manifest_path(site_dir)
    if not os.path.isfile(manifest_path):
        return None  # a site built without the help-site plugin: nothing to publish
    s3 = boto3.client("s3", region_name=settings.region)
    result = sync_content(str(site_dir), manifest_path, s3, settings.content_bucket,
                          downloads_bucket=settings.downloads_bucket)
    published.forget()
    catalog_path = default_catalog_path(site_dir)
    if os.path.isfile(catalog_path):  # a site built without the pricing plugin has none
        from chalicelib.billing import catalog

        dynamodb = boto3.client("dynamodb", region_name=settings.region)
        result["catalog"] = sync_catalog(catalog_path, dynamodb, settings.table_name)
        catalog.forget()
    return result
