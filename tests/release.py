"""Build scaffold as a release (a clone tagged with the package version) and install its wheel.

Used by the packaging tests and the CLI benchmark: both measure what a user installs.
"""

import subprocess
import sys
from pathlib import Path

from uv import find_uv_bin

from scaffold import __version__
from tests.history import git

ROOT = Path(__file__).parents[1]
RELEASE = f"v{__version__}"


def build_release(workdir: Path) -> Path:
    """Build the sdist, and the wheel from it (as `uv build` does); return the dist folder.

    The clone holds the committed tree, as CI's fresh clone does, tagged as the release.
    """
    clone, dist = workdir / "clone", workdir / "dist"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    git("tag", RELEASE, cwd=clone)
    subprocess.run(
        [find_uv_bin(), "build", "--quiet", "--out-dir", str(dist)],
        cwd=clone,
        check=True,
        capture_output=True,
    )
    return dist


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
