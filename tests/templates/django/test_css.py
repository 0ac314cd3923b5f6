"""Slow tier: the Tailwind CSS the project ships is what its npm build produces."""

import shutil
from pathlib import Path

import pytest

from tests.templates.projects import run

pytestmark = pytest.mark.slow

# What the build reads: the npm manifest (exact versions), Tailwind's input, the templates' classes.
BUILD_INPUTS = ["package.json", "Makefile", "assets", "templates"]


def test_shipped_css_is_the_build_output(django_project: Path, tmp_path: Path) -> None:
    """`make css` (npm install + the Tailwind CLI) rebuilds static/css/app.css byte for byte."""
    assert shutil.which("npm"), "npm is missing: apt-get install -y nodejs npm"
    for name in BUILD_INPUTS:
        source = django_project / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy2(source, tmp_path / name)

    run(["make", "css"], cwd=tmp_path, timeout=300)

    built = (tmp_path / "static/css/app.css").read_text()
    assert built == (django_project / "static/css/app.css").read_text()
