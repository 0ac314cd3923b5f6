"""A template history with two release tags, built from the working tree inside a test.

v1.0.0 is the template as it is. v2.0.0 changes a line of a shared file, adds a file to every
tree, removes one from every tree, and asks a new question with a default.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from scaffold.frameworks import Framework
from scaffold.template import template_source

GITIGNORE = "templates/_shared/gitignore.jinja"
V1_GITIGNORE_LINE = "# Python"
V2_GITIGNORE_LINE = "# Python: bytecode, builds, virtual environments"
REMOVED_IN_V2 = ".pre-commit-config.yaml"
NEW_QUESTION = """
support_email:
  type: str
  help: Where users of the project ask for help
  default: "support@{{ domain }}"
"""


@dataclass(frozen=True)
class History:
    v1: Path  # bundle: history up to v1.0.0
    v2: Path  # bundle: history up to v2.0.0, v1.0.0 included
    v2_only: Path  # bundle whose only ref is v2.0.0


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def make_v2(repo: Path) -> None:
    gitignore = repo / GITIGNORE
    text = gitignore.read_text()
    assert text.startswith(V1_GITIGNORE_LINE + "\n")
    gitignore.write_text(text.replace(V1_GITIGNORE_LINE, V2_GITIGNORE_LINE, 1))
    for framework in Framework:
        tree = repo / "templates" / framework
        (tree / "SUPPORT.md.jinja").write_text("# Support\n\nWrite to {{ support_email }}.\n")
        (tree / f"{REMOVED_IN_V2}.jinja").unlink()
    with (repo / "copier.yml").open("a") as config:
        config.write(NEW_QUESTION)


def build_history(workdir: Path) -> History:
    repo = workdir / "template"
    with template_source() as source:
        shutil.copytree(source, repo)
    git("init", "--quiet", "--initial-branch=main", cwd=repo)
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "-m", "v1", cwd=repo)
    git("tag", "v1.0.0", cwd=repo)
    git("bundle", "create", "--quiet", str(workdir / "v1.bundle"), "--all", cwd=repo)
    make_v2(repo)
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "-m", "v2", cwd=repo)
    git("tag", "v2.0.0", cwd=repo)
    git("bundle", "create", "--quiet", str(workdir / "v2.bundle"), "--all", cwd=repo)
    git("bundle", "create", "--quiet", str(workdir / "v2-only.bundle"), "v2.0.0", cwd=repo)
    return History(workdir / "v1.bundle", workdir / "v2.bundle", workdir / "v2-only.bundle")
