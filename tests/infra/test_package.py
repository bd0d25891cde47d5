"""The Lambda package: under Lambda's limits, built offline from the cache, self-sufficient.

The cold-start figure is a fresh process importing the packaged app and answering
/api/health (as `make bench` measures the checkout), invoked as Lambda invokes it.
"""

import json
import os
import subprocess
import sys
import zipfile

import boto3
import pytest

from infra.aws import package as packaging
from infra.aws import template
from tests.infra.conftest import settings_for

pytestmark = [pytest.mark.package, pytest.mark.xdist_group("aws-package")]

# What the child process does: import the packaged app and answer /health, timed.
CHILD = r"""
import json, sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from app import app
# The API Gateway proxy event Lambda hands the function for GET /api/health.
event = {"resource": "/health", "path": "/health", "httpMethod": "GET",
         "headers": {"Accept": "application/json"}, "multiValueHeaders": None,
         "queryStringParameters": None, "multiValueQueryStringParameters": None,
         "pathParameters": None, "stageVariables": None, "body": None,
         "isBase64Encoded": False,
         "requestContext": {"resourcePath": "/health", "httpMethod": "GET",
                            "requestId": "cold-start", "stage": "api"}}
class Context:
    function_name = "portico-test-api"
    aws_request_id = "cold-start"
    def get_remaining_time_in_millis(self):
        return 30000
r = app(event, Context())
took = time.perf_counter() - start
# chalice.test is not in a Lambda package, so every library here must come from it.
import botocore, pydantic_core, pynamodb, jinja2, argon2, phonenumbers, babel
packaged = all(m.__file__.startswith(sys.argv[1])
               for m in (botocore, pydantic_core, pynamodb, jinja2, argon2, phonenumbers, babel))
# The trimmed package still does what the app asks of it: phones, amounts, every AWS client.
from chalicelib.phones import e164
phone = e164("612 345 678", "ES")
from chalicelib.money import Money
amounts = [Money(123456, "EUR").format(language) for language in ("es", "en")]
import boto3
from infra_services import SERVICES
for service in SERVICES:
    boto3.client(service, region_name="eu-west-1")
# The company's data comes from its file in the package, as the e-mails read it.
import chalicelib.company
from chalicelib.mail.send import footer
company = chalicelib.company.current()
assert chalicelib.company.__file__.startswith(sys.argv[1])
print(json.dumps({"status": r["statusCode"], "ms": round(took * 1000), "packaged": packaged,
                  "phone": phone, "amounts": amounts,
                  "company": [company.trade_name, footer("es")]}))
"""


def test_package_is_under_lambdas_limits(packaged):
    zipped, unzipped = packaging.sizes(packaged / "deployment.zip")
    print(f"\npackage: {zipped / 1e6:.1f} MB zipped, {unzipped / 1e6:.1f} MB unzipped")
    assert zipped < packaging.MAX_ZIPPED and unzipped < packaging.MAX_UNZIPPED


def test_packaging_needs_no_network_once_requirements_are_cached(packaged, tmp_path, monkeypatch):
    # A fresh folder has no Chalice cache of its own: only the built requirements are reused.
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(proxy, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    again = packaging.package(tmp_path)
    assert json.loads((again / "sam.json").read_text()) == \
        json.loads((packaged / "sam.json").read_text())


def test_packaged_app_answers_health_from_its_own_libraries(packaged, tmp_path):
    from moto.server import ThreadedMotoServer

    code = tmp_path / "code"
    with zipfile.ZipFile(packaged / "deployment.zip") as zf:
        zf.extractall(code)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        host, port = moto.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        boto3.client("cloudformation", region_name="eu-west-1", endpoint_url=endpoint).create_stack(
            StackName="tables", TemplateBody=json.dumps(
                template.tables_template({**settings_for("prod"), "stage": "test"})))
        (tmp_path / "infra_services.py").write_text(
            f"SERVICES = {sorted(packaging.BOTOCORE_SERVICES)!r}\n")
        env = {**os.environ, "AWS_ENDPOINT_URL": endpoint, "PYTHONPATH": str(tmp_path)}
        done = subprocess.run([sys.executable, "-c", CHILD, str(code)], capture_output=True,
                              text=True, env=env, cwd=tmp_path, timeout=60)
    finally:
        moto.stop()
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\npackaged app: import + first /health in {result['ms']} ms")
    assert result["status"] == 200 and result["packaged"]
    assert result["phone"] == "+34612345678"
    assert result["amounts"] == ["1.234,56\xa0€", "€1,234.56"]
    from chalicelib.company import load
    from chalicelib.mail.send import footer

    assert result["company"] == [load("local").trade_name, footer("es")]  # STAGE=test


def test_the_package_carries_every_stages_company_file_and_not_its_checker(packaged):
    from chalicelib import company

    with zipfile.ZipFile(packaged / "deployment.zip") as zf:
        names = set(zf.namelist())
        for stage in company.STAGES:
            assert json.loads(zf.read(f"chalicelib/company/{stage}.json")) == \
                json.loads(company.path_of(stage).read_text(encoding="utf-8"))
    assert not [n for n in names if n.startswith(("schwifty/", "pycountry/"))]


def test_package_is_trimmed_of_what_lambda_never_reads(packaged):
    with zipfile.ZipFile(packaged / "deployment.zip") as zf:
        names = zf.namelist()
    assert not [n for n in names if n.startswith(packaging.PHONE_DATA)]
    services = {n.split("/")[2] for n in names if n.startswith("botocore/data/") and
                n.count("/") > 3}
    assert services == packaging.BOTOCORE_SERVICES
    assert "botocore/data/endpoints.json" in names  # shared data stays
    locales = {n[len(packaging.BABEL_DATA):] for n in names if n.startswith(packaging.BABEL_DATA)}
    assert {"root.dat", "es.dat", "en.dat", "es_419.dat", "en_GB.dat"} <= locales
    assert not {"fr.dat", "eo.dat", "zh_Hant.dat"} & locales
    assert "babel/global.dat" in names
    zipped, unzipped = packaging.sizes(packaged / "deployment.zip")
    # 24.9 / 60.0 MB before trimming (README): keep it from creeping back.
    assert zipped < 10e6 and unzipped < 30e6, (zipped, unzipped)


def test_the_package_keeps_babels_data_for_every_language_the_app_speaks():
    from chalicelib.i18n import LANGUAGES

    assert {"root", *LANGUAGES} == packaging.BABEL_LOCALES


def test_every_service_the_roles_grant_is_in_the_trimmed_botocore():
    granted = set()
    for policy in template.POLICIES.values():
        for statement in policy(settings_for("prod")):
            granted |= {action.split(":")[0] for action in statement["Action"]}
    # Lambda itself writes the logs; SES's v1 API is "ses" in botocore and IAM alike.
    assert granted - {"logs"} <= packaging.BOTOCORE_SERVICES, granted
