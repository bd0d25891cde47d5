"""Build the whole static site: Spanish at DIR/, English at DIR/en/, then the search index.

    python site/build.py --out build/site [--publish]

Each language is one Pelican run with the same settings file and a few overrides; the
runs are separate processes (Pelican keeps module-level state) and go in parallel.
--publish uses publishconf.py, which needs SITE_URL in the environment.
"""

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

SITE_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(SITE_DIR)
# The plugins read the areas' descriptors (functions/chalicelib): importable when the
# build is started without PYTHONPATH=functions (make sets it); the language runs inherit it.
FUNCTIONS_DIR = os.path.join(REPO_DIR, "functions")
if FUNCTIONS_DIR not in sys.path:
    sys.path.insert(0, FUNCTIONS_DIR)


class BuildError(Exception):
    pass


def build_language(settings_file: str, lang: str, out_dir: str) -> None:
    """Run Pelican for one language into its folder of out_dir."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    # Errors (a page that cannot be read or rendered) must fail the build, not scroll by.
    init_logging(level=logging.WARNING, fatal="errors")
    base = read_settings(settings_file)
    prefix = base["LANG_PREFIX"][lang]
    override = {
        "DEFAULT_LANG": lang,
        "OUTPUT_PATH": os.path.join(out_dir, prefix.lstrip("/")),
        "SITEURL": base["SITE_ORIGIN"] + prefix,
    }
    if lang != base["LANGUAGES"][0]:
        override["THEME_STATIC_PATHS"] = []  # the first language's run copies them
    if base.get("FEED_DOMAIN"):
        override["FEED_DOMAIN"] = override["SITEURL"]
    if not os.path.isdir(base["PATH"]):
        # A fresh clone has no content yet (git keeps no empty folders).
        override["PATH"] = tempfile.mkdtemp(prefix="portico-empty-content-")
    settings = read_settings(settings_file, override=override)
    Pelican(settings).run()


def has_indexable_pages(out_dir: str) -> bool:
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    if "data-pagefind-body" in f.read():
                        return True
    return False


def build(out_dir: str, publish: bool = False) -> None:
    """Build both languages into out_dir and index them for search."""
    out_dir = os.path.abspath(out_dir)
    if out_dir in (os.path.abspath(os.sep), REPO_DIR) or REPO_DIR.startswith(out_dir + os.sep):
        raise BuildError(f"refusing to empty {out_dir}: choose an output folder of its own")
    if publish and not os.environ.get("SITE_URL"):
        raise BuildError("--publish needs SITE_URL (e.g. SITE_URL=https://portico.example.com)")
    settings_file = os.path.join(SITE_DIR, "publishconf.py" if publish else "pelicanconf.py")

    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)

    from pelican.settings import read_settings

    languages = read_settings(settings_file)["LANGUAGES"]
    with ProcessPoolExecutor(max_workers=len(languages)) as pool:
        runs = {lang: pool.submit(build_language, settings_file, lang, out_dir) for lang in languages}
        failed = []
        for lang, run in runs.items():
            try:
                run.result()
            except Exception as exc:  # a failed run reports why; the build then stops
                failed.append(f"{lang}: {exc}")
    if failed:
        raise BuildError("Pelican failed for " + "; ".join(failed))

    if has_indexable_pages(out_dir):
        done = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", out_dir, "--silent"],
            check=False,
        )
        if done.returncode != 0:
            raise BuildError(f"pagefind failed with exit code {done.returncode}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output folder (emptied first)")
    parser.add_argument("--publish", action="store_true", help="absolute URLs and feeds")
    args = parser.parse_args(argv)
    try:
        build(args.out, publish=args.publish)
    except BuildError as exc:
        print(f"site build failed: {exc}", file=sys.stderr)
        return 1
    print(f"site built in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
