"""Measure the API's cold start on a deployed stage (make coldstart URL=... STAGE=...).

Each round forces new execution environments by changing one environment variable of
the API function (COLDSTART_ROUND; with SnapStart, it also publishes a version and moves
the alias, which takes a new snapshot), then times GET /api/health from here: the first
request (cold) and a few more (warm). At the end it reads the function's REPORT lines
from CloudWatch Logs: Lambda's own Init Duration (or, with SnapStart, Restore Duration).
The variable is removed again at the end. Use a dev or staging stage: while a round
starts, the requests of real users are cold too.

Compare settings by deploying a stage with each (x86_64 / arm64, snapstart off / on) and
running this against it: the medians printed are the figures to decide on.
"""

import argparse
import json
import re
import statistics
import sys
import time
import urllib.request

ALIAS = "live"
TEXT_REPORT = re.compile(r"(Init|Restore) Duration: ([\d.]+) ms")


def fetch(url: str) -> float:
    """Milliseconds for one GET, as a visitor sees it (TLS, CloudFront, API, Lambda)."""
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(
            url, headers={"User-Agent": "portico-coldstart/1"}), timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return (time.perf_counter() - start) * 1000


def startup_ms(message: str) -> tuple[str, float] | None:
    """("init"|"restore", ms) from a REPORT line, text or JSON log format."""
    if message.lstrip().startswith("{"):
        try:
            record = json.loads(message)
        except ValueError:
            return None
        if record.get("type") != "platform.report":
            return None
        metrics = record.get("record", {}).get("metrics", {})
        for key, kind in (("restoreDurationMs", "restore"), ("initDurationMs", "init")):
            if key in metrics:
                return kind, float(metrics[key])
        return None
    found = TEXT_REPORT.search(message) if message.startswith("REPORT") else None
    return (found.group(1).lower(), float(found.group(2))) if found else None


def force_cold(lambda_, function: str, round_: int) -> None:
    config = lambda_.get_function_configuration(FunctionName=function)
    variables = dict(config.get("Environment", {}).get("Variables", {}))
    variables["COLDSTART_ROUND"] = str(round_)
    lambda_.update_function_configuration(FunctionName=function,
                                          Environment={"Variables": variables})
    lambda_.get_waiter("function_updated_v2").wait(FunctionName=function)
    if config.get("SnapStart", {}).get("ApplyOn") == "PublishedVersions":
        version = lambda_.publish_version(FunctionName=function)["Version"]
        lambda_.get_waiter("published_version_active").wait(FunctionName=function,
                                                            Qualifier=version)
        lambda_.update_alias(FunctionName=function, Name=ALIAS, FunctionVersion=version)


def reset(lambda_, function: str) -> None:
    config = lambda_.get_function_configuration(FunctionName=function)
    variables = dict(config.get("Environment", {}).get("Variables", {}))
    if variables.pop("COLDSTART_ROUND", None) is not None:
        lambda_.update_function_configuration(FunctionName=function,
                                              Environment={"Variables": variables})


def startups(logs, group: str, since_ms: int) -> list[tuple[str, float]]:
    found = []
    for page in logs.get_paginator("filter_log_events").paginate(
            logGroupName=group, startTime=since_ms, filterPattern="?REPORT ?platform.report"):
        found += [s for e in page.get("events", []) if (s := startup_ms(e["message"]))]
    return found


def measure(lambda_, logs, url: str, function: str, group: str, *, rounds: int = 5,
            warm: int = 3, get=fetch, wait_logs: float = 15.0, log=print) -> dict:
    since = int(time.time() * 1000)
    cold, hot = [], []
    try:
        for round_ in range(1, rounds + 1):
            force_cold(lambda_, function, round_)
            cold.append(get(url))
            hot += [get(url) for _ in range(warm)]
            log(f"round {round_}: cold {cold[-1]:.0f} ms, warm {min(hot[-warm:]):.0f} ms")
    finally:
        reset(lambda_, function)
    time.sleep(wait_logs)  # REPORT lines reach CloudWatch Logs a few seconds late
    found = startups(logs, group, since)
    result = {"cold_request_ms": statistics.median(cold), "warm_request_ms": statistics.median(hot)}
    for kind in ("init", "restore"):
        values = [ms for k, ms in found if k == kind]
        if values:
            result[f"{kind}_duration_ms"] = statistics.median(values)
    return result


def main(argv=None) -> int:
    import boto3

    from infra.aws import template

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the stage's site, e.g. https://dev.clientes.example.com")
    parser.add_argument("stage", choices=template.STAGES)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    settings = template.load_settings(args.stage)
    session = boto3.session.Session(region_name=settings["region"])
    function = template.name(settings, "api")
    result = measure(session.client("lambda"), session.client("logs"),
                     args.url.rstrip("/") + "/api/health", function,
                     f"/aws/lambda/{function}", rounds=args.rounds)
    print(f"{args.stage} ({settings['lambda_architecture']}, python{settings['lambda_python']}"
          f", snapstart {'on' if settings['snapstart'] else 'off'}), median of {args.rounds}:")
    for key, value in result.items():
        print(f"  {key:18} {value:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
