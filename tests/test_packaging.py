"""The wheel and sdist carry the template and its history; an installed wheel generates
projects at its release."""

import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

from scaffold.releases import TEMPLATE_URL
from tests.release import RELEASE, ROOT, build_release, install_wheel


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel of a release build."""
    return build_release(tmp_path_factory.mktemp("release"))


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
    bin_dir = install_wheel(dist, tmp_path / "venv")

    # Copier mirrors the template in its cache: keep this test's mirror to itself.
    env = {**os.environ, "COPIER_CACHE_DIR": str(tmp_path / "copier-cache")}
    result = subprocess.run(
        [bin_dir / "scaffold", "new", "demo", "--framework", "fastapi", "-o", str(tmp_path)],
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
        [bin_dir / "scaffold", "update", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert update.returncode == 0, update.stderr
    assert f"already at template {RELEASE}" in update.stdout
