"""The one list a project finds its resources in: `RESOURCES` in its package's resources.py.

The list is edited as text, a line per resource, and only while it is still the plain list of
names the template wrote: anything else is the owner's code, which `scaffold` won't rewrite.
"""

import ast
from pathlib import Path

from scaffold.errors import ScaffoldError

_NAME = "RESOURCES"


def registered(registry: Path) -> tuple[str, ...]:
    """The resources the list names, in order."""
    return _read(registry)[0]


def with_resource(registry: Path, module: str) -> str:
    """The registry's text with `module` added at the end of the list."""
    names, lines, (start, end) = _read(registry)
    return _written(lines, start, end, [*names, module])


def without_resource(registry: Path, module: str) -> str:
    """The registry's text with `module` taken out of the list."""
    names, lines, (start, end) = _read(registry)
    return _written(lines, start, end, [name for name in names if name != module])


def _written(lines: list[str], start: int, end: int, names: list[str]) -> str:
    if names:
        body = [f"{_NAME}: list[str] = [\n", *(f'    "{name}",\n' for name in names), "]\n"]
    else:
        body = [f"{_NAME}: list[str] = []\n"]
    return "".join([*lines[:start], *body, *lines[end:]])


def _read(registry: Path) -> tuple[tuple[str, ...], list[str], tuple[int, int]]:
    """The names, the file's lines, and the lines the list spans (0-based, end exclusive)."""
    unsafe = ScaffoldError(
        f"{registry} no longer holds the plain list `{_NAME}: list[str] = [...]` of resource "
        "names the template wrote: nothing was written; restore it, then run this again"
    )
    if not registry.is_file():
        raise ScaffoldError(f"{registry} is missing: this project can't find its resources")
    text = registry.read_text(encoding="utf-8")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        raise unsafe from None
    found = [
        node
        for node in tree.body
        if isinstance(node, ast.AnnAssign | ast.Assign)
        and _NAME in [t.id for t in _targets(node) if isinstance(t, ast.Name)]
    ]
    node = found[0] if len(found) == 1 else None
    if node is None or not isinstance(node.value, ast.List):
        raise unsafe
    items = node.value.elts
    if not all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items):
        raise unsafe
    lines = text.splitlines(keepends=True)
    end = node.end_lineno or node.lineno
    # Only whole lines are rewritten: nothing else may share the list's first or last line.
    if node.col_offset != 0 or lines[end - 1].rstrip()[-1:] != "]" or _comments(lines, node):
        raise unsafe
    names = tuple(str(item.value) for item in items if isinstance(item, ast.Constant))
    return names, lines, (node.lineno - 1, end)


def _targets(node: ast.AnnAssign | ast.Assign) -> list[ast.expr]:
    return [node.target] if isinstance(node, ast.AnnAssign) else node.targets


def _comments(lines: list[str], node: ast.stmt) -> bool:
    """Whether the owner wrote comments inside the list, which a rewrite would lose."""
    return any("#" in line for line in lines[node.lineno - 1 : node.end_lineno])
