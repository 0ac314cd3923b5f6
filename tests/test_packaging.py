"""The wheel and sdist carry the template, and an installed wheel generates projects."""

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from uv import find_uv_bin

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it (as `uv build` does)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [find_uv_bin(), "build", "--quiet", "--out-dir", str(out)],
        cwd=ROOT,
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

    assert "copier.yml" in names
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


@pytest.mark.slow
def test_installed_wheel_generates_a_project(dist: Path, tmp_path: Path) -> None:
    """`scaffold new` from a wheel installed in a fresh virtual environment renders a project."""
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    uv = find_uv_bin()
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin/python"), str(wheel)],
        check=True,
    )

    result = subprocess.run(
        [venv / "bin/scaffold", "new", "demo", "--framework", "fastapi", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "demo/src/demo/main.py").is_file()
    assert "framework: fastapi" in (tmp_path / "demo/.copier-answers.yml").read_text()
