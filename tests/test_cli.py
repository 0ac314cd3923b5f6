import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner
from uv import find_uv_bin

from scaffold import __version__, cli
from scaffold.frameworks import Framework
from scaffold.recommend import DESCRIPTIONS
from scaffold.releases import BUNDLE_ENV
from tests.history import status
from tests.terminal import Terminal

runner = CliRunner()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_help_lists_the_commands() -> None:
    """`scaffold --help` names every command."""
    result = runner.invoke(cli.app, ["--help"])

    assert result.exit_code == 0
    for command in ("new", "recommend", "frameworks"):
        assert command in result.output


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        pytest.param("new", [str(f) for f in Framework], id="new"),
        pytest.param("recommend", ["admin", "websocket", "prototype"], id="recommend"),
    ],
)
def test_command_help_lists_the_choices(command: str, choices: list[str]) -> None:
    """Each command's --help lists the values its options take."""
    result = runner.invoke(cli.app, [command, "--help"])

    assert result.exit_code == 0
    for choice in choices:
        assert choice in result.output


def test_version() -> None:
    """`scaffold --version` prints the package version."""
    result = runner.invoke(cli.app, ["--version"])

    assert result.exit_code == 0
    assert result.output.strip() == f"scaffold {__version__}"


def tracked(project: Path) -> list[str]:
    return subprocess.run(
        ["git", "ls-files"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.split()


def test_new_creates_a_committed_project(tmp_path: Path) -> None:
    """`scaffold new` renders the project, commits it, and prints the next steps."""
    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    project = tmp_path / "shop"
    assert (project / "src/shop/__init__.py").is_file()
    assert status(project) == ""
    assert "uv run flask --app shop run --debug" in result.output
    assert "uv run pytest" in result.output


@pytest.mark.parametrize(
    ("framework", "migrates"),
    [
        pytest.param(Framework.DJANGO, "uv run manage.py migrate", id="django"),
        pytest.param(Framework.FASTAPI, "uv run alembic upgrade head", id="fastapi"),
        pytest.param(Framework.FLASK, "uv run flask --app shop db upgrade", id="flask"),
        pytest.param(Framework.DJANGO_FASTAPI, "make install", id="django+fastapi"),
    ],
)
def test_new_prints_the_readmes_own_first_run(
    tmp_path: Path, framework: Framework, migrates: str
) -> None:
    """The next steps are the generated README's commands, migrations included: following them,
    the first request finds its tables."""
    result = runner.invoke(
        cli.app,
        ["new", "shop", "--framework", framework, "--no-git", "--no-lock", "-o", str(tmp_path)],
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    cd, first_run, *tests = lines[lines.index("Next steps:") + 1 :]
    readme = (tmp_path / "shop/README.md").read_text()
    assert cd == f"  cd {tmp_path / 'shop'}"
    assert migrates in first_run
    for step in (first_run, *tests):
        assert f"\n{step.strip()}\n" in readme
    assert [step.strip() for step in tests] in (["uv run pytest"], ["make test"])


@pytest.mark.parametrize(
    ("framework", "locks"),
    [
        pytest.param(Framework.FASTAPI, ["uv.lock"], id="fastapi"),
        pytest.param(Framework.DJANGO_FASTAPI, ["admin/uv.lock", "api/uv.lock"], id="parts"),
    ],
)
def test_new_commits_a_resolved_lock(
    tmp_path: Path, framework: Framework, locks: list[str]
) -> None:
    """Each Python project in it starts with a committed uv.lock that `uv sync --locked` takes,
    so the README's first run leaves the tree clean."""
    result = runner.invoke(cli.app, ["new", "shop", "--framework", framework, "-o", str(tmp_path)])

    assert result.exit_code == 0, result.output
    project = tmp_path / "shop"
    assert set(locks) <= set(tracked(project))
    for lock in locks:
        folder = (project / lock).parent
        subprocess.run([find_uv_bin(), "lock", "--check", "--quiet"], cwd=folder, check=True)
    assert "Note: no uv.lock" not in result.output


def test_new_without_an_index_notes_the_missing_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where uv can't reach a package index, the project is made without uv.lock, and one line
    says how to make it."""
    monkeypatch.setenv("UV_OFFLINE", "1")
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "empty-cache"))

    result = runner.invoke(cli.app, ["new", "shop", "--framework", "flask", "-o", str(tmp_path)])

    assert result.exit_code == 0, result.output
    project = tmp_path / "shop"
    assert not (project / "uv.lock").exists()
    assert status(project) == ""
    (note,) = [line for line in result.output.splitlines() if line.startswith("Note: no uv.lock")]
    assert "no uv.lock (uv lock failed: " in note
    assert note.endswith("run uv lock, then commit it")


def test_new_from_an_editable_install_says_how_to_get_an_updatable_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install renders its working tree, records no commit, and says so."""
    monkeypatch.delenv(BUNDLE_ENV, raising=False)

    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Template: ")]
    assert "not updatable" in line
    assert "without -e" in line


def test_new_without_git_leaves_no_repository(tmp_path: Path) -> None:
    """`--no-git` skips `git init`."""
    result = runner.invoke(
        cli.app,
        ["new", "shop", "--framework", "fastapi", "--no-git", "--no-lock", "-o", str(tmp_path)],
    )

    assert result.exit_code == 0, result.output
    assert (tmp_path / "shop/pyproject.toml").is_file()
    assert not (tmp_path / "shop/.git").exists()


def test_new_without_the_example_has_no_resource(tmp_path: Path) -> None:
    result = runner.invoke(
        cli.app,
        [
            *("new", "shop", "--framework", "fastapi", "--no-example"),
            *("--no-git", "--no-lock", "-o", str(tmp_path)),
        ],
    )

    assert result.exit_code == 0, result.output
    project = tmp_path / "shop"
    assert not (project / ".copier/resources").exists()
    assert "RESOURCES: list[str] = []\n" in (project / "src/shop/resources.py").read_text()


def test_new_takes_answers_from_data(tmp_path: Path) -> None:
    """`--data key=value` answers a question."""
    result = runner.invoke(
        cli.app,
        [
            *("new", "shop", "--framework", "django", "--no-git", "-o", str(tmp_path)),
            *("--data", "package_name=storefront", "-d", "python_version=3.13"),
        ],
    )

    assert result.exit_code == 0, result.output
    assert (tmp_path / "shop/storefront/__init__.py").is_file()
    assert (tmp_path / "shop/.python-version").read_text() == "3.13\n"
    assert "uv run manage.py runserver" in result.output


def test_new_fills_an_existing_empty_folder(tmp_path: Path) -> None:
    """An empty target folder is used as it is."""
    (tmp_path / "shop").mkdir()

    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    assert (tmp_path / "shop/pyproject.toml").is_file()


def test_new_never_overwrites_a_folder_with_files(tmp_path: Path) -> None:
    """A non-empty target is refused with one line, and left as it was."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop/notes.txt").write_text("mine")

    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 2
    assert "already exists and is not empty" in result.output
    assert listing(tmp_path) == ["shop", "shop/notes.txt"]
    assert (tmp_path / "shop/notes.txt").read_text() == "mine"


def test_new_refuses_a_file_in_the_way_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "shop").touch()

    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 2
    assert result.output.strip().endswith("shop is a file: nothing was written")


def test_new_quotes_the_folder_it_prints(tmp_path: Path) -> None:
    result = runner.invoke(
        cli.app,
        ["new", "My Shop", "--framework", "flask", "--no-git", "--no-lock", "-o", str(tmp_path)],
    )

    assert result.exit_code == 0, result.output
    assert f"  cd '{tmp_path}/My Shop'\n" in result.output
    assert "Package: my_shop (from 'My Shop'; --data package_name=... sets it)" in result.output


def test_new_says_what_a_name_became_as_a_package(tmp_path: Path) -> None:
    result = runner.invoke(
        cli.app,
        ["new", "café", "--framework", "flask", "--no-git", "--no-lock", "-o", str(tmp_path)],
    )

    assert result.exit_code == 0, result.output
    assert "Package: cafe (from 'café'" in result.output
    assert (tmp_path / "café/src/cafe/__init__.py").is_file()


def test_new_notes_the_folders_it_creates(tmp_path: Path) -> None:
    parent = tmp_path / "work" / "projects"

    result = runner.invoke(
        cli.app,
        ["new", "shop", "--framework", "flask", "--no-git", "--no-lock", "-o", str(parent)],
    )

    assert result.exit_code == 0, result.output
    assert f"Note: created {tmp_path / 'work'}, which did not exist" in result.output


def test_new_says_how_to_get_a_missing_uv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    result = runner.invoke(
        cli.app,
        ["new", "shop", "--framework", "fastapi", "--no-git", "--no-lock", "-o", str(tmp_path)],
    )

    assert result.exit_code == 0, result.output
    assert "Note: uv is not on PATH: every command in the README runs through it" in result.output


def test_new_shows_each_step_at_a_terminal(tmp_path: Path) -> None:
    terminal = Terminal(
        ["new", "shop", "--framework", "flask", "--defaults", "--no-lock", "-o", tmp_path],
        cwd=tmp_path,
    )

    assert terminal.wait(timeout=120) == 0, terminal.text
    steps = [line for line in terminal.text.splitlines() if line.endswith("...")]
    assert steps == [
        "Rendering the project...",
        "Adding the example resource, Item...",
        "Making the first git commit...",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["django"], "would shadow", id="shadows-django"),
        pytest.param(["test"], "would shadow", id="shadows-test"),
        pytest.param(["json"], "would shadow", id="shadows-stdlib"),
        pytest.param(["2fast"], "not a valid Python package name", id="starts-with-digit"),
        pytest.param(["a/b"], "not a folder name", id="a-path"),
        pytest.param(["shop", "-d", "package_name=Shop"], "not a valid", id="bad-package"),
        pytest.param(["shop", "-d", "colour=blue"], "unknown answer colour", id="unknown-answer"),
        pytest.param(["shop", "-d", "python_version=2.7"], "python_version", id="bad-choice"),
        pytest.param(["shop", "-d", "domain=not a domain"], "not a domain", id="bad-domain"),
        pytest.param(["shop", "-d", "novalue"], "key=value", id="malformed-data"),
        pytest.param(["shop", "-d", "framework=django"], "disagree", id="framework-twice"),
        pytest.param(["shop", "-d", 'description=say "hi"'], "without quotes", id="quote"),
        pytest.param(["shop", "-d", 'author=Ada "C" L'], "without quotes", id="author-quote"),
        pytest.param(["shop", "-d", "author=Ada\\L"], "backslashes", id="author-backslash"),
        pytest.param(["shop", "-d", "author=Ada\nL"], "on one line", id="author-newline"),
        pytest.param(["x" * 300], "keep the folder's name to 200 bytes", id="300-characters"),
        pytest.param(["x" * 60], "Keep the project name to 50 characters", id="60-characters"),
    ],
)
def test_new_refuses_bad_input_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    """Bad input exits with code 2 and one line naming the problem; nothing is written."""
    result = runner.invoke(
        cli.app, ["new", *args, "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert listing(tmp_path) == []


def test_new_removes_what_a_killed_run_left_and_keeps_a_live_runs(tmp_path: Path) -> None:
    """A run killed outright (SIGKILL) leaves its hidden staging folder; the next run removes
    it, but not the folder of a run still going."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = tmp_path / f".shop.scaffold-{dead.pid}-k3x9"
    live = tmp_path / f".shop.scaffold-{os.getpid()}-a1b2"
    for folder in (abandoned, live):
        folder.mkdir()
        (folder / "pyproject.toml").write_text("half-made")

    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == [live.name, "shop"]


def test_new_stopped_by_sigterm_leaves_nothing(tmp_path: Path) -> None:
    """SIGTERM mid-render (a closed terminal, a timeout) removes the half-made project."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "new", "shop", "--framework", "django", "--no-lock"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not any(tmp_path.glob(".shop.scaffold-*")):
        assert process.poll() is None, "scaffold ended before it started rendering"
        assert time.monotonic() < deadline
        time.sleep(0.005)

    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_new_needs_a_framework_when_not_at_a_terminal(tmp_path: Path) -> None:
    """Without a terminal to ask at, --framework is required."""
    result = runner.invoke(cli.app, ["new", "shop", "--no-lock", "-o", str(tmp_path)])

    assert result.exit_code == 2
    assert "--framework is required" in result.output


def test_new_asks_for_the_framework_offering_the_recommendation(tmp_path: Path) -> None:
    """At a terminal, the recommended framework for the picked needs is the default answer,
    with its reasons; the choices are listed once."""
    terminal = Terminal(
        ["new", "api", "--defaults", "--no-git", "--no-lock", "-o", tmp_path], cwd=tmp_path
    )
    terminal.expect("Needs")
    terminal.type("websocket api-docs\r")
    terminal.expect("Framework")
    terminal.type("\r")

    assert terminal.wait(timeout=120) == 0, terminal.text
    assert (
        "Recommended: FastAPI, because:\n  - FastAPI speaks WebSocket natively.\n" in terminal.text
    )
    assert terminal.text.count("django+fastapi") == 1
    assert "framework: fastapi" in (tmp_path / "api/.copier-answers.yml").read_text()


def test_needs_are_listed_with_what_they_mean(tmp_path: Path) -> None:
    terminal = Terminal(["new", "api", "--no-lock", "-o", tmp_path], cwd=tmp_path)
    terminal.expect("Needs")
    terminal.type("\x03")
    terminal.wait()

    assert "   1. admin           a back office where staff edit the data\n" in terminal.text


def test_an_interrupted_generation_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generation stopped half-way leaves no half-written project behind."""

    def interrupted(_project: Path, _message: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("scaffold.generate.commit_all", interrupted)

    result = runner.invoke(
        cli.app, ["new", "shop", "--framework", "flask", "--no-lock", "-o", str(tmp_path)]
    )

    assert result.exit_code != 0
    assert listing(tmp_path) == []


def test_recommend_explains_its_choice() -> None:
    """`scaffold recommend` names the framework and the reasons."""
    result = runner.invoke(cli.app, ["recommend", "--need", "admin", "--need", "forms"])

    assert result.exit_code == 0
    assert result.output.startswith("Django\n")
    assert "admin" in result.output
    assert "scaffold new NAME --framework django" in result.output


def test_recommend_prints_json() -> None:
    """`--json` gives the framework, reasons and scores as JSON."""
    result = runner.invoke(cli.app, ["recommend", "-n", "websocket", "-n", "sse", "--json"])

    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["framework"] == "fastapi"
    assert len(payload["reasons"]) == 2
    assert payload["scores"] == {"django": 0, "fastapi": 2, "flask": 0, "django+fastapi": 0}


def test_recommend_asks_for_needs_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --need at a terminal, the needs are picked from a numbered list."""
    monkeypatch.setattr(cli, "_interactive", lambda: True)

    result = runner.invoke(cli.app, ["recommend"], input="17 prototype\n")

    assert result.exit_code == 0, result.output
    assert "Flask" in result.output


def test_recommend_needs_needs_when_not_at_a_terminal() -> None:
    """Without a terminal, --need is required."""
    result = runner.invoke(cli.app, ["recommend"])

    assert result.exit_code == 2
    assert "--need" in result.output


def test_frameworks_lists_each_stack() -> None:
    """`scaffold frameworks` shows each framework and its app server."""
    result = runner.invoke(cli.app, ["frameworks"], env={"COLUMNS": "200"})

    assert result.exit_code == 0
    for word in ("django", "fastapi", "flask", "Gunicorn", "Uvicorn", "Celery", "Arq"):
        assert word in result.output


def test_frameworks_fits_80_columns() -> None:
    result = runner.invoke(cli.app, ["frameworks"], env={"COLUMNS": "80"})

    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_new_help_lists_every_answer_data_takes() -> None:
    result = runner.invoke(cli.app, ["new", "--help"], env={"COLUMNS": "100"})

    answers = result.output.partition("Answers --data KEY=VALUE takes:\n")[2]
    named = [
        line.split()[0] for line in answers.splitlines() if line.startswith("  ") and line[2] != " "
    ]
    assert named == [
        "project_name",
        "package_name",
        "description",
        "author",
        "python_version",
        "domain",
    ]
    assert "(3.12, 3.13, 3.14); default: 3.12" in " ".join(answers.split())


def test_recommend_help_says_what_each_need_means() -> None:
    result = runner.invoke(cli.app, ["recommend", "--help"], env={"COLUMNS": "100"})

    for need, meaning in DESCRIPTIONS.items():
        assert f"  {need:15}  {meaning}\n" in result.output


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["new", "shop", "--framework", "rails"], id="unknown-framework"),
        pytest.param(["new", "shop", "--colour", "blue"], id="unknown-option"),
        pytest.param(["recommend", "--need", "blockchain"], id="unknown-need"),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: list[str]) -> None:
    """The console script turns usage errors into one line and exit code 2."""
    result = subprocess.run(
        [sys.executable, "-m", "scaffold", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.startswith("scaffold: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert listing(tmp_path) == []


@pytest.mark.parametrize(
    ("args", "prompt"),
    [
        pytest.param(["shop"], "Needs", id="scaffold-prompt"),
        pytest.param(["shop", "--framework", "flask"], "description", id="copier-question"),
    ],
)
def test_ctrl_c_at_a_prompt_aborts_and_leaves_nothing(
    tmp_path: Path, args: list[str], prompt: str
) -> None:
    terminal = Terminal(["new", *args, "--no-lock", "-o", tmp_path], cwd=tmp_path)
    terminal.expect(prompt)

    terminal.type("\x03")

    assert terminal.wait() == 130
    assert terminal.text.strip().splitlines()[-1] == "scaffold: aborted"
    assert list(tmp_path.iterdir()) == []
