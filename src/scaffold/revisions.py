"""Alembic revision files, read without importing them: the head a new revision follows, and
the revision that drops a removed resource's table."""

import ast
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ScaffoldError


@dataclass(frozen=True)
class Revision:
    path: Path
    revision: str
    down_revisions: tuple[str, ...]
    tree: ast.Module


def revisions(folder: Path) -> tuple[Revision, ...]:
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        values = dict(_assignments(tree))
        revision = values.get("revision")
        if isinstance(revision, str):
            down = values.get("down_revision")
            # None for the first revision, a tuple for a merge.
            downs: tuple[str, ...] = (down,) if isinstance(down, str) else ()
            if isinstance(down, tuple | list):
                downs = tuple(map(str, down))
            found.append(Revision(path, revision, downs, tree))
    return tuple(found)


def head(folder: Path) -> str:
    """The one revision no other follows; several heads must be merged first."""
    known = revisions(folder)
    followed = {down for revision in known for down in revision.down_revisions}
    heads = [revision.revision for revision in known if revision.revision not in followed]
    if len(heads) != 1:
        raise ScaffoldError(
            f"{folder} has {len(heads) or 'no'} Alembic heads ({', '.join(heads)}): "
            "merge them first (alembic merge heads), then run this again"
            if heads
            else f"{folder} holds no Alembic revision to follow"
        )
    return heads[0]


def drop_revision(folder: Path, *, table: str, created_by: str, revision: str, title: str) -> str:
    """A revision after the head that drops `table`; its downgrade is the creating revision's
    upgrade, so the table can come back."""
    creating = next((r for r in revisions(folder) if r.revision == created_by), None)
    if creating is None:
        raise ScaffoldError(f"no revision {created_by} in {folder}: it created the table {table}")
    upgrade = next(
        node
        for node in creating.tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "upgrade"
    )
    source = creating.path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(source[upgrade.body[0].lineno - 1 : upgrade.end_lineno])
    previous = head(folder)
    return f'''"""{title}.

Revision ID: {revision}
Revises: {previous}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "{revision}"
down_revision: str | None = "{previous}"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("{table}")


def downgrade() -> None:
{body}'''


def _assignments(tree: ast.Module) -> list[tuple[str, object]]:
    pairs = []
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        value = getattr(node, "value", None)
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                try:
                    pairs.append((target.id, ast.literal_eval(value)))
                except ValueError:
                    continue
    return pairs
