"""Check the package's structure: no import cycle between learnref's modules, and no
function longer than the limit except Typer command declarations and templates.

    python scripts/check_structure.py            # exit 1 and a list when a rule is broken
    python scripts/check_structure.py --longest 10   # also list the longest functions
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "learnref"
MAX_FUNCTION_LINES = 50
# Typer declares one parameter per option in a command's signature, so a command function
# is long by declaration, not by logic: these decorators mark it.
DECLARATIONS = ("command", "callback")


def module_name(path: Path) -> str:
    """The dotted module name of a file in the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The learnref modules a file imports, at any depth (inside functions too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(max(node.level - 1, 0)):
                base = base.rpartition(".")[0]
            target = f"{base}.{node.module}" if node.level and node.module else node.module or base
            if node.level == 0 and not (node.module or "").startswith("learnref"):
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _is_module(candidate) else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("learnref"))
    found.discard(name)
    return {module for module in found if _is_module(module)}


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (
        PACKAGE / relative / "__init__.py"
    ).is_file()


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle's first appearance, found by depth-first search."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                cycle = path[path.index(nxt) :]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append([*cycle, nxt])
            elif len(path) < 12:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    return found


def function_lengths() -> list[tuple[int, str]]:
    """(lines, place) for every function in the package, declarations left out."""
    lengths: list[tuple[int, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if any(_is_declaration(decorator) for decorator in node.decorator_list):
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            place = f"{path.relative_to(PACKAGE.parent.parent)}:{node.lineno} {node.name}"
            lengths.append((lines, place))
    return sorted(lengths, reverse=True)


def _is_declaration(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in DECLARATIONS


def main() -> int:
    """Print what breaks the rules; exit 1 when anything does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--longest", type=int, default=0, help="list the N longest functions")
    options = parser.parse_args()
    graph = {module_name(path): imports(path) for path in PACKAGE.rglob("*.py")}
    problems = [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    lengths = function_lengths()
    problems += [
        f"{place}: {lines} lines (limit {MAX_FUNCTION_LINES})"
        for lines, place in lengths
        if lines > MAX_FUNCTION_LINES
    ]
    for lines, place in lengths[: options.longest]:
        print(f"{lines:4d}  {place}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
