"""Rules of the data layer that read the code: no Scan anywhere, and the kernel modules
stand on their own (billing and the other areas build on them, never the reverse)."""

import ast
import re
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "functions" / "chalicelib"

# Files allowed to scan the table, with the reason. Empty: every read is a GetItem, a
# BatchGetItem or a Query of a partition or of gsi1 (docs/data.md).
SCAN_ALLOWED: dict[str, str] = {}

KERNEL = ("db.py", "money.py", "counters.py", "optimistic.py")
KERNEL_IMPORTS = {"config", "errors", "i18n", "db", "money", "optimistic"}


def scans(root: Path) -> list[str]:
    """file:line of every Scan call under root."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\.scan\s*\(|[\"']Scan[\"']", line):
                found.append(f"{path.relative_to(root)}:{number}")
    return found


def test_no_code_path_scans_the_table():
    assert [s for s in scans(CHALICELIB) if s.split(":")[0] not in SCAN_ALLOWED] == []


def test_the_scan_finder_finds_scans(tmp_path):
    (tmp_path / "area").mkdir()
    (tmp_path / "area" / "jobs.py").write_text(
        "x = 1\nfor item in Item.scan():\n    pass\nclient.scan (TableName=t)\n"
        "conn.dispatch('Scan', {})\nItem.query(pk, scan_index_forward=False)\n")
    assert scans(tmp_path) == ["area/jobs.py:2", "area/jobs.py:4", "area/jobs.py:5"]


def test_the_kernel_imports_no_area():
    for name in KERNEL:
        tree = ast.parse((CHALICELIB / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1 and (node.module or "").split(".")[0] in KERNEL_IMPORTS, \
                    f"{name} imports .{node.module}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                    [a.name for a in node.names]
                assert not any(n.startswith("chalicelib") for n in names), name
