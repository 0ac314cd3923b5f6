"""Our own code (package, tests, benchmarks, build hook) passes CONTRIBUTING.md's checks."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.release import ROOT

TOOLS = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=" ".join,
)
def test_passes(command: list[str]) -> None:
    result = subprocess.run(
        [TOOLS / command[0], *command[1:]], cwd=ROOT, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr
