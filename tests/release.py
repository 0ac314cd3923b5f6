"""Build scaffold from a clone of this repository and install its wheel, as a user does.

Used by the packaging tests and the CLI benchmark: both measure what a user installs.
"""

import subprocess
import sys
from pathlib import Path

from uv import find_uv_bin

from tests.history import git

ROOT = Path(__file__).parents[1]


def clone_repository(workdir: Path) -> Path:
    """A clone of the committed tree, as CI's fresh clone is, without tags: releases are marked
    by the commits that set `__version__`, not by tags."""
    clone = workdir / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.split()
    if tags:
        git("tag", "--delete", *tags, cwd=clone)
    return clone


def build(clone: Path, dist: Path) -> Path:
    """Build the sdist, and the wheel from it (as `uv build` does); return the dist folder."""
    subprocess.run(
        [find_uv_bin(), "build", "--quiet", "--out-dir", str(dist)],
        cwd=clone,
        check=True,
        capture_output=True,
    )
    return dist


def build_release(workdir: Path) -> Path:
    """The sdist and wheel of this repository's HEAD, built from a fresh clone."""
    return build(clone_repository(workdir), workdir / "dist")


def install_wheel(dist: Path, venv: Path) -> Path:
    """Install the wheel in a fresh virtual environment, bytecode compiled as pip does it."""
    (wheel,) = dist.glob("*.whl")
    uv = find_uv_bin()
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(venv), str(wheel)],
        check=True,
    )
    return venv / "bin"
