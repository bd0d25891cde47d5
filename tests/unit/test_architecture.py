"""The shape of chalicelib: a kernel that knows no area, areas that know no other area,
and no import cycle between packages (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

CHALICELIB = Path(__file__).resolve().parents[2] / "functions" / "chalicelib"

# The platform every area builds on. Everything else under chalicelib/ is an area, but
# areas.py, the list of areas that the app and the site build read.
KERNEL = {"config", "errors", "i18n", "context", "http", "api", "registry", "db", "throttle", "content",
          "counters", "optimistic", "money",
          "validation", "addresses", "countries", "phones", "email_addresses", "vies", "aws",
          "snapstart", "openapi", "shapes", "summary", "auth", "activity", "mail", "company",
          "jobs", "audit", "console"}
COMPOSITION = {"areas"}


def _targets(node: ast.ImportFrom | ast.Import, package: list[str]) -> set[str]:
    """The chalicelib units one import statement reaches."""
    if isinstance(node, ast.Import):
        return {a.name.split(".")[1] for a in node.names if a.name.startswith("chalicelib.")}
    if node.level == 0:
        if not (node.module or "").startswith("chalicelib."):
            return set()
        path = node.module.split(".")[1:]
    else:
        path = package[: len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
    return {path[0]} if path else {a.name.split(".")[0] for a in node.names}


def _imports() -> dict[str, set[str]]:
    """unit (top-level module or package) → the units it imports, lazy imports included."""
    found: dict[str, set[str]] = {}
    for path in CHALICELIB.rglob("*.py"):
        parts = list(path.relative_to(CHALICELIB).with_suffix("").parts)
        if parts == ["__init__"]:
            continue
        package = parts[:-1]  # the package a relative import starts from
        unit = parts[0]
        targets = found.setdefault(unit, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets |= _targets(node, package)
        targets.discard(unit)
    return found


IMPORTS = _imports()
AREAS = set(IMPORTS) - KERNEL - COMPOSITION


def test_the_kernel_list_names_real_units():
    assert set(IMPORTS) >= KERNEL, KERNEL - set(IMPORTS)


@pytest.mark.parametrize("unit", sorted(KERNEL))
def test_the_kernel_imports_no_area(unit):
    assert IMPORTS[unit] & (AREAS | COMPOSITION) == set()


@pytest.mark.parametrize("area", sorted(AREAS))
def test_an_area_imports_the_kernel_only(area):
    assert IMPORTS[area] - KERNEL == set(), f"{area} reaches into another area"


def test_no_cycle_between_packages():
    visiting, done, cycles = set(), set(), []

    def visit(unit, trail):
        if unit in visiting:
            cycles.append(" → ".join([*trail[trail.index(unit):], unit]))
            return
        if unit in done:
            return
        visiting.add(unit)
        for target in sorted(IMPORTS.get(unit, ())):
            visit(target, [*trail, unit])
        visiting.discard(unit)
        done.add(unit)

    for unit in sorted(IMPORTS):
        visit(unit, [])
    assert cycles == []


def test_the_import_graph_is_what_docs_architecture_shows():
    """The graph is written down; this keeps the drawing true."""
    doc = (CHALICELIB.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for area in sorted(AREAS):
        assert f"`{area}`" in doc, f"docs/architecture.md does not mention the area {area}"
