"""Package the Chalice app for Lambda with `chalice package`, from a copy of functions/.

The copy gets a generated `.chalice/config.json` with one stage and no IAM role of
Chalice's making: the roles are written by hand in template.py and put on each function
when the templates are merged.

Chalice keys its own cache on the requirements *and the app's code*, so every code change
would fetch every requirement again. Instead the requirements are built once per
requirements.txt (a Chalice package of an empty app) into
`functions/.chalice/deployments/deps-<hash>-python3.11/`, and the copy gets them as its
`vendor/` folder with an empty requirements.txt: after the first run, no network.

    python -m infra.aws.package OUT_DIR     # writes OUT_DIR/sam.json and deployment.zip
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
CACHE = FUNCTIONS / ".chalice" / "deployments"
STAGE = "aws"

# Lambda's limits for a zip upload (through S3): 250 MB unzipped, 50 MB zipped direct.
MAX_UNZIPPED = 250 * 1024 * 1024
MAX_ZIPPED = 50 * 1024 * 1024

# What Lambda never reads, taken out of the zip after `chalice package` (trim()):
# - phonenumbers' geocoder, carrier and time-zone data (20.7 of its 21.8 MB): phones.py
#   only parses, checks and formats, as phonenumberslite would, with the same pin;
# - botocore's models of services the functions do not call (most of its 21 MB; the
#   data is gzip already, so this is most of the zipped size too). A service missing
#   here fails at the first client() call: BOTOCORE_SERVICES must cover every service the
#   roles in template.py grant (a test checks), plus what the background jobs will call.
# - Babel's locale data but for the languages the app speaks (chalicelib.i18n.LANGUAGES,
#   a test checks) with their regional variants and CLDR's root (1.3 of its 33 MB):
#   money.py formats amounts in those; currency digits are in babel/global.dat, kept.
PHONE_DATA = ("phonenumbers/geodata/", "phonenumbers/carrierdata/", "phonenumbers/tzdata/")
BABEL_DATA = "babel/locale-data/"
BABEL_LOCALES = {"root", "es", "en"}
BOTOCORE_SERVICES = {"dynamodb", "s3", "ses", "sesv2", "ssm", "sts", "secretsmanager",
                     "sqs", "events", "scheduler"}

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
            "lambda_timeout": 25,  # template.LAMBDA_TIMEOUT: below API Gateway's 29 s
        }},
    }


def chalice(project: Path, target: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("chalice")), "--project-dir", str(project),
         "package", "--stage", STAGE, "--pkg-format", "cloudformation", str(target)],
        capture_output=True, text=True, check=False,
        # Packaging talks to no AWS service, but Chalice wants a region and builds a
        # client, which without credentials would go looking for an EC2 metadata service.
        env={"AWS_DEFAULT_REGION": "eu-west-1", **os.environ,
             "AWS_EC2_METADATA_DISABLED": "true", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if done.returncode != 0:
        raise PackageError(f"chalice package failed:\n{done.stdout}\n{done.stderr}")


def dependencies() -> Path:
    """The requirements built for Lambda, once per requirements.txt (network the first time)."""
    requirements = (FUNCTIONS / "requirements.txt").read_bytes()
    deps = CACHE / f"deps-{hashlib.sha256(requirements).hexdigest()[:16]}-python3.11"
    if deps.is_dir():
        return deps
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        project = Path(tmp) / "deps"
        (project / ".chalice").mkdir(parents=True)
        (project / "requirements.txt").write_bytes(requirements)
        # Chalice writes no package for an app without a function.
        (project / "app.py").write_text("from chalice import Chalice\napp = Chalice('deps')\n\n\n"
                                        "@app.lambda_function()\ndef noop(event, context):\n"
                                        "    return None\n")
        config = {**chalice_config(), "app_name": "deps"}
        (project / ".chalice" / "config.json").write_text(json.dumps(config))
        chalice(project, Path(tmp) / "out")
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(Path(tmp) / "out" / "deployment.zip") as zf:
            for member in zf.namelist():
                if member != "app.py" and not member.startswith("chalice/"):
                    zf.extract(member, unpacked)
        try:
            unpacked.rename(deps)  # atomic: a concurrent build just loses the race
        except OSError:
            if not deps.is_dir():
                raise
    return deps


# Lambda's defaults, and what `chalice package` builds the requirements for.
DEFAULT_TARGET = ("x86_64", "3.11")
PLATFORMS = {"x86_64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
             "arm64": ["manylinux2014_aarch64", "manylinux_2_17_aarch64",
                       "manylinux_2_28_aarch64"]}


def native_dists(deps: Path) -> list[tuple[str, str, list[str]]]:
    """(name, version, files) of every installed distribution that carries compiled code."""
    found = []
    for info in sorted(deps.glob("*.dist-info")):
        record = (info / "RECORD").read_text().splitlines() if (info / "RECORD").exists() else []
        files = [line.split(",", 1)[0] for line in record if line]
        if any(f.endswith(".so") for f in files):
            meta = (info / "METADATA").read_text()
            fields = dict(line.split(": ", 1) for line in meta.splitlines()[:10] if ": " in line)
            found.append((fields["Name"], fields["Version"], files))
    return found


def retarget(deps: Path, arch: str, python: str) -> Path:
    """The requirements with their compiled parts for another architecture or Python:
    the same versions' wheels for that platform replace them (network the first time)."""
    if (arch, python) == DEFAULT_TARGET:
        return deps
    target = deps.with_name(f"{deps.name.rsplit('-python', 1)[0]}-python{python}-{arch}")
    if target.is_dir():
        return target
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        work = Path(tmp) / "deps"
        shutil.copytree(deps, work, symlinks=True)
        wheels = Path(tmp) / "wheels"
        natives = native_dists(work)
        for _name, _version, files in natives:
            for file in files:
                (work / file).unlink(missing_ok=True)
        platforms = [arg for platform in PLATFORMS[arch] for arg in ("--platform", platform)]
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
             *platforms, "--dest", str(wheels),
             *[f"{name}=={version}" for name, version, _ in natives]],
            capture_output=True, text=True, check=False,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        if done.returncode != 0:
            raise PackageError(f"no {arch}/Python {python} wheels for "
                               f"{', '.join(n for n, _, _ in natives)}:\n{done.stderr}")
        for wheel in sorted(wheels.glob("*.whl")):
            with zipfile.ZipFile(wheel) as zf:
                zf.extractall(work)
        try:
            work.rename(target)
        except OSError:
            if not target.is_dir():
                raise
    return target


def copy_project(dest: Path, target: tuple[str, str] = DEFAULT_TARGET) -> Path:
    project = dest / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(FUNCTIONS, project, ignore=shutil.ignore_patterns(
        "__pycache__", "*.pyc", ".chalice"))
    (project / ".chalice").mkdir()
    (project / ".chalice" / "config.json").write_text(json.dumps(chalice_config(), indent=2))
    (project / "requirements.txt").write_text("# built once, in vendor/ (see package.py)\n")
    (project / "vendor").symlink_to(retarget(dependencies(), *target), target_is_directory=True)
    return project


def package(out: Path, *, arch: str = DEFAULT_TARGET[0], python: str = DEFAULT_TARGET[1]) -> Path:
    """Run `chalice package` into out/; return the folder holding sam.json and deployment.zip.

    arch, python: the Lambda platform (settings lambda_architecture, lambda_python); the
    compiled requirements (argon2, nh3, pydantic-core, cffi, markupsafe) are swapped for
    that platform's wheels of the same versions."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    project = copy_project(out, (arch, python))
    target = out / "package"
    shutil.rmtree(target, ignore_errors=True)
    chalice(project, target)
    trim(target / "deployment.zip")
    check_size(target / "deployment.zip")
    return target


def dropped(member: str) -> bool:
    if member.startswith(PHONE_DATA):
        return True
    if member.startswith(BABEL_DATA) and member.endswith(".dat"):
        return member[len(BABEL_DATA):].split("_")[0].removesuffix(".dat") not in BABEL_LOCALES
    parts = member.split("/")
    return len(parts) > 3 and parts[:2] == ["botocore", "data"] and \
        parts[2] not in BOTOCORE_SERVICES


def trim(zip_path: Path) -> None:
    """Rewrite the package without what Lambda never reads (see PHONE_DATA)."""
    trimmed = zip_path.with_suffix(".trimmed")
    with zipfile.ZipFile(zip_path) as src, \
            zipfile.ZipFile(trimmed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if not dropped(info.filename):
                dst.writestr(info, src.read(info), compress_type=zipfile.ZIP_DEFLATED)
    trimmed.replace(zip_path)


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
