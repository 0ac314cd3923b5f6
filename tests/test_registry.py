from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError
from scaffold.registry import registered, with_resource, without_resource

DOC = '"""The resources this project serves."""\n\n'
EMPTY = f"{DOC}RESOURCES: list[str] = []\n"
TWO = f'{DOC}RESOURCES: list[str] = [\n    "products",\n    "orders",\n]\n'


def registry(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "resources.py"
    path.write_text(text)
    return path


def test_adding_to_the_empty_list(tmp_path: Path) -> None:
    """The first resource turns `[]` into the one-per-line list ruff format keeps."""
    assert with_resource(registry(tmp_path, EMPTY), "products") == (
        f'{DOC}RESOURCES: list[str] = [\n    "products",\n]\n'
    )


def test_adding_appends_one_line(tmp_path: Path) -> None:
    """A further resource is one more line, after the others; the rest of the file stays."""
    text = with_resource(registry(tmp_path, TWO + "\nEXTRA = 1\n"), "tags")

    assert text == TWO.replace('"orders",\n', '"orders",\n    "tags",\n') + "\nEXTRA = 1\n"


def test_removing_takes_the_line_out(tmp_path: Path) -> None:
    assert without_resource(registry(tmp_path, TWO), "products") == (
        f'{DOC}RESOURCES: list[str] = [\n    "orders",\n]\n'
    )


def test_removing_the_last_leaves_the_empty_list(tmp_path: Path) -> None:
    path = registry(tmp_path, f'{DOC}RESOURCES: list[str] = [\n    "products",\n]\n')

    assert without_resource(path, "products") == EMPTY


def test_registered_lists_in_order(tmp_path: Path) -> None:
    assert registered(registry(tmp_path, TWO)) == ("products", "orders")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f'{DOC}RESOURCES = [*OTHERS, "products"]\n', id="computed"),
        pytest.param(f"{DOC}RESOURCES = tuple(load())\n", id="not-a-list"),
        pytest.param(f'{DOC}RESOURCES = [\n    "products",  # the shop\n]\n', id="comment"),
        pytest.param(f"{DOC}RESOURCES = []\nRESOURCES = []\n", id="twice"),
        pytest.param(f"{DOC}OTHER = []\n", id="missing"),
        pytest.param(f"{DOC}RESOURCES = [\n", id="syntax-error"),
        pytest.param(f"{DOC}if True:\n    RESOURCES = []\n", id="nested"),
        pytest.param(f'{DOC}RESOURCES = ["products"]; X = 1\n', id="shared-line"),
    ],
)
def test_a_list_the_owner_rewrote_is_not_touched(tmp_path: Path, text: str) -> None:
    """Where the line can't be added safely, the edit is refused and the file is unchanged."""
    path = registry(tmp_path, text)

    with pytest.raises(ScaffoldError, match="nothing was written"):
        with_resource(path, "tags")
    assert path.read_text() == text
