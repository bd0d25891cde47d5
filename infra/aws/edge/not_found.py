"""Lambda@Edge (origin response, site behaviour only): S3's miss becomes the site's 404 page.

CloudFront's custom error responses apply to the whole distribution and would replace
the API's JSON errors, so the site's 404 page is put in here, for the S3 origin alone.
The bucket is read from the event (Lambda@Edge has no environment variables).
"""

import boto3

CACHE = {}


def handler(event, context):
    cf = event["Records"][0]["cf"]
    response = cf["response"]
    # Without s3:ListBucket S3 says 403 for a missing key; with it, 404.
    if response["status"] not in ("403", "404"):
        return response
    request = cf["request"]
    s3 = request["origin"]["s3"]
    english = request["uri"] == "/en" or request["uri"].startswith("/en/")
    key = "en/404.html" if english else "404.html"
    return {
        "status": "404",
        "statusDescription": "Not Found",
        "headers": {
            "content-type": [{"key": "Content-Type", "value": "text/html; charset=utf-8"}],
            "cache-control": [{"key": "Cache-Control", "value": "max-age=60"}],
        },
        "body": page(s3["domainName"].split(".s3.")[0], s3.get("region"), key),
    }


def page(bucket, region, key):
    if key not in CACHE:
        body = boto3.client("s3", region_name=region).get_object(Bucket=bucket, Key=key)["Body"]
        CACHE[key] = body.read().decode("utf-8")
    return CACHE[key]
