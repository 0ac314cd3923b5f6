"""Slow tier: the Tailwind CSS the project ships is what its npm build produces."""

from pathlib import Path

import pytest

from tests.templates.projects import PACKAGE, built_css

pytestmark = pytest.mark.slow

TEMPLATES = Path(__file__).parents[3] / "templates"
PACKAGE_DIR = f"src/{PACKAGE}"
# What the build reads: the npm manifest (exact versions), Tailwind's input, the templates' classes.
BUILD_INPUTS = ["package.json", "Makefile", f"{PACKAGE_DIR}/assets", f"{PACKAGE_DIR}/templates"]
BUILT = f"{PACKAGE_DIR}/static/css/app.css"


def test_shipped_css_is_the_build_output(project: Path, tmp_path: Path) -> None:
    """`make css` rebuilds src/<package>/static/css/app.css byte for byte, from Django's
    Tailwind input (the same file) and Flask's templates, the example's included."""
    assert built_css(project, tmp_path, BUILD_INPUTS, BUILT) == (project / BUILT).read_text()


def test_tailwinds_input_is_djangos(project: Path) -> None:
    """One Tailwind input for both stacks: the template links Flask's to Django's, and the
    project gets the file itself, not a link."""
    tailwind_input = project / PACKAGE_DIR / "assets/app.css"

    assert not tailwind_input.is_symlink()
    assert tailwind_input.read_text() == (TEMPLATES / "django/assets/app.css").read_text()
