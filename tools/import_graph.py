"""Print the import cycles among ordgen's modules (there should be none).

    .venv/bin/python tools/import_graph.py

Every relative import counts, at the top of a module or inside a function; `from . import
x` counts as importing the submodule x, not its package.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "ordgen"


def graph() -> dict[str, set[str]]:
    """Module -> the ordgen modules it imports."""
    modules = {".".join(("ordgen", *p.relative_to(ROOT).with_suffix("").parts))
               .removesuffix(".__init__"): p for p in ROOT.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            parts = package.split(".")[:len(package.split(".")) - node.level + 1]
            target = ".".join(parts + ([node.module] if node.module else []))
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
            edges[name].update(subs or ([target] if target in modules else []))
            edges[name].discard(name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


if __name__ == "__main__":
    found = cycles(graph())
    for group in found:
        print(" <-> ".join(group))
    print(f"{len(found)} import cycle{'s' * (len(found) != 1)}")
    sys.exit(1 if found else 0)
