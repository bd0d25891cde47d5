"""boto3 clients, created on first use and kept for the life of the process.

The endpoint comes from AWS_ENDPOINT_URL (the local stack sets it; on AWS it is unset),
which boto3 honours by itself.
"""

from functools import cache

from .config import settings


@cache
def client(service: str):
    import boto3

    extra = {}
    if service == "s3":
        from botocore.config import Config

        # SigV4 presigned URLs; path-style so the local endpoint can serve every bucket.
        extra["config"] = Config(signature_version="s3v4", s3={"addressing_style": "path"})
    return boto3.session.Session().client(service, region_name=settings.region, **extra)
