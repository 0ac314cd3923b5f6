"""The wheel and sdist carry the template and its history; an installed wheel generates
projects that `scaffold update` and `copier update` can update."""

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from uv import find_uv_bin

from scaffold import __version__
from scaffold.releases import TEMPLATE_URL
from tests.history import git

ROOT = Path(__file__).parents[1]
RELEASE = f"v{__version__}"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel built from it (as `uv build` does), of a clone tagged as released.

    The clone holds the committed tree, as CI's fresh clone does.
    """
    work = tmp_path_factory.mktemp("release")
    clone, out = work / "clone", work / "dist"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    git("tag", RELEASE, cwd=clone)
    subprocess.run(
        [find_uv_bin(), "build", "--quiet", "--out-dir", str(out)],
        cwd=clone,
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_sdist_carries_the_template(dist: Path) -> None:
    """The sdist holds copier.yml and every framework tree."""
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}

    assert {"copier.yml", "template.bundle"} <= names
    for tree in ("django", "fastapi", "flask", "_shared"):
        assert any(name.startswith(f"templates/{tree}/") for name in names)


@pytest.mark.slow
def test_wheel_carries_the_template(dist: Path) -> None:
    """The wheel holds the template inside the package, with every template file."""
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    template_files = {
        f"scaffold/_template/{path.relative_to(ROOT)}"
        for path in [ROOT / "copier.yml", *(ROOT / "templates").rglob("*")]
        if path.is_file()
    }

    assert template_files <= names
    assert "scaffold/_template/template.bundle" in names


@pytest.mark.slow
def test_installed_wheel_generates_an_updatable_project(dist: Path, tmp_path: Path) -> None:
    """A wheel installed in a fresh virtual environment renders a project at its release."""
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    uv = find_uv_bin()
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin/python"), str(wheel)],
        check=True,
    )

    # Copier mirrors the template in its cache: keep this test's mirror to itself.
    env = {**os.environ, "COPIER_CACHE_DIR": str(tmp_path / "copier-cache")}
    result = subprocess.run(
        [venv / "bin/scaffold", "new", "demo", "--framework", "fastapi", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "demo/src/demo/main.py").is_file()
    answers = yaml.safe_load((tmp_path / "demo/.copier-answers.yml").read_text())
    assert answers["framework"] == "fastapi"
    assert answers["_src_path"] == TEMPLATE_URL
    assert answers["_commit"] == RELEASE
    update = subprocess.run(
        [venv / "bin/scaffold", "update", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert update.returncode == 0, update.stderr
    assert f"already at template {RELEASE}" in update.stdout
