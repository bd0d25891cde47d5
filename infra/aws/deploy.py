"""Deploy a stage to AWS, or publish only its site. Python and boto3, no AWS CLI.

    python -m infra.aws.deploy deploy STAGE        # everything (make deploy STAGE=prod)
    python -m infra.aws.deploy check STAGE         # pre-flight only (make deploy CHECK=1)
    python -m infra.aws.deploy site STAGE          # site only (make deploy-site STAGE=prod)
    python -m infra.aws.deploy edge-logs STAGE     # retention of Lambda@Edge logs, all regions
    python -m infra.aws.deploy templates STAGE DIR # write the templates, touch nothing

Credentials come from the usual places (environment, profile, SSO, the CI's OIDC role).
The steps, in order: pre-flight checks (preflight.py; they stop the deploy before anything
is created); build the site with publishconf.py; the account's mail stack (mailstack.py);
the bootstrap stack (artifacts bucket); the edge stack in us-east-1 (Lambda@Edge for the 404 page); `chalice package`
and upload; the main stack through a change set; then the site, the help-site manifest
and restricted downloads to their buckets, and a CloudFront invalidation.
"""

import argparse
import hashlib
import json
import mimetypes
import os
import subprocess
import sys
from pathlib import Path

from infra.aws import ci_role, mailstack, preflight, stacks, template
from infra.aws import package as packaging
from infra.aws.stacks import DeployError, deploy_stack, outputs

ROOT = Path(__file__).resolve().parents[2]
SITE_OUT = ROOT / "build" / "site"
WORK = ROOT / "build" / "aws"


def log(message: str) -> None:
    print(f"[deploy] {message}", flush=True)


def build_site(settings: dict) -> Path:
    log(f"building the site for {settings['site_url']}")
    subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), "--out", str(SITE_OUT),
                    "--publish"], check=True, cwd=ROOT,
                   env={**os.environ, "SITE_URL": settings["site_url"], "STAGE": settings["stage"]})
    return SITE_OUT


def stack_name(settings: dict, part: str) -> str:
    return template.name(settings, part)


def write_templates(settings: dict, out: Path, *, edge_version_arn: str,
                    code_uri: str | None = None) -> dict[str, Path]:
    """Package the app and write the stage's templates into out/."""
    pkg = packaging.package(out, arch=settings["lambda_architecture"],
                            python=settings["lambda_python"])
    sam = json.loads((pkg / "sam.json").read_text())
    main = template.main_template(settings, sam, edge_version_arn=edge_version_arn,
                                  code_uri=code_uri)
    return {
        "bootstrap": template.write(out / "bootstrap.json", template.bootstrap_template(settings)),
        "edge": template.write(out / "edge.json", template.edge_template(settings)),
        "edge-alarms": template.write(out / "edge-alarms.json", template.edge_alarms_template(
            settings, template.PLACEHOLDER_DISTRIBUTION_ID)),
        "main": template.write(out / "main.json", main),
        "mail": template.write(out / "mail.json", mailstack.mail_template(settings)),
        **({"ci": template.write(out / "ci.json", ci_role.ci_template(
            settings, template.PLACEHOLDER_DISTRIBUTION_ID))} if settings.get("ci") else {}),
        "tables": template.write(out / "tables.json", template.tables_template(settings)),
        "zip": pkg / "deployment.zip",
    }


def deploy(stage: str) -> None:
    import boto3

    settings = template.load_settings(stage)
    session = boto3.session.Session(region_name=settings["region"])
    account = session.client("sts").get_caller_identity()["Account"]
    log(f"stage {stage} into account {account}, region {settings['region']}")
    checked = preflight.run(session, settings)
    print(preflight.report(checked), flush=True)
    if checked.problems:
        raise DeployError("pre-flight checks failed (above); nothing was changed")
    site = build_site(settings)

    cfn = session.client("cloudformation")
    s3 = session.client("s3")
    mail = deploy_mail(cfn, settings)
    boot = deploy_stack(cfn, stack_name(settings, "bootstrap"), template.bootstrap_template(settings))
    artifacts = boot["ArtifactsBucket"]
    edge = deploy_stack(session.client("cloudformation", region_name="us-east-1"),
                        stack_name(settings, "edge"), template.edge_template(settings))

    out = WORK / stage
    pkg = packaging.package(out, arch=settings["lambda_architecture"],
                            python=settings["lambda_python"])
    zip_path = pkg / "deployment.zip"
    key = f"packages/{hashlib.sha256(zip_path.read_bytes()).hexdigest()}.zip"
    s3.upload_file(str(zip_path), artifacts, key)
    sam = json.loads((pkg / "sam.json").read_text())
    main = template.main_template(settings, sam, edge_version_arn=edge["NotFoundVersionArn"],
                                  web_acl_arn=edge["WebAclArn"],
                                  code_uri=f"s3://{artifacts}/{key}")
    template.write(out / "main.json", main)
    result = deploy_stack(cfn, stack_name(settings, "main"), main, bucket=artifacts, s3=s3,
                          region=settings["region"])
    deploy_stack(session.client("cloudformation", region_name="us-east-1"),
                 stack_name(settings, "edge-alarms"),
                 template.edge_alarms_template(settings, result["DistributionId"]))
    if settings.get("ci"):
        ci = ci_role.with_provider(settings, ci_role.oidc_provider(
            session.client("iam"), cfn, settings))
        role = deploy_stack(cfn, ci_role.stack_name(settings),
                            ci_role.ci_template(ci, result["DistributionId"]))
        log(f"CI publishing role: {role['PublishRoleArn']} (the repository variable "
            "AWS_DEPLOY_ROLE_ARN)")
    publish_site(session, result, site)
    set_edge_log_retention(session, settings)
    print_dns(settings, {**mail, **result})
    log(f"deployed: {settings['site_url']} (check it: {smoke_hint(settings)})")


def deploy_mail(cfn, settings: dict) -> dict:
    """Create or update the account's mail stack only as its owner (mailstack.owns); any
    other stage creates it when missing and otherwise leaves it alone."""
    name = mailstack.stack_name(settings)
    if not mailstack.owns(settings) and \
            stacks.status(cfn, name) not in stacks.CREATE_STATES | {"ROLLBACK_COMPLETE"}:
        log(f"{name}: exists; left as it is (the stage with the mail domain's hosted zone "
            "owns it)")
        return outputs(cfn, name)
    return deploy_stack(cfn, name, mailstack.mail_template(settings))


def smoke_hint(settings: dict) -> str:
    return f"make smoke URL={settings['site_url']} STAGE={settings['stage']}"


def check(stage: str) -> None:
    """The pre-flight checks alone (make deploy CHECK=1)."""
    import boto3

    settings = template.load_settings(stage)
    session = boto3.session.Session(region_name=settings["region"])
    checked = preflight.run(session, settings)
    print(preflight.report(checked), flush=True)
    if checked.problems:
        raise DeployError("pre-flight checks failed")


def deploy_site(stage: str, *, build: bool = True) -> None:
    import boto3

    settings = template.load_settings(stage)
    session = boto3.session.Session(region_name=settings["region"])
    site = build_site(settings) if build else SITE_OUT
    check_built_for(site, settings)
    result = outputs(session.client("cloudformation"), stack_name(settings, "main"))
    publish_site(session, result, site)


def check_built_for(site: Path, settings: dict) -> None:
    """Refuse a build made for another address: a local `make site` bakes
    http://127.0.0.1:PORT into canonical links, feeds and sitemaps. robots.txt's Sitemap
    lines carry the origin the build was made for."""
    from urllib.parse import urlsplit

    robots = site / "robots.txt"
    if not robots.is_file():
        raise DeployError(f"{robots} is missing: {site} is not a whole site build")
    origins = {"{0.scheme}://{0.netloc}".format(urlsplit(line.split(":", 1)[1].strip()))
               for line in robots.read_text().splitlines()
               if line.lower().startswith("sitemap:")}
    if origins != {settings["site_url"]}:
        raise DeployError(
            f"{site} was built for {', '.join(sorted(origins)) or 'no address'}, not "
            f"{settings['site_url']}: publish without --no-build (it builds for the stage), "
            f"or build with SITE_URL={settings['site_url']} first")
    check_company_of(site, settings["stage"])


def check_company_of(site: Path, stage: str) -> None:
    """Refuse a build that shows another stage's company (a `make site` shows the local
    stack's): every page's footer names the company of the file it was built from."""
    from markupsafe import escape

    from chalicelib.company import load

    company = load(stage)
    index = site / "index.html"
    shown = index.read_text(encoding="utf-8") if index.is_file() else ""
    if str(escape(company.legal_name)) not in shown or str(escape(company.nif)) not in shown:
        raise DeployError(f"{site} does not show the company of {stage} ({company.legal_name}, "
                          f"NIF {company.nif}): publish without --no-build, or build with "
                          f"STAGE={stage} first")


def cache_control(key: str) -> str:
    # Pages and the search index change with every publish; theme files rarely do.
    if key.endswith((".html", ".xml", ".json")) or key.startswith("pagefind/"):
        return "public, max-age=0, must-revalidate"
    return "public, max-age=3600"


# boto3's upload_file sends files from this size on in parts of this size.
PART = 8 * 1024 * 1024


def s3_etag(path: Path) -> str:
    """The ETag S3 gives this file as upload_file sends it (SSE-S3: an MD5, per part)."""
    digests = []
    with path.open("rb") as f:
        while chunk := f.read(PART):
            digests.append(hashlib.md5(chunk, usedforsecurity=False))
    if len(digests) <= 1 and path.stat().st_size < PART:
        return (digests[0] if digests else hashlib.md5(b"", usedforsecurity=False)).hexdigest()
    joined = hashlib.md5(b"".join(d.digest() for d in digests), usedforsecurity=False)
    return f"{joined.hexdigest()}-{len(digests)}"


def upload_site(s3, bucket: str, site: Path) -> tuple[list[str], list[str]]:
    """Make the bucket hold exactly the build: upload new and changed files (by ETag),
    delete the rest. Returns (uploaded, removed) keys. A file whose bytes did not change
    keeps the headers it was uploaded with: after changing cache_control(), empty
    the bucket (or touch the files) so that they are sent again."""
    files = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}
    there = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        there.update({o["Key"]: o["ETag"].strip('"') for o in page.get("Contents", [])})
    uploaded = [key for key, path in files.items() if there.get(key) != s3_etag(path)]
    log(f"uploading {len(uploaded)} of {len(files)} files to s3://{bucket} (the rest are "
        "unchanged)")
    for key in uploaded:
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        s3.upload_file(str(files[key]), bucket, key,
                       ExtraArgs={"ContentType": kind, "CacheControl": cache_control(key)})
    stale = sorted(set(there) - set(files))
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in
                                                             stale[start:start + 1000]]})
    log(f"removed {len(stale)} stale files")
    return uploaded, stale


def publish_site(session, stack_outputs: dict, site: Path) -> None:
    """Mirror the build into the site bucket, publish the manifest and the catalogue,
    invalidate CloudFront."""
    from infra.content_sync import default_catalog_path, default_manifest_path, sync_catalog, sync_content

    s3 = session.client("s3")
    uploaded, removed = upload_site(s3, stack_outputs["SiteBucket"], site)
    sync_content(str(site), default_manifest_path(str(site)), s3,
                 stack_outputs["ContentBucket"], stack_outputs["DownloadsBucket"])
    log("published manifest.json and restricted downloads")
    catalog = sync_catalog(default_catalog_path(str(site)), session.client("dynamodb"),
                           stack_outputs["TableName"])
    log(f"catalogue version {catalog['version']}"
        f"{' published' if catalog['changed'] else ' unchanged'}")
    if not uploaded and not removed:
        log("the site is unchanged: no CloudFront invalidation")
        return
    cloudfront = session.client("cloudfront")
    cloudfront.create_invalidation(DistributionId=stack_outputs["DistributionId"],
                                   InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]},
                                                      "CallerReference": hashlib.sha256(
                                                          os.urandom(16)).hexdigest()})
    log("CloudFront invalidation requested")


def edge_log_prefixes(settings: dict, region: str) -> list[str]:
    """Log groups no stack owns: Lambda@Edge writes to /aws/lambda/us-east-1.<name> in
    whichever region served the request; CloudFront Functions to us-east-1."""
    stage = f"{template.APP}-{settings['stage']}-"
    prefixes = [f"/aws/lambda/us-east-1.{stage}"]
    if region == "us-east-1":
        prefixes.append(f"/aws/cloudfront/function/{stage}")
    return prefixes


def set_edge_log_retention(session, settings: dict) -> list[str]:
    """Give the stage's edge log groups, in every enabled region, the stage's retention.

    A region's group appears with the first request served there, with no expiry; each
    deploy catches the new ones (make deploy, or `python -m infra.aws.deploy edge-logs`)."""
    days = settings["log_retention_days"]
    regions = sorted(r["RegionName"] for r in
                     session.client("ec2").describe_regions()["Regions"])
    changed = []
    for region in regions:
        logs = session.client("logs", region_name=region)
        for prefix in edge_log_prefixes(settings, region):
            for page in logs.get_paginator("describe_log_groups").paginate(
                    logGroupNamePrefix=prefix):
                for group in page.get("logGroups", []):
                    if group.get("retentionInDays") != days:
                        logs.put_retention_policy(logGroupName=group["logGroupName"],
                                                  retentionInDays=days)
                        changed.append(f"{region}:{group['logGroupName']}")
    log(f"edge log retention: {days} days; set on {len(changed)} group(s) in "
        f"{len(regions)} regions")
    return changed


def print_dns(settings: dict, stack_outputs: dict) -> None:
    published = "(written to the hosted zone)" if settings["hosted_zone_id"] else "(publish these)"
    print(f"\nDNS records {published}:")
    for record in template.dns_records(settings):
        if "Alias" in record:
            print(f"  {record['Name']:45} {record['Type']:5} alias -> "
                  f"{stack_outputs.get('DistributionDomain', record['Alias'])}")
            continue
        # DKIM names and values are the stack's outputs (SES makes them up).
        name_ = stack_outputs.get(record["Name"], record["Name"])
        value = stack_outputs.get(record["Value"], record["Value"])
        print(f"  {name_:45} {record['Type']:5} {value}")
    print("SES starts in the sandbox: request production access in the SES console "
          "(see infra/aws/README.md).")


def main(argv=None) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("deploy", "check", "site", "edge-logs", "templates"))
    parser.add_argument("stage", choices=template.STAGES)
    parser.add_argument("out", nargs="?", type=Path, help="templates: where to write them")
    parser.add_argument("--no-build", action="store_true", help="site: publish build/site as is")
    args = parser.parse_args(argv)
    try:
        if args.action == "deploy":
            deploy(args.stage)
        elif args.action == "check":
            check(args.stage)
        elif args.action == "edge-logs":
            import boto3

            settings = template.load_settings(args.stage)
            set_edge_log_retention(boto3.session.Session(region_name=settings["region"]),
                                   settings)
        elif args.action == "site":
            deploy_site(args.stage, build=not args.no_build)
        else:
            settings = template.load_settings(args.stage)
            written = write_templates(settings, args.out or WORK / args.stage,
                                      edge_version_arn=template.PLACEHOLDER_EDGE_ARN)
            for kind, path in written.items():
                print(f"{kind:12} {path}")
            zipped, unzipped = packaging.sizes(written["zip"])
            print(f"package: {zipped / 1e6:.1f} MB zipped, {unzipped / 1e6:.1f} MB unzipped")
    except (template.SettingsError, packaging.PackageError, subprocess.CalledProcessError,
            DeployError, RuntimeError) as exc:
        print(f"deploy failed: {exc}", file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as exc:  # AWS said no: credentials, rights, limits
        print(f"deploy failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
