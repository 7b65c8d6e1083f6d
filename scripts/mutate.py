"""Flip one comparison (or drop one condition) at a time in the pure core and see a test fail.

A small, dependency-free cousin of mutmut for the modules whose every comparison decides a
verdict or a finding: each mutant is one operator swapped (< for <=, == for !=, and for or,
...) or one `if` condition forced true; the listed tests run against it in a fresh process,
and a mutant that no test kills is printed as a survivor.

    python scripts/mutate.py memo/cost.py memo/triage.py -- tests/test_cost.py ...
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


def mutants(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, description, mutated source) for every mutant of ``source``."""
    tree = ast.parse(source)
    targets: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                if type(op) in SWAPS:
                    targets.append((node, f"compare:{index}"))
        elif isinstance(node, ast.BoolOp):
            targets.append((node, "boolop"))
        elif isinstance(node, ast.If):
            targets.append((node, "if-true"))
    for number, (node, kind) in enumerate(targets):
        tree = ast.parse(source)
        target = [n for n in ast.walk(tree) if _same(n, node)][0]
        if kind.startswith("compare"):
            index = int(kind.split(":")[1])
            old = target.ops[index]
            target.ops[index] = SWAPS[type(old)]()
            label = f"{type(old).__name__} -> {type(target.ops[index]).__name__}"
        elif kind == "boolop":
            old_op = target.op
            target.op = ast.Or() if isinstance(old_op, ast.And) else ast.And()
            label = f"{type(old_op).__name__} -> {type(target.op).__name__}"
        else:
            target.test = ast.Constant(True)
            label = "if condition -> True"
        yield node.lineno, f"#{number} {label}", ast.unparse(tree)


def _same(a: ast.AST, b: ast.AST) -> bool:
    return (type(a) is type(b) and getattr(a, "lineno", None) == getattr(b, "lineno", None)
            and getattr(a, "col_offset", None) == getattr(b, "col_offset", None))


def run(files: list[Path], tests: list[str]) -> int:
    survivors = 0
    total = 0
    for path in files:
        original = path.read_text(encoding="utf-8")
        try:
            for line, label, mutated in mutants(original):
                total += 1
                path.write_text(mutated, encoding="utf-8")
                result = subprocess.run(
                    [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                     *tests], capture_output=True, text=True, check=False)
                if result.returncode == 0:
                    survivors += 1
                    print(f"SURVIVED {path}:{line} {label}", flush=True)
        finally:
            path.write_text(original, encoding="utf-8")
    print(f"{total} mutants, {survivors} survived", flush=True)
    return 1 if survivors else 0


if __name__ == "__main__":
    split = sys.argv.index("--")
    sys.exit(run([Path(p) for p in sys.argv[1:split]], sys.argv[split + 1:]))
