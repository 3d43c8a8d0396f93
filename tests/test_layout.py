"""The library's layout rules, checked: stages import only earlier stages, modules and functions stay short."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "dpeer_lib"
ORDER = ["core", "data", "train", "gradients", "evaluation", "dual_failure", "sweep"]  # notebooks 01-06 after core, then sweeps (07)
MODULES = sorted(p for p in LIB.rglob("*.py") if p.parent != LIB)  # dpeer_lib/__main__.py may import every stage


def _stage(path: Path) -> str:
    return path.relative_to(LIB).parts[0]


def _first_party_imports(tree: ast.AST) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dpeer_lib"):
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("dpeer_lib")]
    return out


def test_every_module_belongs_to_a_known_stage():
    assert {_stage(p) for p in MODULES} == set(ORDER)


def later_stage_imports(path: Path) -> list[str]:
    mine = ORDER.index(_stage(path))
    out = []
    for lineno, module in _first_party_imports(ast.parse(path.read_text())):
        parts = module.split(".")
        if len(parts) > 1 and parts[1] in ORDER and ORDER.index(parts[1]) > mine:
            out.append(f"{path.relative_to(LIB)}:{lineno} imports {module}")
    return out


def too_long(path: Path, max_module: int = 800, max_function: int = 80) -> list[str]:
    text = path.read_text()
    out = [f"{path.relative_to(LIB)}: {len(text.splitlines())} lines"] if len(text.splitlines()) > max_module else []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            n = node.end_lineno - node.lineno + 1
            if n > max_function:
                out.append(f"{path.relative_to(LIB)}:{node.lineno} {node.name}: {n} lines")
    return out


def test_no_stage_imports_a_later_one():
    assert [v for p in MODULES for v in later_stage_imports(p)] == []


def test_modules_and_functions_stay_short():
    assert [v for p in MODULES for v in too_long(p)] == []


def test_the_checks_can_fail(tmp_path, monkeypatch):
    """A data module importing dual_failure, and a 91-line function, are both caught."""
    monkeypatch.setattr(sys.modules[__name__], "LIB", tmp_path)
    bad = tmp_path / "data" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("from dpeer_lib.dual_failure.tables import x\n\n\ndef f():\n" + "    x = 1\n" * 90)
    assert later_stage_imports(bad) == ["data/bad.py:1 imports dpeer_lib.dual_failure.tables"]
    assert too_long(bad) == ["data/bad.py:4 f: 91 lines"]
