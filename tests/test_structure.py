"""The package's import graph runs one way: no cycle among module-level imports.

Two modules that need each other hide a third piece inside one of them (STYLE.md, "Rooms").
The graph is read from the source with ``ast``: every ``from .x import`` / ``from . import x``
/ ``import stance.x`` at module level (not inside a function, and not under ``TYPE_CHECKING``).
A second test reads function-level imports too: they make no cycle either.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[1] / "src" / "stance"



def _imports(tree: ast.Module, module_level: bool) -> set[str]:
    found: set[str] = set()
    nodes = tree.body if module_level else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("stance."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("stance."))
    return found


def import_graph(module_level: bool = True) -> dict[str, set[str]]:
    modules = {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.glob("*.py")}
    return {m: {d for d in _imports(tree, module_level) if d in modules and d != m} for m, tree in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or around a loop (Tarjan's components)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycles_finds_a_cycle_and_ignores_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_cycle_among_module_level_imports():
    assert cycles(import_graph(module_level=True)) == []


def test_function_level_imports_make_no_cycle_either():
    assert cycles(import_graph(module_level=False)) == []


# ------------------------------------------------------------------------ function-level imports
# STYLE.md, "Rooms": the only function-level imports are deliberate lazy ones, each with a one-line
# reason in a comment that starts "# lazy:" (a heavy library kept off the fast path, an optional extra).

LAZY_MARK = "# lazy:"


def _reasons(source: str) -> set[int]:
    """Lines carrying a comment that starts with ``# lazy:`` and goes on to give a reason."""
    found = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and tok.string.startswith(LAZY_MARK) and tok.string[len(LAZY_MARK):].strip():
            found.add(tok.start[0])
    return found


def unexplained_imports(source: str) -> list[int]:
    """First lines of the imports inside a function that give no ``# lazy:`` reason.

    The reason stands on the line above the import or on one of its own lines; imports that
    follow one with a reason line by line (a block, no blank line between) share it.
    """
    reasons = _reasons(source)
    inside = {n for f in ast.walk(ast.parse(source)) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    explained_ends: set[int] = set()
    missing = []
    for node in sorted(inside, key=lambda n: n.lineno):
        own = set(range(node.lineno, node.end_lineno + 1))
        above = node.lineno - 1
        if own & reasons or above in reasons or above in explained_ends:
            explained_ends.add(node.end_lineno)
        else:
            missing.append(node.lineno)
    return missing


def test_unexplained_imports_finds_the_imports_without_a_reason():
    source = "\n".join([
        "import os",                              # 1  module level: not asked
        "def f():",                               # 2
        "    # lazy: numpy is heavy",             # 3
        "    import numpy",                       # 4  reason above
        "    import pandas",                      # 5  shares the block's reason
        "",                                       # 6
        "    import json",                        # 7  no reason
        "    s = '# lazy: in a string'",          # 8
        "    import re",                          # 9  a string is no comment
        "    import csv  # lazy: as a note",      # 10 reason beside
        "    # lazy:",                            # 11
        "    import sys",                         # 12 a mark without a reason
        "    def g():",                           # 13
        "        from x import (a,",              # 14
        "                       b)  # lazy: x",   # 15 reason on its last line
        "        import y",                       # 16 block of the one above
        "    # lazy: thing",                      # 17
        "    x = 1",                              # 18
        "    import z",                           # 19 the reason is not on the line above
        "",
    ])
    assert unexplained_imports(source) == [7, 9, 12, 19]


def test_every_function_level_import_gives_its_reason():
    offenders = [f"{p.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}:{line}"
                 for p in sorted(PACKAGE.rglob("*.py")) for line in unexplained_imports(p.read_text(encoding="utf-8"))]
    assert offenders == []


# ------------------------------------------------------------------------------------ room sizes
# STYLE.md, "Rooms": a module reads in one sitting, a function on one screen (issue 10: about 600
# and 80 lines).
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def test_no_module_is_over_600_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_no_function_is_over_80_lines():
    long = [f"{p.stem}.{node.name}: {node.end_lineno - node.lineno + 1}"
            for p in sorted(PACKAGE.glob("*.py")) for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


# -------------------------------------------------------------- scripts outside the package
# Benchmarks and experiment scripts are not run by the suite, so a name moved inside the package
# would break them silently: every ``from stance.x import y`` they make must resolve.
def test_scripts_import_only_names_the_package_has():
    import importlib
    import importlib.util

    root = PACKAGE.parents[1]
    missing = []
    for script in sorted([*root.glob("benchmarks/*.py"), *root.glob("experiments/**/*.py")]):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stance"):
                module = importlib.import_module(node.module)
                missing += [f"{script.relative_to(root)}: {node.module}.{a.name}"
                            for a in node.names if not hasattr(module, a.name)
                            and importlib.util.find_spec(f"{node.module}.{a.name}") is None]  # a submodule
    assert missing == []
