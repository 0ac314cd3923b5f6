"""`scaffold add resource` and `scaffold remove resource` on generated projects: what they write,
and that whatever they refuse leaves the project as it was."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scaffold import cli
from scaffold.frameworks import Framework
from scaffold.generate import NewProject, create_project
from tests.history import status
from tests.templates.projects import EVERY_TYPE

runner = CliRunner()
REGISTRY = {
    Framework.DJANGO: ["demo/resources.py"],
    Framework.FASTAPI: ["src/demo/resources.py"],
    Framework.FLASK: ["src/demo/resources.py"],
    Framework.DJANGO_FASTAPI: ["admin/demo/resources.py", "api/src/demo/resources.py"],
}


@pytest.fixture(scope="module", params=list(Framework), ids=str)
def framework(request: pytest.FixtureRequest) -> Framework:
    framework: Framework = request.param
    return framework


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[Framework, Path]:
    """One project per framework, generated once; each test works on its own copy."""
    return {
        framework: create_project(
            NewProject("demo", framework, tmp_path_factory.mktemp(str(framework)), lock=False)
        ).path
        for framework in Framework
    }


@pytest.fixture
def project(tmp_path: Path, framework: Framework, generated: dict[Framework, Path]) -> Path:
    return shutil.copytree(generated[framework], tmp_path / "demo", symlinks=True)


def scaffold(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(cli.app, [str(arg) for arg in args])
    return result.exit_code, result.output


def diff(project: Path, name: str) -> list[str]:
    """The lines a change added to and removed from a tracked file."""
    text = subprocess.run(
        ["git", "diff", "--unified=0", "--", name], cwd=project, capture_output=True, text=True
    ).stdout
    return [
        line for line in text.splitlines() if line[:1] in "+-" and line[:3] not in {"+++", "---"}
    ]


def test_a_new_project_starts_with_the_example_as_a_resource(
    project: Path, framework: Framework
) -> None:
    answers = yaml.safe_load((project / ".copier/resources/items.yml").read_text())

    assert (answers["resource"], answers["resource_owned"], answers["resource_job"]) == (
        "Item",
        True,
        True,
    )
    assert [field["name"] for field in answers["fields"]] == ["title", "description"]
    for registry in REGISTRY[framework]:
        assert 'RESOURCES: list[str] = [\n    "items",\n]\n' in (project / registry).read_text()


def test_the_example_is_removed_like_any_resource(project: Path, framework: Framework) -> None:
    code, output = scaffold("remove", "resource", "Item", "--path", project)

    assert code == 0, output
    assert not (project / ".copier/resources/items.yml").exists()
    for registry in REGISTRY[framework]:
        assert "RESOURCES: list[str] = []\n" in (project / registry).read_text()


def test_add_writes_new_files_and_the_registry_line(project: Path, framework: Framework) -> None:
    """Adding a resource writes its own files, its answers file and one line per registry."""
    scaffold("add", "resource", "Product", *EVERY_TYPE, "--path", project)
    subprocess.run(["git", "add", "--all"], cwd=project, check=True)
    subprocess.run(["git", "commit", "-qm", "Product"], cwd=project, check=True)

    code, output = scaffold("add", "resource", "Tag", "title:str", "--path", project)

    assert code == 0, output
    changed = [line for line in status(project).splitlines() if not line.startswith("??")]
    assert sorted(line[3:] for line in changed) == REGISTRY[framework]
    for registry in REGISTRY[framework]:
        assert diff(project, registry) == ['+    "tags",']
    assert (project / ".copier/resources/tags.yml").is_file()


def test_every_registry_lists_the_resources(project: Path, framework: Framework) -> None:
    scaffold("add", "resource", "Product", *EVERY_TYPE, "--path", project)
    scaffold("add", "resource", "OrderLine", "product:ref:Product", "--shared", "--path", project)

    for registry in REGISTRY[framework]:
        text = (project / registry).read_text()
        listed = '    "items",\n    "products",\n    "order_lines",\n'
        assert f"RESOURCES: list[str] = [\n{listed}]\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["User", "x:int"], "'user' is taken", id="user"),
        pytest.param(["users", "x:int"], "'users' is taken", id="users"),
        pytest.param(["Health", "x:int"], "'health' is taken", id="health"),
        pytest.param(["Auth", "x:int"], "'auth' is taken", id="auth"),
        pytest.param(["Item", "x:int"], "has a resource Item already", id="the-example"),
        pytest.param(["Group", "x:int"], "'groups' is taken", id="django-user-relation"),
    ],
)
def test_names_the_project_has_are_refused(project: Path, args: list[str], message: str) -> None:
    code, output = scaffold("add", "resource", *args, "--path", project)

    assert code == 2
    assert message in output
    assert status(project) == ""


@pytest.mark.parametrize("framework", [Framework.FASTAPI], ids=str, indirect=True)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["class", "x:int"], "'class' is a Python keyword", id="keyword"),
        pytest.param(["List", "x:int"], "'list' is a Python builtin", id="builtin"),
        pytest.param(["Thing"], "at least one field", id="no-field"),
        pytest.param(["Thing", "x:list"], "unknown type 'list'", id="type"),
        pytest.param(["Thing", "x:int:huge"], "unknown modifier 'huge'", id="modifier"),
        pytest.param(["Thing", "x:ref:Gadget"], "'Gadget', which is not a resource", id="ref"),
        pytest.param(["Thing", "x:int", "x:str"], "given twice", id="duplicate"),
        pytest.param(["Thing", "from:str"], "'from' is a Python keyword", id="field-keyword"),
        pytest.param(["9lives", "x:int"], "is not a resource name", id="not-a-name"),
        pytest.param(
            ["Thing", "processed_at:datetime", "--job"], "--job adds 'processed_at'", id="stamp"
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    project: Path, args: list[str], message: str
) -> None:
    code, output = scaffold("add", "resource", *args, "--path", project)

    assert code == 2
    assert output.startswith("scaffold: error: ")
    assert message in output
    assert len(output.strip().splitlines()) == 1
    assert status(project) == ""


@pytest.mark.parametrize("framework", [Framework.FASTAPI], ids=str, indirect=True)
def test_a_resource_is_added_once(project: Path) -> None:
    scaffold("add", "resource", "Product", "name:str", "--path", project)
    before = status(project)

    code, output = scaffold("add", "resource", "product", "title:str", "--path", project)

    assert code == 2
    assert "has a resource Product already" in output
    assert status(project) == before


def test_outside_a_generated_project(tmp_path: Path) -> None:
    code, output = scaffold("add", "resource", "Product", "name:str", "--path", tmp_path)

    assert code == 2
    assert "has no .copier-answers.yml" in output
    assert list(tmp_path.iterdir()) == []


def test_a_registry_the_owner_rewrote_is_refused(project: Path, framework: Framework) -> None:
    """Where the line can't be added safely, exit 2 and nothing is written."""
    registry = project / REGISTRY[framework][-1]
    rewritten = re.sub(r"= \[.*?\]", "= sorted(load())", registry.read_text(), flags=re.DOTALL)
    registry.write_text(rewritten)
    subprocess.run(["git", "commit", "-qam", "mine"], cwd=project, check=True)

    code, output = scaffold("add", "resource", "Product", "name:str", "--path", project)

    assert code == 2
    assert "nothing was written" in output
    assert status(project) == ""


@pytest.mark.parametrize("framework", [Framework.FASTAPI], ids=str, indirect=True)
def test_remove_refuses_while_another_refers(project: Path) -> None:
    scaffold("add", "resource", "Product", "name:str", "--path", project)
    scaffold("add", "resource", "Review", "product:ref:product", "--path", project)
    before = status(project)

    code, output = scaffold("remove", "resource", "Product", "--path", project)

    assert code == 2
    assert "Review refers to Product" in output
    assert status(project) == before


@pytest.mark.parametrize("framework", [Framework.FASTAPI], ids=str, indirect=True)
def test_remove_an_unknown_resource(project: Path) -> None:
    code, output = scaffold("remove", "resource", "Gadget", "--path", project)

    assert code == 2
    assert "no resource Gadget" in output


def test_remove_takes_out_what_add_wrote(project: Path, framework: Framework) -> None:
    """After add and remove, what is left is the revision that drops the table (Alembic) or
    nothing (Django, whose app goes with its migrations)."""
    scaffold("add", "resource", "Product", *EVERY_TYPE, "--path", project)

    code, output = scaffold("remove", "resource", "Product", "--path", project)

    assert code == 0, output
    left = sorted(line[3:] for line in status(project).splitlines())
    if framework in {Framework.FASTAPI, Framework.FLASK}:
        # The revision that made the table stays, for databases that upgrade through it.
        kinds = sorted(Path(name).name.split("_", 1)[1] for name in left)
        assert kinds == ["products.py", "remove_products.py"]
    else:
        assert left == []
        assert "migrate products zero" in output
