"""Slow tier: the Tailwind CSS the project ships is what its npm build produces."""

from pathlib import Path

import pytest

from tests.templates.projects import built_css

pytestmark = pytest.mark.slow

# What the build reads: the npm manifest (exact versions), Tailwind's input, the templates' classes.
BUILD_INPUTS = ["package.json", "Makefile", "assets", "templates"]
BUILT = "static/css/app.css"


def test_shipped_css_is_the_build_output(django_project: Path, tmp_path: Path) -> None:
    """`make css` (npm install + the Tailwind CLI) rebuilds static/css/app.css byte for byte."""
    built = built_css(django_project, tmp_path, BUILD_INPUTS, BUILT)

    assert built == (django_project / BUILT).read_text()
