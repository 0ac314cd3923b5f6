"""`scaffold update` and plain `copier update` across two template releases, offline."""

import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scaffold import cli
from scaffold.frameworks import Framework
from scaffold.releases import BUNDLE_ENV, TEMPLATE_URL
from tests.history import (
    AFTER_V2_LINE,
    REMOVED_IN_V2,
    RESOURCE_V2_LINE,
    USER_LINE,
    USER_MODULE,
    V1_GITIGNORE_LINE,
    V2_GITIGNORE_LINE,
    History,
    answers_of,
    assert_v2_applied_keeping_edits,
    build_history,
    edit_as_a_user,
    git,
    head,
    status,
)
from tests.templates.projects import parts, project_env, run, tool, uv_sync

runner = CliRunner()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    return build_history(tmp_path_factory.mktemp("history"))


@pytest.fixture(autouse=True)
def copier_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Copier mirrors the template per URL in its cache: each test gets its own."""
    cache = tmp_path / "copier-cache"
    monkeypatch.setenv("COPIER_CACHE_DIR", str(cache))
    return cache


def shipping(monkeypatch: pytest.MonkeyPatch, bundle: Path) -> None:
    """Make scaffold ship `bundle`, as a wheel with that history would."""
    monkeypatch.setenv(BUNDLE_ENV, str(bundle))


def generate(tmp_path: Path, framework: Framework) -> Path:
    result = runner.invoke(
        cli.app, ["new", "demo", "--framework", str(framework), "--no-lock", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "demo"


@pytest.fixture
def edited_v1(
    tmp_path: Path,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Path:
    """A project generated at v1.0.0 and edited by its owner; scaffold now ships v2.0.0."""
    framework = getattr(request, "param", Framework.FLASK)
    shipping(monkeypatch, history.v1)
    project = generate(tmp_path, framework)
    edit_as_a_user(project)
    shipping(monkeypatch, history.v2)
    return project


def assert_updated_keeping_edits(project: Path) -> None:
    assert_v2_applied_keeping_edits(project)
    assert answers_of(project)["_commit"] == "v2.0.0"


def test_new_records_the_public_url_and_the_release(
    tmp_path: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project generated from a release records the template URL and the release tag."""
    shipping(monkeypatch, history.v2)

    answers = answers_of(generate(tmp_path, Framework.DJANGO))

    assert answers["_src_path"] == TEMPLATE_URL
    assert answers["_commit"] == "v2.0.0"


@pytest.mark.parametrize("edited_v1", list(Framework), ids=str, indirect=True)
def test_scaffold_update_brings_changes_and_keeps_edits(edited_v1: Path) -> None:
    """`scaffold update` applies v2 and every user edit survives."""
    result = runner.invoke(cli.app, ["update", str(edited_v1)])

    assert result.exit_code == 0, result.output
    assert "from template v1.0.0 to v2.0.0" in result.output
    assert_updated_keeping_edits(edited_v1)


@pytest.mark.parametrize("framework", list(Framework), ids=str)
def test_update_improves_resources_and_keeps_their_edits(
    tmp_path: Path, history: History, monkeypatch: pytest.MonkeyPatch, framework: Framework
) -> None:
    """A resource added at v1 takes v2's change to its models module and keeps the owner's."""
    shipping(monkeypatch, history.v1)
    project = generate(tmp_path, framework)
    added = runner.invoke(cli.app, ["add", "resource", "Product", "name:str", "-p", str(project)])
    assert added.exit_code == 0, added.output
    models = sorted(project.rglob("products/models.py"))
    for path in models:
        path.write_text(f"{path.read_text()}\nMINE = 1\n")
    git("add", "--all", cwd=project)
    git("commit", "--quiet", "-m", "Product, and my line", cwd=project)
    start = head(project)
    shipping(monkeypatch, history.v2)

    result = runner.invoke(cli.app, ["update", str(project)])

    assert result.exit_code == 0, result.output
    assert models
    for path in models:
        text = path.read_text()
        assert text.startswith(RESOURCE_V2_LINE + "\n")
        assert text.endswith("\nMINE = 1\n")
    resource = yaml.safe_load((project / ".copier/resources/products.yml").read_text())
    assert resource["_commit"] == answers_of(project)["_commit"] == "v2.0.0"
    assert head(project) == start  # the update's own commits undone


@pytest.mark.parametrize("edited_v1", list(Framework), ids=str, indirect=True)
def test_plain_copier_update_works_through_the_recorded_url(
    edited_v1: Path, history: History, copier_cache: Path
) -> None:
    """A bare `copier update` (no --trust) updates through the URL the project records."""
    env = {
        **project_env(),
        "COPIER_CACHE_DIR": str(copier_cache),
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{history.v2}.insteadOf",
        "GIT_CONFIG_VALUE_0": TEMPLATE_URL,
    }
    run(
        [sys.executable, "-m", "copier", "update", "--defaults", "--skip-answered"],
        cwd=edited_v1,
        env=env,
    )

    assert_updated_keeping_edits(edited_v1)


@pytest.mark.slow
@pytest.mark.parametrize("edited_v1", list(Framework), ids=str, indirect=True)
def test_updated_project_passes_its_own_tests(edited_v1: Path) -> None:
    """After the update, the project installs and its own tests pass."""
    assert runner.invoke(cli.app, ["update", str(edited_v1)]).exit_code == 0

    for part in parts(edited_v1, Framework(str(answers_of(edited_v1)["framework"]))):
        uv_sync(part)
        output = run([tool(part, "pytest"), "-q", "-p", "no:cacheprovider"], cwd=part)

        assert " passed" in output


def test_conflicting_edit_leaves_markers_and_fails(
    tmp_path: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of the line v2 changes ends in conflict markers, exit 1, and nothing else lost."""
    shipping(monkeypatch, history.v1)
    project = generate(tmp_path, Framework.FASTAPI)
    edit_as_a_user(project, first_gitignore_line="# Python (mine)")
    shipping(monkeypatch, history.v2)

    result = runner.invoke(cli.app, ["update", str(project)])

    assert result.exit_code == 1
    assert "  conflict .gitignore" in result.output.splitlines()
    gitignore = (project / ".gitignore").read_text()
    assert "<<<<<<< " in gitignore
    assert "# Python (mine)" in gitignore
    assert V2_GITIGNORE_LINE in gitignore
    assert USER_LINE in gitignore
    assert (project / USER_MODULE).is_file()
    assert (project / "SUPPORT.md").is_file()


def test_pretend_lists_every_file_and_writes_nothing(edited_v1: Path) -> None:
    """`--pretend` names each file the update would add, change or delete, and leaves the
    project as it was."""
    result = runner.invoke(cli.app, ["update", "--pretend", str(edited_v1)])

    assert result.exit_code == 0, result.output
    assert "Would update" in result.output
    lines = result.output.splitlines()
    for expected in ("added    SUPPORT.md", "changed  .gitignore", f"deleted  {REMOVED_IN_V2}"):
        assert f"  {expected}" in lines
    assert status(edited_v1) == ""
    assert answers_of(edited_v1)["_commit"] == "v1.0.0"
    assert not (edited_v1 / "SUPPORT.md").exists()


def test_pretend_on_a_dirty_tree_names_the_conflicts_it_would_leave(edited_v1: Path) -> None:
    """Uncommitted edits are taken into the dry run: one that would conflict is marked."""
    gitignore = edited_v1 / ".gitignore"
    edited = gitignore.read_text().replace(V1_GITIGNORE_LINE, "# Python (mine)", 1)
    gitignore.write_text(edited)

    result = runner.invoke(cli.app, ["update", "--pretend", str(edited_v1)])

    assert result.exit_code == 0, result.output
    assert "  conflict .gitignore" in result.output.splitlines()
    assert gitignore.read_text() == edited
    assert status(edited_v1) == " M .gitignore\n"


@pytest.mark.parametrize(
    ("bundle", "code", "message"),
    [
        pytest.param("v2", 1, "template v1.0.0 -> v2.0.0", id="behind"),
        pytest.param("v1", 0, "is at template v1.0.0", id="current"),
    ],
)
def test_check_says_whether_an_update_is_available(
    edited_v1: Path,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    bundle: str,
    code: int,
    message: str,
) -> None:
    """`--check` exits 1 when an update is available, 0 when not, on a dirty tree too."""
    shipping(monkeypatch, getattr(history, bundle))
    (edited_v1 / USER_MODULE).write_text("ANSWER = 43\n")

    result = runner.invoke(cli.app, ["update", "--check", str(edited_v1)])

    assert result.exit_code == code, result.output
    assert message in result.output
    assert status(edited_v1) == f" M {USER_MODULE}\n"


def test_check_fails_with_2_on_a_folder_that_is_no_project(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["update", "--check", str(tmp_path)])

    assert result.exit_code == 2
    assert "not generated by scaffold" in result.output


def test_a_release_updates_to_a_later_untagged_commit(
    edited_v1: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scaffold built between releases moves a release's project to its own commit."""
    shipping(monkeypatch, history.after_v2)

    result = runner.invoke(cli.app, ["update", str(edited_v1)])

    assert result.exit_code == 0, result.output
    commit = str(answers_of(edited_v1)["_commit"])
    assert commit.startswith("v2.0.0-1-g")
    assert f"to {commit}:" in result.output
    assert AFTER_V2_LINE in (edited_v1 / ".gitignore").read_text().splitlines()
    assert USER_LINE in (edited_v1 / ".gitignore").read_text().splitlines()


def test_new_answer_on_a_current_project_re_renders_at_the_same_commit(
    edited_v1: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--data` on an up-to-date project applies the new answer and keeps the owner's edits."""
    shipping(monkeypatch, history.v1)

    result = runner.invoke(cli.app, ["update", str(edited_v1), "--data", "python_version=3.13"])

    assert result.exit_code == 0, result.output
    assert "at v1.0.0:" in result.output
    assert (edited_v1 / ".python-version").read_text().strip() == "3.13"
    assert answers_of(edited_v1)["python_version"] == "3.13"
    assert answers_of(edited_v1)["_commit"] == "v1.0.0"
    assert (edited_v1 / USER_MODULE).is_file()
    assert USER_LINE in (edited_v1 / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        pytest.param("python_version=3.12", 0, "already at template v1.0.0", id="same-answer"),
        pytest.param("colour=blue", 2, "unknown answer colour", id="unknown-question"),
        pytest.param("python_version=2.7", 2, "2.7", id="invalid-answer"),
    ],
)
def test_an_answer_that_changes_nothing_is_said_so(
    edited_v1: Path,
    history: History,
    monkeypatch: pytest.MonkeyPatch,
    data: str,
    code: int,
    message: str,
) -> None:
    """An answer is never silently ignored: the same answer is a no-op said as one, a wrong
    one an error."""
    shipping(monkeypatch, history.v1)

    result = runner.invoke(cli.app, ["update", str(edited_v1), "--data", data])

    assert result.exit_code == code, result.output
    assert message in result.output
    assert status(edited_v1) == ""


def test_already_current_project_is_left_alone(edited_v1: Path) -> None:
    """Updating a project twice changes nothing the second time."""
    assert runner.invoke(cli.app, ["update", str(edited_v1)]).exit_code == 0
    git("add", "--all", cwd=edited_v1)
    git("commit", "--quiet", "-m", "Update", cwd=edited_v1)

    result = runner.invoke(cli.app, ["update", str(edited_v1)])

    assert result.exit_code == 0
    assert "already at template v2.0.0" in result.output
    assert status(edited_v1) == ""


def test_refuses_a_dirty_working_tree(edited_v1: Path) -> None:
    """Uncommitted changes are refused before anything is written."""
    (edited_v1 / USER_MODULE).write_text("ANSWER = 43\n")

    result = runner.invoke(cli.app, ["update", str(edited_v1)])

    assert result.exit_code == 2
    assert "uncommitted changes" in result.output
    assert (edited_v1 / USER_MODULE).read_text() == "ANSWER = 43\n"
    assert answers_of(edited_v1)["_commit"] == "v1.0.0"


def test_refuses_a_change_of_framework(edited_v1: Path) -> None:
    """An update can't turn one stack into another."""
    result = runner.invoke(cli.app, ["update", str(edited_v1), "-d", "framework=django"])

    assert result.exit_code == 2
    assert "framework can't change" in result.output
    assert status(edited_v1) == ""


def test_refuses_a_downgrade(
    tmp_path: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project newer than the shipped release is refused, not rolled back."""
    shipping(monkeypatch, history.v2)
    project = generate(tmp_path, Framework.FLASK)
    shipping(monkeypatch, history.v1)

    result = runner.invoke(cli.app, ["update", str(project)])

    assert result.exit_code == 2
    assert "newer than v1.0.0" in result.output
    assert answers_of(project)["_commit"] == "v2.0.0"


def test_refuses_a_commit_outside_the_shipped_history(
    tmp_path: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project from another history (a fork's build) is refused, saying where to update it."""
    shipping(monkeypatch, history.v1)
    project = generate(tmp_path, Framework.FLASK)
    shipping(monkeypatch, history.foreign)

    result = runner.invoke(cli.app, ["update", str(project)])

    assert result.exit_code == 2
    assert "not in the history this scaffold" in result.output
    assert status(project) == ""


def test_refuses_a_project_from_a_development_build(
    tmp_path: Path, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project rendered from a working tree records no release and can't be updated."""
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    project = generate(tmp_path, Framework.FLASK)
    assert answers_of(project)["_src_path"] == TEMPLATE_URL
    assert "_commit" not in answers_of(project)
    shipping(monkeypatch, history.v2)

    result = runner.invoke(cli.app, ["update", str(project)])

    assert result.exit_code == 2
    assert "editable install" in result.output


def test_refuses_a_folder_that_is_not_a_generated_project(tmp_path: Path) -> None:
    """A folder without an answers file is not updated."""
    result = runner.invoke(cli.app, ["update", str(tmp_path)])

    assert result.exit_code == 2
    assert "not generated by scaffold" in result.output
