"""Cold-start settings: SnapStart's runtime hooks, versions and alias, arm64, validation."""

import json
import os
import random
import subprocess
import sys
import types
from pathlib import Path

import pytest
from moto import mock_aws

from infra.aws import template
from tests.infra.conftest import settings_for
from tests.infra.test_templates import FAKE_SAM

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hooks(monkeypatch):
    """Lambda's snapshot_restore_py, as the Python 3.12+ runtimes provide it."""
    registered = {"before": [], "after": []}
    module = types.ModuleType("snapshot_restore_py")
    module.register_before_snapshot = registered["before"].append
    module.register_after_restore = registered["after"].append
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", module)
    return registered


def test_hooks_are_registered_only_where_the_runtime_has_them(hooks, monkeypatch):
    from chalicelib import snapstart

    assert snapstart.install() is True
    assert hooks == {"before": [snapstart.before_snapshot], "after": [snapstart.after_restore]}
    monkeypatch.delitem(sys.modules, "snapshot_restore_py")
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)  # import fails: not Lambda
    assert snapstart.install() is False


def test_the_app_installs_the_hooks_when_it_is_imported(tmp_path):
    child = ("import sys, types\n"
             "m = types.ModuleType('snapshot_restore_py'); seen = []\n"
             "m.register_before_snapshot = seen.append; m.register_after_restore = seen.append\n"
             "sys.modules['snapshot_restore_py'] = m\n"
             "import app\n"
             "print(sorted(f.__name__ for f in seen))\n")
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'functions'}{os.pathsep}{ROOT}"}
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['after_restore', 'before_snapshot']"


def test_a_restored_environment_has_its_own_random_sequence_and_fresh_connections():
    from chalicelib import aws, db, snapstart
    from chalicelib.db import Item

    with mock_aws():
        from tests.support import stack

        stack.create_resources()
        s3, connection = aws.client("s3"), db._connection()
        Item.exists()  # PynamoDB keeps a connection on the model class
        assert Item._connection is not None
        snapshot = random.getstate()  # what every restored copy would start from
        random.setstate(snapshot)
        without_hook = [random.random() for _ in range(3)]
        random.setstate(snapshot)
        snapstart.after_restore()
        with_hook = [random.random() for _ in range(3)]
        assert with_hook != without_hook
        assert aws.client("s3") is not s3
        assert db._connection() is not connection
        assert Item._connection is None
        assert Item.exists()  # and everything is made again on first use


def snap_settings(**changes):
    return {**settings_for("prod"), "lambda_python": "3.12", "snapstart": True,
            "lambda_architecture": "arm64", **changes}


def test_snapstart_publishes_versions_and_api_gateway_invokes_the_alias():
    sam = json.loads(json.dumps(FAKE_SAM))
    sam["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"] = {"/{proxy+}": {
        "x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": {"uri": {
            "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/"
                       "2015-03-31/functions/${APIHandler.Arn}/invocations"}}}}}
    sam["Resources"]["APIHandlerInvokePermission"] = {"Type": "AWS::Lambda::Permission",
                                                      "Properties": {
        "FunctionName": {"Ref": "APIHandler"}, "Action": "lambda:InvokeFunction",
        "Principal": "apigateway.amazonaws.com"}}
    resources = template.main_template(snap_settings(), sam,
                                       edge_version_arn=template.PLACEHOLDER_EDGE_ARN)["Resources"]
    fn = resources["APIHandler"]["Properties"]
    assert fn["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert fn["AutoPublishAlias"] == "live"
    assert fn["Runtime"] == "python3.12" and fn["Architectures"] == ["arm64"]
    body = json.dumps(resources["RestAPI"]["Properties"]["DefinitionBody"])
    assert "functions/${APIHandler.Arn}:live/invocations" in body
    assert "${APIHandler.Arn}/" not in body  # no $LATEST left
    assert resources["APIHandlerInvokePermission"]["Properties"]["FunctionName"] == \
        {"Ref": "APIHandler.Alias"}


def test_cold_start_settings_are_off_by_default_and_checked():
    fn = template.main_template(settings_for("prod"), FAKE_SAM,
                                edge_version_arn=template.PLACEHOLDER_EDGE_ARN)[
        "Resources"]["APIHandler"]["Properties"]
    assert "SnapStart" not in fn and "AutoPublishAlias" not in fn
    assert fn["Runtime"] == "python3.11" and fn["Architectures"] == ["x86_64"]
    for bad, words in (({"snapstart": True}, "3.12"),
                       ({"lambda_architecture": "arm"}, "lambda_architecture"),
                       ({"lambda_python": "3.9"}, "lambda_python")):
        with pytest.raises(template.SettingsError, match=words):
            template.check_lambda_platform({**settings_for("prod"), **bad})


@pytest.mark.package
@pytest.mark.xdist_group("aws-package")
def test_cfn_lint_passes_with_snapstart_and_arm64(sam, tmp_path):
    main = template.main_template(snap_settings(), sam,
                                  edge_version_arn=template.PLACEHOLDER_EDGE_ARN)
    path = template.write(tmp_path / "main.json", main)
    lint = Path(sys.executable).with_name("cfn-lint")
    done = subprocess.run([str(lint), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.package
@pytest.mark.xdist_group("aws-package")
def test_arm64_packages_carry_arm64_native_code():
    """The same versions' wheels for aarch64 and Python 3.12 (network on first run)."""
    from infra.aws import package as packaging

    deps = packaging.retarget(packaging.dependencies(), "arm64", "3.12")
    libraries = sorted(deps.rglob("*.so"))
    assert {p.parent.name for p in libraries} >= {"pydantic_core", "nh3", "_argon2_cffi_bindings"}
    for library in libraries:
        header = library.read_bytes()[:20]
        assert int.from_bytes(header[18:20], "little") == 183, library  # EM_AARCH64
    assert not [p for p in libraries if "x86_64" in p.name or "311" in p.name]
