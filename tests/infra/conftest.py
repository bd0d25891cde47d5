"""Checks of the AWS deployment that need no AWS account.

Tests marked `package` run `chalice package` (once per session, into a temporary
folder); the first run on a machine fetches requirements from the package index.
Offline with an empty cache, skip them: `pytest -m "not package"` or PORTICO_OFFLINE=1.
"""

import json
import os

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "package: runs `chalice package` (package index on a machine's first run)")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PORTICO_OFFLINE"):
        skip = pytest.mark.skip(reason="PORTICO_OFFLINE is set: `chalice package` may need "
                                       "the package index; run without it to check packaging")
        for item in items:
            if "package" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def packaged(tmp_path_factory):
    """The folder with Chalice's sam.json and deployment.zip, made once per session."""
    from infra.aws.package import PackageError, package

    try:
        return package(tmp_path_factory.mktemp("aws-package"))
    except PackageError as exc:
        pytest.fail(f"{exc}\n(offline with no cached requirements? set PORTICO_OFFLINE=1 "
                    "or run pytest -m 'not package')")


@pytest.fixture(scope="session")
def sam(packaged):
    return json.loads((packaged / "sam.json").read_text())


def settings_for(stage: str) -> dict:
    from infra.aws.template import load_settings

    return load_settings(stage)
