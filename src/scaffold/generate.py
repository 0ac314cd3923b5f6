"""`scaffold new`: render a project beside its destination, then move it into place."""

import glob
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_hex

from scaffold.errors import ScaffoldError
from scaffold.frameworks import Framework, project_folders
from scaffold.locking import lock
from scaffold.names import package_name_for
from scaffold.readme import next_steps
from scaffold.releases import shipped_build
from scaffold.rendering import render
from scaffold.resources import add_example
from scaffold.template import check_known, template_root
from scaffold.tools import missing_tools
from scaffold.vcs import commit_all, git

# Longest folder name accepted: file systems allow 255 bytes, the staging folder's name adds some.
_MAX_FOLDER_BYTES = 200


@dataclass(frozen=True)
class NewProject:
    name: str
    framework: Framework
    parent: Path
    data: Mapping[str, str] = field(default_factory=dict)
    defaults: bool = True
    git: bool = True
    example: bool = True  # the Item resource (resources.EXAMPLE)
    lock: bool = True  # resolve uv.lock, so the README's first `uv sync` changes no file

    @property
    def destination(self) -> Path:
        return self.parent / self.name


@dataclass(frozen=True)
class Created:
    path: Path
    package: str
    next_steps: tuple[str, ...]  # the README's commands: first run, then tests
    notes: tuple[str, ...]  # what could not be done, and what to do about it, a line each


def create_project(
    request: NewProject, progress: Callable[[str], object] = lambda _step: None
) -> Created:
    """Render the project, resolve its locks and, unless asked not to, commit it; `progress`
    hears of each step as it starts."""
    _check_destination(request)
    answers = _answers(request, template_root())
    framework = Framework(answers["framework"])

    made = _missing(request.parent)
    request.parent.mkdir(parents=True, exist_ok=True)
    notes = [f"created {made}, which did not exist"] if made else []
    _remove_abandoned_staging(request.parent, request.name)
    staging = request.parent / f"{_staging_prefix(request.name)}{os.getpid()}-{token_hex(4)}"
    try:
        # Made inside the try: a SIGTERM just after the folder exists still removes it.
        staging.mkdir(mode=0o700)
        progress("Rendering the project")
        render(staging, answers, defaults=request.defaults, build=shipped_build())
        if request.example:
            progress("Adding the example resource, Item")
            add_example(staging)
        if request.lock:
            progress("Resolving uv.lock")
            notes += _lock(staging, framework)
        if request.git:
            progress("Making the first git commit")
            git(staging, "init", "--quiet", "--initial-branch=main")
            commit_all(staging, "Generate with scaffold")
        staging.chmod(0o777 & ~_umask())  # made private to us while half-made
        if request.destination.exists():
            request.destination.rmdir()  # empty, as checked
        staging.rename(request.destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if made:
            shutil.rmtree(made, ignore_errors=True)
        raise
    notes += missing_tools(framework)
    return Created(
        request.destination,
        answers["package_name"],
        next_steps(request.destination),
        tuple(notes),
    )


def _missing(folder: Path) -> Path | None:
    """The outermost of the folders that making `folder` would create, if any."""
    missing = None
    for candidate in (folder.absolute(), *folder.absolute().parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def _lock(project: Path, framework: Framework) -> tuple[str, ...]:
    notes = []
    for folder in project_folders(framework):
        if (failure := lock(project / folder)) is not None:
            where = "" if folder == "." else f" in {folder}"
            notes.append(f"no uv.lock{where} ({failure}): run uv lock{where}, then commit it")
    return tuple(notes)


# The staging folder's name carries the id of the process that made it: a run killed outright
# (SIGKILL) cannot remove its own, and a later run tells such a leftover from a live run's.
def _staging_prefix(name: str) -> str:
    return f".{name}.scaffold-"


def _remove_abandoned_staging(parent: Path, name: str) -> None:
    prefix = _staging_prefix(name)
    for folder in parent.glob(f"{glob.escape(prefix)}*-*"):
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        if folder.is_dir() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_destination(request: NewProject) -> None:
    name = request.name
    if not name or name in {".", ".."} or "/" in name or "\\" in name:
        raise ScaffoldError(f"'{name}' is not a folder name: give the project's name, not a path")
    if len(os.fsencode(name)) > _MAX_FOLDER_BYTES:
        raise ScaffoldError(
            f"the name is {len(name)} characters long: keep the folder's name to"
            f" {_MAX_FOLDER_BYTES} bytes (and the project's to 50 characters)"
        )
    destination = request.destination
    if destination.exists() and not destination.is_dir():
        raise ScaffoldError(f"{destination} is a file: nothing was written")
    if destination.is_dir() and any(destination.iterdir()):
        raise ScaffoldError(f"{destination} already exists and is not empty: nothing was written")


def _answers(request: NewProject, root: Path) -> dict[str, str]:
    check_known(request.data, root)
    chosen = request.data.get("framework", request.framework)
    if chosen != request.framework:
        raise ScaffoldError(
            f"--framework {request.framework} and --data framework={chosen} disagree"
        )
    answers = {"framework": str(request.framework), "project_name": request.name}
    answers.update(request.data)
    answers.setdefault("package_name", package_name_for(answers["project_name"]))
    return answers
