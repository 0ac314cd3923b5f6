"""`scaffold new`: render a project beside its destination, then move it into place."""

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.frameworks import Framework
from scaffold.names import package_name_for
from scaffold.releases import shipped_release
from scaffold.rendering import render
from scaffold.template import question_names, template_root

# Longest folder name accepted: file systems allow 255 bytes, the staging folder's name adds some.
_MAX_FOLDER_BYTES = 200
# Used for the first commit only when git has no identity configured.
_FALLBACK_IDENTITY = ("-c", "user.name=scaffold", "-c", "user.email=scaffold@localhost")


@dataclass(frozen=True)
class NewProject:
    name: str
    framework: Framework
    parent: Path
    data: Mapping[str, str] = field(default_factory=dict)
    defaults: bool = True
    git: bool = True

    @property
    def destination(self) -> Path:
        return self.parent / self.name


def create_project(request: NewProject) -> Path:
    """Render the project and, unless asked not to, commit it; return where it is."""
    _check_destination(request)
    answers = _answers(request, template_root())

    request.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(request.parent, request.name)
    prefix = f"{_staging_prefix(request.name)}{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=request.parent))
    try:
        render(staging, answers, defaults=request.defaults, release=shipped_release())
        if request.git:
            _commit(staging)
        staging.chmod(0o777 & ~_umask())  # mkdtemp made it private to us
        if request.destination.exists():
            request.destination.rmdir()  # empty, as checked
        staging.rename(request.destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return request.destination


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
    if destination.is_file() or (destination.is_dir() and any(destination.iterdir())):
        raise ScaffoldError(f"{destination} already exists and is not empty: nothing was written")


def _answers(request: NewProject, root: Path) -> dict[str, str]:
    known = question_names(root)
    unknown = sorted(set(request.data) - set(known))
    if unknown:
        raise ScaffoldError(
            f"unknown answer {', '.join(unknown)}: the questions are {', '.join(known)}"
        )
    chosen = request.data.get("framework", request.framework)
    if chosen != request.framework:
        raise ScaffoldError(
            f"--framework {request.framework} and --data framework={chosen} disagree"
        )
    answers = {"framework": str(request.framework), "project_name": request.name}
    answers.update(request.data)
    answers.setdefault("package_name", package_name_for(answers["project_name"]))
    return answers


def _commit(project: Path) -> None:
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=project, capture_output=True, text=True, check=False
        )

    identity = () if git("config", "user.email").stdout.strip() else _FALLBACK_IDENTITY
    for step, args in (
        ("init", ("init", "--quiet", "--initial-branch=main")),
        ("add", ("add", "--all")),
        ("commit", (*identity, "commit", "--quiet", "--no-verify", "-m", "Generate with scaffold")),
    ):
        result = git(*args)
        if result.returncode != 0:
            raise ScaffoldError(f"git {step} failed: {result.stderr.strip()}")
