"""`scaffold update --verify`: install the project and run its own checks, as its CI does."""

import os
import shlex
import subprocess
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from scaffold.frameworks import Framework, project_folders
from scaffold.locking import uv
from scaffold.template import check_commands, template_root

# Lines of a failed check's output kept for the summary.
_TAIL = 40


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class Check:
    folder: str
    command: str
    outcome: Outcome
    seconds: float = 0.0
    output: str = ""  # the end of what a failed check printed


def verify(project: Path, framework: Framework) -> tuple[Check, ...]:
    """Run each folder's checks in order; after a failure, that folder's later ones are not run."""
    commands = check_commands(template_root())
    # The project's own environment, not the one scaffold may run in; with scaffold's uv on the
    # PATH, for checks that run uv themselves (a django+fastapi API's tests migrate with Django).
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    env["PATH"] = os.pathsep.join([str(Path(uv()).parent), env.get("PATH", "")])
    checks: list[Check] = []
    for folder in project_folders(framework):
        failed = False
        for command in commands:
            if failed:
                checks.append(Check(folder, command, Outcome.NOT_RUN))
                continue
            args = shlex.split(command)
            if args[0] == "uv":
                args[0] = uv()
            start = time.monotonic()
            result = subprocess.run(
                args,
                cwd=project / folder,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - start
            failed = result.returncode != 0
            if failed:
                tail = "\n".join(result.stdout.splitlines()[-_TAIL:])
                checks.append(Check(folder, command, Outcome.FAILED, seconds, tail))
            else:
                checks.append(Check(folder, command, Outcome.PASSED, seconds))
    return tuple(checks)
