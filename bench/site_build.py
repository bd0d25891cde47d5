"""Site build time at scale, against plain Pelican, and the weight of an article page.

Generates 2,000 knowledge-base articles (1,000 texts in Spanish and English, in the real
categories), builds them the way site/build.py does (both languages, our plugins and
templates, then Pagefind), then builds the same Markdown with plain Pelican and its
default theme, and prints both times and their ratio, and the CSS+JS an article page
loads before interaction (gzipped).

    python -m bench.site_build [--articles 2000]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"

WORDS = {
    "es": ("servidor dominio correo copia seguridad factura cliente panel registro certificado base datos "
           "ticket soporte migración red velocidad espacio cuota contraseña acceso archivo plan renovación "
           "configuración nameserver transferencia aplicación usuario sesión pedido pago").split(),
    "en": ("server domain email backup security invoice customer panel record certificate database ticket "
           "support migration network speed space quota password access file plan renewal configuration "
           "nameserver transfer application user session order payment").split(),
}
CATEGORIES = ("primeros-pasos", "soporte", "correo", "dominios-dns", "facturacion")


def generate(content: Path, texts: int) -> None:
    """Write `texts` articles in each language into a copy of the real category settings."""
    rng = random.Random(2026)
    shutil.copy(ROOT / "content" / "categories.toml", content / "categories.toml")
    for n in range(texts):
        category = CATEGORIES[n % len(CATEGORIES)]
        folder = content / "kb" / category
        folder.mkdir(parents=True, exist_ok=True)
        picks = rng.sample(range(min(len(w) for w in WORDS.values())), 8)
        for lang, slug in (("es", f"articulo-{n:05d}"), ("en", f"article-{n:05d}")):
            words = WORDS[lang]
            title = " ".join(words[i] for i in picks[:4]).capitalize()
            tags = ", ".join(words[i] for i in picks[4:7])
            paragraphs = "\n\n".join(
                " ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(5)
            )
            (folder / f"{slug}.{lang}.md").write_text(
                f"Title: {title} {n}\nSlug: {slug}\nLang: {lang}\nKey: text-{n:05d}\nTags: {tags}\n"
                f"Date: 2026-01-{1 + n % 28:02d}\n\n## {words[picks[0]].capitalize()}\n\n{paragraphs}\n",
                encoding="utf-8",
            )


def _load_build_module():
    spec = importlib.util.spec_from_file_location("portico_site_build", SITE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_language(settings_file: str, lang: str, out: str) -> None:
    _load_build_module().build_language(settings_file, lang, out)


def build_ours(content: Path, out: Path, work: Path) -> tuple[float, float]:
    """Build like site/build.py, with PATH pointed at the generated content: (pelican s, pagefind s)."""
    settings_file = work / "benchconf.py"
    settings_file.write_text(
        f"import sys\nsys.path.insert(0, {str(SITE)!r})\nfrom pelicanconf import *  # noqa\n"
        f"PATH = {str(content)!r}\nHELP_MANIFEST_PATH = {str(work / 'manifest.json')!r}\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        for run in [pool.submit(_run_language, str(settings_file), lang, str(out)) for lang in ("es", "en")]:
            run.result()
    pelican_done = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--silent"], check=True)
    return pelican_done - started, time.perf_counter() - pelican_done


def build_plain(content: Path, out: Path, work: Path) -> float:
    """Plain Pelican, default settings and theme, same Markdown (one process, one run)."""
    kb = work / "plain-content"
    shutil.copytree(content / "kb", kb)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pelican", str(kb), "-o", str(out), "-q"], check=True, cwd=work)
    return time.perf_counter() - started


def article_weight(out: Path) -> tuple[str, int]:
    from bench.page_weight import measure

    weights = measure(str(out))
    url = next(u for u in sorted(weights) if u.startswith("/kb/") and u.count("/") == 4)
    return url, weights[url]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in all (half per language)")
    args = parser.parse_args(argv)
    texts = args.articles // 2
    with tempfile.TemporaryDirectory(prefix="portico-bench-") as tmp:
        work = Path(tmp)
        content = work / "content"
        content.mkdir()
        generate(content, texts)
        ours_pelican, ours_pagefind = build_ours(content, work / "ours", work)
        plain = build_plain(content, work / "plain", work)
        url, weight = article_weight(work / "ours")
    ours = ours_pelican + ours_pagefind
    print(f"site build, {texts * 2} articles ({texts} per language), {os.cpu_count()} CPUs")
    print(f"  ours: Pelican es+en {ours_pelican:6.2f} s + Pagefind {ours_pagefind:5.2f} s = {ours:6.2f} s")
    print(f"  plain Pelican, default theme      {plain:6.2f} s")
    print(f"  ratio ours / plain                {ours / plain:6.2f} x")
    print(f"article page weight (CSS+JS before interaction, gzip): {weight} B  ({url})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
