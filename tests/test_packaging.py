"""Wheels built from a clone of this repository, as users install them: each renders the commit it
was built from, and a later wheel updates its projects, keeping their owners' edits.

The clone has no tags. Its commits after this repository's HEAD: a template change (a shared
line, a file added and one removed, a new question, ruff pinned one release back), a release
(`__version__` set to 9.0.0), another template change, and a change that breaks a test. A wheel
is built and installed at each.
"""

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from uv import find_uv_bin

from hatch_build import VERSION_FILE
from scaffold.frameworks import Framework, project_folders
from scaffold.releases import TEMPLATE_URL
from scaffold.template import check_commands
from tests.history import (
    AFTER_V2_LINE,
    GITIGNORE,
    USER_LINE,
    USER_MODULE,
    V2_GITIGNORE_LINE,
    answers_of,
    assert_v2_applied_keeping_edits,
    edit_as_a_user,
    git,
    head,
    make_v2,
    status,
)
from tests.release import ROOT, build, clone_repository, install_wheel
from tests.templates.projects import project_env

pytestmark = pytest.mark.slow

RUFF, OLDER_RUFF = "ruff==0.17.6", "ruff==0.17.5"
BROKEN_TEST = "tests/test_broken.py"


@dataclass(frozen=True)
class Build:
    commit: str
    dist: Path
    bin: Path  # where the installed wheel's `scaffold` is


@dataclass(frozen=True)
class Builds:
    clone: Path
    first: Build  # this repository's HEAD
    second: Build  # the template change
    release: Build  # 9.0.0
    after_release: Build  # the second template change
    broken: Build  # a test that fails, in the FastAPI tree


def change_template(clone: Path) -> None:
    make_v2(clone)
    for pyproject in (clone / "templates").rglob("pyproject.toml.jinja"):
        if pyproject.is_symlink():
            continue  # the django+fastapi tree links to the others' files
        text = pyproject.read_text()
        assert RUFF in text, pyproject
        pyproject.write_text(text.replace(RUFF, OLDER_RUFF))


def set_version(clone: Path) -> None:
    version_file = clone / VERSION_FILE
    text = version_file.read_text()
    version_file.write_text(re.sub(r'__version__ = "[^"]+"', '__version__ = "9.0.0"', text))


def change_template_again(clone: Path) -> None:
    gitignore = clone / GITIGNORE
    gitignore.write_text(f"{AFTER_V2_LINE}\n.idea/\n\n{gitignore.read_text()}")


def break_a_test(clone: Path) -> None:
    broken = clone / "templates/fastapi" / BROKEN_TEST
    broken.write_text("def test_broken() -> None:\n    assert sum([1, 1]) == 3\n")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    workdir = tmp_path_factory.mktemp("builds")
    clone = clone_repository(workdir)
    made = {}
    for name, change in (
        ("first", None),
        ("second", change_template),
        ("release", set_version),
        ("after_release", change_template_again),
        ("broken", break_a_test),
    ):
        if change is not None:
            change(clone)
            git("add", "--all", cwd=clone)
            git("commit", "--quiet", "-m", name, cwd=clone)
        dist = build(clone, workdir / f"dist-{name}")
        made[name] = Build(head(clone), dist, install_wheel(dist, workdir / f"venv-{name}"))
    return Builds(clone, **made)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    # Copier mirrors the template in its cache: keep each test's mirror to itself.
    return {**project_env(), "COPIER_CACHE_DIR": str(tmp_path / "copier-cache")}


def scaffold(
    build: Build, *args: str | Path, cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [build.bin / "scaffold", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def generate(build: Build, framework: Framework, parent: Path, env: Mapping[str, str]) -> Path:
    result = scaffold(build, "new", "demo", "--framework", framework, cwd=parent, env=env)
    assert result.returncode == 0, result.stderr
    return parent / "demo"


def uv(*args: str, cwd: Path, env: Mapping[str, str]) -> None:
    subprocess.run([find_uv_bin(), *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_sdist_carries_the_template(builds: Builds) -> None:
    """The sdist holds copier.yml, every framework tree and the template's history."""
    (sdist,) = builds.first.dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}

    assert {"copier.yml", "template.bundle"} <= names
    for tree in ("django", "fastapi", "flask", "_shared"):
        assert any(name.startswith(f"templates/{tree}/") for name in names)


def test_wheel_carries_the_template(builds: Builds) -> None:
    """The wheel holds the template inside the package, with every template file."""
    (wheel,) = builds.first.dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    template_files = {
        f"scaffold/_template/{path.relative_to(ROOT)}"
        for path in [ROOT / "copier.yml", *(ROOT / "templates").rglob("*")]
        if path.is_file() and "__pycache__" not in path.parts
    }

    assert template_files <= names
    assert "scaffold/_template/template.bundle" in names


def test_a_wheel_renders_the_commit_it_was_built_from(
    builds: Builds, tmp_path: Path, env: dict[str, str]
) -> None:
    """Built without tags, between releases, the wheel records its commit as git describe
    names it, and its project is at the template it ships."""
    project = generate(builds.first, Framework.FASTAPI, tmp_path, env)

    answers = answers_of(project)
    assert answers["_src_path"] == TEMPLATE_URL
    assert re.fullmatch(
        rf"v\d+\.\d+\.\d+-\d+-g{builds.first.commit[:7]}\w*", str(answers["_commit"])
    )
    check = scaffold(builds.first, "update", "--check", cwd=project, env=env)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("framework", list(Framework), ids=str)
def test_a_later_wheel_updates_keeping_edits_and_relocks(
    builds: Builds, tmp_path: Path, env: dict[str, str], framework: Framework
) -> None:
    """After the README's first run (uv sync), the next wheel's update brings the template
    change, keeps the owner's edits, and leaves a uv.lock that `uv sync --locked` takes."""
    project = generate(builds.first, framework, tmp_path, env)
    for folder in project_folders(framework):
        uv("sync", "--quiet", cwd=project / folder, env=env)
    assert status(project) == ""
    edit_as_a_user(project)

    result = scaffold(builds.second, "update", cwd=project, env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert str(answers_of(project)["_commit"]).endswith(f"-g{builds.second.commit[:7]}")
    assert_v2_applied_keeping_edits(project)
    for folder in project_folders(framework):
        lock = (project / folder / "uv.lock").read_text()
        assert "<<<<<<<" not in lock
        assert 'name = "ruff"\nversion = "0.17.5"' in lock
        uv("sync", "--locked", "--quiet", cwd=project / folder, env=env)


def test_plain_copier_update_works_through_the_url(
    builds: Builds, tmp_path: Path, env: dict[str, str]
) -> None:
    """`copier update --vcs-ref HEAD`, as the generated README gives it, without --trust, with
    the recorded URL pointed at a copy of the repository whose main ends at the template change
    (and has no tags)."""
    project = generate(builds.first, Framework.FLASK, tmp_path, env)
    edit_as_a_user(project)
    remote = tmp_path / "remote.git"
    subprocess.run(
        ["git", "clone", "--quiet", "--bare", str(builds.clone), str(remote)], check=True
    )
    git("update-ref", "refs/heads/main", builds.second.commit, cwd=remote)
    redirect = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
        "GIT_CONFIG_VALUE_0": TEMPLATE_URL,
    }

    subprocess.run(
        [sys.executable, "-m", "copier", "update", "--defaults", "--vcs-ref", "HEAD"],
        cwd=project,
        env={**env, **redirect},
        check=True,
        capture_output=True,
    )

    # Without tags to describe it by, Copier records the commit's short hash.
    assert builds.second.commit.startswith(str(answers_of(project)["_commit"]))
    gitignore = (project / ".gitignore").read_text().splitlines()
    assert gitignore[0] == V2_GITIGNORE_LINE
    assert USER_LINE in gitignore
    assert (project / USER_MODULE).is_file()


def test_a_release_updates_to_a_later_build(
    builds: Builds, tmp_path: Path, env: dict[str, str]
) -> None:
    """A project from the release commit records the release, and updates to a later build."""
    project = generate(builds.release, Framework.FLASK, tmp_path, env)
    assert answers_of(project)["_commit"] == "v9.0.0"

    result = scaffold(builds.after_release, "update", cwd=project, env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert str(answers_of(project)["_commit"]).startswith("v9.0.0-1-g")
    assert (project / ".gitignore").read_text().startswith(AFTER_V2_LINE)


def test_a_downgrade_is_refused(builds: Builds, tmp_path: Path, env: dict[str, str]) -> None:
    """An older wheel never takes a newer project back."""
    project = generate(builds.after_release, Framework.FLASK, tmp_path, env)

    result = scaffold(builds.release, "update", cwd=project, env=env)

    assert result.returncode == 2
    assert "newer than v9.0.0" in result.stderr
    assert status(project) == ""


def test_verify_runs_the_updated_projects_checks(
    builds: Builds, tmp_path: Path, env: dict[str, str]
) -> None:
    """`--verify` installs the updated project and runs each of its checks."""
    project = generate(builds.first, Framework.FASTAPI, tmp_path, env)

    result = scaffold(builds.second, "update", "--verify", cwd=project, env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    passed = [line.split(None, 1)[1] for line in result.stdout.splitlines() if "passed " in line]
    assert [command.rsplit(" (", 1)[0] for command in passed] == list(check_commands(ROOT))


def test_verify_fails_when_the_update_breaks_a_test(
    builds: Builds, tmp_path: Path, env: dict[str, str]
) -> None:
    """A test broken by the update fails `--verify`, which leaves the merged files in place."""
    project = generate(builds.after_release, Framework.FASTAPI, tmp_path, env)

    result = scaffold(builds.broken, "update", "--verify", cwd=project, env=env)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "  failed  uv run pytest" in result.stdout
    assert "test_broken" in result.stdout
    assert (project / BROKEN_TEST).is_file()


def test_the_scheduled_workflow_commits_the_update_with_its_conflicts(
    builds: Builds, tmp_path: Path, env: dict[str, str]
) -> None:
    """The template-update workflow's own update step, run as GitHub runs it, commits the update
    to its branch and writes a pull request body that lists the conflict."""
    project = generate(builds.first, Framework.FLASK, tmp_path, env)
    edit_as_a_user(project, first_gitignore_line="# Python (mine)")
    workflow = yaml.safe_load((project / ".github/workflows/template-update.yml").read_text())
    (step,) = [step for step in workflow["jobs"]["update"]["steps"] if step.get("id") == "update"]
    output, runner_temp = tmp_path / "github-output", tmp_path / "runner-temp"
    runner_temp.mkdir()
    step_env = {
        **env,
        **workflow["env"],
        "PATH": f"{builds.second.bin}{os.pathsep}{env['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(runner_temp),
    }

    result = subprocess.run(
        # As GitHub runs a step's script.
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=project,
        env=step_env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert output.read_text() == "changed=true\n"
    body = (runner_temp / "body.md").read_text()
    assert "To finish by hand" in body
    assert "  conflict .gitignore" in body.splitlines()
    assert status(project) == ""
    branch = subprocess.run(
        ["git", "log", "-1", "--format=%D %s"], cwd=project, capture_output=True, text=True
    ).stdout
    assert branch.startswith(f"HEAD -> {workflow['env']['BRANCH']}")
    assert "<<<<<<< " in (project / ".gitignore").read_text()
