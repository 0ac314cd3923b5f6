"""A template history built from the working tree inside a test: two releases and a commit after.

v1.0.0 is the template as it is. v2.0.0 changes a line of a shared file, adds a file to every
tree, removes one from every tree, asks a new question with a default, and puts a line at the top
of every resource's models module. The commit after it,
untagged, adds lines at the top of the shared file. Each bundle is what a wheel built at that
commit ships.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from hatch_build import make_bundle
from scaffold.frameworks import Framework
from scaffold.template import template_source

GITIGNORE = "templates/_shared/gitignore.jinja"
V1_GITIGNORE_LINE = "# Python"
V2_GITIGNORE_LINE = "# Python: bytecode, builds, virtual environments"
AFTER_V2_LINE = "# Editors"
REMOVED_IN_V2 = ".pre-commit-config.yaml"
# What a project's owner adds: a module of their own, a line in a file the template changes.
USER_MODULE = "extra_module.py"
USER_LINE = "local-notes/"
RESOURCE_V2_LINE = "# Models: one table each (template v2)."
NEW_QUESTION = """
support_email:
  type: str
  help: Where users of the project ask for help
  default: "support@{{ domain }}"
"""


@dataclass(frozen=True)
class History:
    v1: Path  # bundle built at v1.0.0
    v2: Path  # bundle built at v2.0.0, v1.0.0 in its history
    after_v2: Path  # bundle built at the untagged commit after v2.0.0
    foreign: Path  # bundle of another history, which shares no commit with these


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def head(repo: Path) -> str:
    """The full hash of the repository's HEAD."""
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


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
    # Linked trees share their targets' files: each file changes once.
    models = {path.resolve() for path in (repo / "templates/resource").rglob("models.py*")}
    for path in models:
        # In a template, the line break is Jinja's output: a `{%-` opening the file would eat
        # a literal one.
        newline = '{{ "\\n" }}' if path.suffix == ".jinja" else "\n"
        path.write_text(f"{RESOURCE_V2_LINE}{newline}{path.read_text()}")


def commit(repo: Path, message: str, tag: str | None = None) -> None:
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "-m", message, cwd=repo)
    if tag:
        git("tag", tag, cwd=repo)


def template_repository(repo: Path) -> None:
    with template_source() as source:
        shutil.copytree(source, repo)
    git("init", "--quiet", "--initial-branch=main", cwd=repo)


def build_history(workdir: Path) -> History:
    repo = workdir / "template"
    template_repository(repo)
    commit(repo, "v1", tag="v1.0.0")
    make_bundle(repo, workdir / "v1.bundle")
    make_v2(repo)
    commit(repo, "v2", tag="v2.0.0")
    make_bundle(repo, workdir / "v2.bundle")
    gitignore = repo / GITIGNORE
    gitignore.write_text(f"{AFTER_V2_LINE}\n.idea/\n\n{gitignore.read_text()}")
    commit(repo, "After v2")
    make_bundle(repo, workdir / "after-v2.bundle")
    other = workdir / "other"
    template_repository(other)
    commit(other, "Another start")
    make_bundle(other, workdir / "foreign.bundle")
    return History(*(workdir / f"{name}.bundle" for name in ("v1", "v2", "after-v2", "foreign")))


def edit_as_a_user(project: Path, *, first_gitignore_line: str | None = None) -> None:
    """A new module, a line added to a file v2 also changes, an optional file deleted."""
    (project / USER_MODULE).write_text('"""Mine."""\n\nANSWER = 42\n')
    gitignore = project / ".gitignore"
    text = gitignore.read_text() + USER_LINE + "\n"
    if first_gitignore_line:
        text = text.replace(V1_GITIGNORE_LINE, first_gitignore_line, 1)
    gitignore.write_text(text)
    (project / ".env.example").unlink()
    git("add", "--all", cwd=project)
    git("commit", "--quiet", "-m", "My edits", cwd=project)


def answers_of(project: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


def status(project: Path) -> str:
    """The project's uncommitted changes, as `git status --porcelain` lists them."""
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    ).stdout


def assert_v2_applied_keeping_edits(project: Path) -> None:
    """v2's changes are in, and so is every edit `edit_as_a_user` made."""
    gitignore = (project / ".gitignore").read_text()
    assert gitignore.startswith(V2_GITIGNORE_LINE + "\n")
    assert USER_LINE in gitignore.splitlines()
    support = (project / "SUPPORT.md").read_text()
    assert support == "# Support\n\nWrite to support@demo.example.com.\n"
    assert not (project / REMOVED_IN_V2).exists()
    assert (project / USER_MODULE).read_text() == '"""Mine."""\n\nANSWER = 42\n'
    assert not (project / ".env.example").exists()
    assert answers_of(project)["support_email"] == "support@demo.example.com"
