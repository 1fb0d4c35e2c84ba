"""The source layout: no import cycles among ordgen's modules, and modules of a readable size."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

MAX_LINES = 450


def _tool():
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "tools" / "import_graph.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_module_imports_itself_through_others() -> None:
    tool = _tool()
    edges = tool.graph()
    assert "ordgen.diff.words" in edges["ordgen.diff.drafts"]  # the graph sees real imports
    assert tool.cycles(edges) == []


def test_a_planted_cycle_is_found() -> None:
    tool = _tool()
    assert tool.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_no_module_is_too_long_to_read_whole() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "src" / "ordgen").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_module_has_its_test_file() -> None:
    """tests/test_<module>.py for each module; a package's __init__ is covered by the test
    files of its modules (test_<package>_*.py)."""
    tests = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    missing = []
    for path in (ROOT / "src" / "ordgen").rglob("*.py"):
        parts = path.relative_to(ROOT / "src" / "ordgen").with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            name = "_".join(parts[:-1]) or "api"
            if not any(t == f"test_{name}" or t.startswith(f"test_{name}_") for t in tests):
                missing.append(name)
        elif "test_" + "_".join(parts) not in tests:
            missing.append("_".join(parts))
    assert missing == []
