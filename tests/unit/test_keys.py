"""Models own their keys: db.py's key table lists every kind of item, and no code outside
a model builds a key by hand."""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import chalicelib
from chalicelib import db

CHALICELIB = Path(chalicelib.__file__).parent
KEY_TEXT = re.compile(r"^[A-Z_]{2,}#")


def _models() -> dict[str, type]:
    for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
        importlib.import_module(module.name)

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    # The product's models only: tests define models of their own (tests/data).
    return {cls._get_discriminator_attribute().get_discriminator(cls): cls for cls in below(db.Item)
            if cls.__module__.startswith("chalicelib.")}


def _table_kinds() -> set[str]:
    """The kind column of the docstring's first table (up to its first blank line)."""
    lines = db.__doc__.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:3] == ["pk", "sk", "kind"])
    rows = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return {row[2] for row in rows}


def test_the_key_table_lists_every_kind_of_item_and_nothing_else():
    kinds = set(_models())
    listed = _table_kinds()
    assert kinds - listed == set(), "add these kinds to the key table in chalicelib/db.py"
    assert listed - kinds == set(), "the key table lists kinds no model has"


def test_every_model_builds_its_own_keys():
    for kind, cls in _models().items():
        # A throttle counter's key is its Limit's (throttle.Limit.key).
        assert callable(getattr(cls, "key", None)) or kind == "throttle", f"{cls.__name__}.key"


def _key_builders(tree) -> set[int]:
    """Line numbers inside functions allowed to spell keys: key(), *_key(), *_pk()."""
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (
                node.name in ("key",) or node.name.endswith(("_key", "_pk"))):
            allowed |= set(range(node.lineno, node.end_lineno + 1))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PREFIX" for t in node.targets):
            allowed.add(node.lineno)
    return allowed


def test_no_key_is_spelt_outside_the_models():
    offenders = []
    for path in CHALICELIB.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _key_builders(tree)
        for node in ast.walk(tree):
            text = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                text = str(node.values[0].value)
            if text and KEY_TEXT.match(text) and node.lineno not in allowed:
                offenders.append(f"{path.relative_to(CHALICELIB)}:{node.lineno} {text!r}")
    assert offenders == []
