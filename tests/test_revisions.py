import ast
from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.revisions import drop_revision, head

CREATE = '''"""Products."""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = {down!r}


def upgrade() -> None:
    op.create_table("products", sa.Column("id", sa.Integer(), nullable=False))


def downgrade() -> None:
    op.drop_table("products")
'''


def revision(folder: Path, revision: str, down: str | tuple[str, ...] | None) -> None:
    (folder / f"{revision}_x.py").write_text(CREATE.format(revision=revision, down=down))


def test_head_is_the_revision_nothing_follows(tmp_path: Path) -> None:
    revision(tmp_path, "aaa", None)
    revision(tmp_path, "bbb", "aaa")
    revision(tmp_path, "ccc", "bbb")

    assert head(tmp_path) == "ccc"


def test_a_merge_revision_is_the_head(tmp_path: Path) -> None:
    revision(tmp_path, "aaa", None)
    revision(tmp_path, "bbb", "aaa")
    revision(tmp_path, "ccc", "aaa")
    revision(tmp_path, "ddd", ("bbb", "ccc"))

    assert head(tmp_path) == "ddd"


def test_several_heads_are_refused(tmp_path: Path) -> None:
    revision(tmp_path, "aaa", None)
    revision(tmp_path, "bbb", "aaa")
    revision(tmp_path, "ccc", "aaa")

    with pytest.raises(ScaffoldError, match=r"2 Alembic heads .*alembic merge heads"):
        head(tmp_path)


def test_drop_revision_follows_the_head_and_can_restore_the_table(tmp_path: Path) -> None:
    """Upgrading drops the table; downgrading runs what created it."""
    revision(tmp_path, "aaa", None)
    revision(tmp_path, "bbb", "aaa")

    text = drop_revision(tmp_path, table="products", created_by="aaa", revision="zzz", title="T")

    module = ast.parse(text)
    functions = {
        node.name: ast.unparse(node) for node in module.body if isinstance(node, ast.FunctionDef)
    }
    assert 'down_revision: str | None = "bbb"' in text
    assert "op.drop_table('products')" in functions["upgrade"]
    assert "op.create_table('products'" in functions["downgrade"]
