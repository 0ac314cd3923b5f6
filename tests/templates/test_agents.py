"""Slow tier: every command a generated project's AGENTS.md lists runs, as written there, in a
project made by scaffold installed from its wheel, as a user installs it."""

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scaffold.frameworks import Framework
from tests.release import build_release, install_wheel
from tests.templates.projects import answers, background, project_env

pytestmark = pytest.mark.slow

# What the development server answers once it is up (README.md says where to open it).
SERVED = {
    Framework.DJANGO: ("http://127.0.0.1:8000/",),
    Framework.FASTAPI: ("http://127.0.0.1:8000/docs",),
    Framework.FLASK: ("http://127.0.0.1:5000/",),
    Framework.DJANGO_FASTAPI: ("http://127.0.0.1:8000/docs", "http://127.0.0.1:8001/admin/"),
}
SERVER = "start the development server"
# Run first, on the tree as generated: an update refuses uncommitted changes, which the
# commands after it make (a migration, a resource).
UPDATE = "take the template's improvements"


@pytest.fixture(scope="module")
def scaffold_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """scaffold's wheel, built from a clone of HEAD and installed in a virtual environment."""
    workdir = tmp_path_factory.mktemp("wheel")
    return install_wheel(build_release(workdir), workdir / "venv")


def listed_commands(agents: str) -> dict[str, str]:
    """The Commands table of AGENTS.md: what each command is for, and the command."""
    table = agents.partition("\n## Commands\n")[2].partition("\n## ")[0]
    return dict(re.findall(r"^\| ([^|]+?) \| `([^`]+)` \|$", table, re.MULTILINE))


def serving(framework: Framework) -> Callable[[Path], bool]:
    """A readiness check: every URL the framework's development server serves answers."""
    checks = [answers(url) for url in SERVED[framework]]
    return lambda log: all(check(log) for check in checks)


def shell(command: str, cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("framework", list(Framework), ids=str)
def test_every_command_agents_md_lists_runs(
    framework: Framework, scaffold_bin: Path, tmp_path: Path
) -> None:
    env = project_env(
        PATH=f"{scaffold_bin}{os.pathsep}{project_env()['PATH']}",
        COPIER_CACHE_DIR=str(tmp_path / "copier-cache"),
    )
    shell(f"scaffold new demo --framework {framework}", tmp_path, env)
    project = tmp_path / "demo"
    commands = listed_commands((project / "AGENTS.md").read_text())
    assert len(commands) == 9, commands

    shell(commands.pop(UPDATE), project, env)
    # A command that another one runs as one of its steps (`uv run pytest`, the last check) runs
    # there; one listed twice runs once.
    ran = {step for command in commands.values() for step in command.split(" && ")[1:]}
    for purpose, command in commands.items():
        if command in ran:
            continue
        ran.add(command)
        if purpose == SERVER:
            with background(
                ["bash", "-c", command], project, env, serving(framework), "server.log"
            ):
                pass  # up and answering: all the command has to do
        else:
            shell(command, project, env)
