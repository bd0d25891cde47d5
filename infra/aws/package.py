"""Package the Chalice app for Lambda with `chalice package`, from a copy of functions/.

The copy gets a generated `.chalice/config.json` with one stage and no IAM role of
Chalice's making: the roles are written by hand in template.py and put on each function
when the templates are merged. The copy's `.chalice/deployments` is the checkout's own
cache folder, so requirements are fetched from the package index once per machine.

    python -m infra.aws.package OUT_DIR     # writes OUT_DIR/sam.json and deployment.zip
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
CACHE = FUNCTIONS / ".chalice" / "deployments"
STAGE = "aws"

# Lambda's limits for a zip upload (through S3): 250 MB unzipped, 50 MB zipped direct.
MAX_UNZIPPED = 250 * 1024 * 1024
MAX_ZIPPED = 50 * 1024 * 1024

# Chalice insists on a role when it does not manage one; the merge replaces it.
PLACEHOLDER_ROLE = "arn:aws:iam::000000000000:role/replaced-by-template"


class PackageError(Exception):
    pass


def chalice_config() -> dict:
    base = json.loads((FUNCTIONS / ".chalice" / "config.json").read_text())
    return {
        "version": base["version"],
        "app_name": base["app_name"],
        "api_gateway_stage": base["api_gateway_stage"],
        "autogen_policy": False,
        "stages": {STAGE: {
            "manage_iam_role": False,
            "iam_role_arn": PLACEHOLDER_ROLE,
            "lambda_memory_size": 1024,
            "lambda_timeout": 30,
        }},
    }


def copy_project(dest: Path) -> Path:
    project = dest / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(FUNCTIONS, project, ignore=shutil.ignore_patterns(
        "__pycache__", "*.pyc", ".chalice"))
    (project / ".chalice").mkdir()
    (project / ".chalice" / "config.json").write_text(json.dumps(chalice_config(), indent=2))
    CACHE.mkdir(parents=True, exist_ok=True)
    (project / ".chalice" / "deployments").symlink_to(CACHE, target_is_directory=True)
    return project


def package(out: Path) -> Path:
    """Run `chalice package` into out/; return the folder holding sam.json and deployment.zip."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    project = copy_project(out)
    target = out / "package"
    shutil.rmtree(target, ignore_errors=True)
    chalice = Path(sys.executable).with_name("chalice")
    done = subprocess.run(
        [str(chalice), "--project-dir", str(project), "package", "--stage", STAGE,
         "--pkg-format", "cloudformation", str(target)],
        capture_output=True, text=True, check=False,
        # Packaging talks to no AWS service, but Chalice wants a region to be set.
        env={"AWS_DEFAULT_REGION": "eu-west-1", **os.environ,
             "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if done.returncode != 0:
        raise PackageError(f"chalice package failed:\n{done.stdout}\n{done.stderr}")
    check_size(target / "deployment.zip")
    return target


def sizes(zip_path: Path) -> tuple[int, int]:
    """Return (zipped, unzipped) bytes of a deployment package."""
    with zipfile.ZipFile(zip_path) as zf:
        unzipped = sum(info.file_size for info in zf.infolist())
    return zip_path.stat().st_size, unzipped


def check_size(zip_path: Path) -> None:
    zipped, unzipped = sizes(zip_path)
    if zipped > MAX_ZIPPED or unzipped > MAX_UNZIPPED:
        raise PackageError(f"{zip_path} is {zipped} bytes zipped, {unzipped} unzipped: "
                           "over Lambda's limits")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        target = package(args.out)
    except PackageError as exc:
        print(exc, file=sys.stderr)
        return 1
    zipped, unzipped = sizes(target / "deployment.zip")
    print(f"packaged {target}: {zipped / 1e6:.1f} MB zipped, {unzipped / 1e6:.1f} MB unzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
