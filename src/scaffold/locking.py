"""uv.lock: resolved when a project is made, re-resolved (never merged) after an update."""

import os
import subprocess
from pathlib import Path

from uv import find_uv_bin

# Resolving a project from a warm cache takes seconds; a stalled index must not hang scaffold.
_TIMEOUT = 300


def uv() -> str:
    """The uv that came with scaffold (a dependency), the same on every machine."""
    return os.fsdecode(find_uv_bin())


def lock(folder: Path) -> str | None:
    """Run `uv lock` in the folder: None when it worked, else why not, on one line."""
    try:
        result = subprocess.run(
            [uv(), "lock", "--quiet"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"uv lock took over {_TIMEOUT} s"
    if result.returncode == 0:
        return None
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return "uv lock failed: " + (lines[0].strip() if lines else f"exit {result.returncode}")
