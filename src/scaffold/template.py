"""Where the Copier template is, and what it asks."""

from functools import cache
from pathlib import Path

import yaml

from scaffold.errors import ScaffoldError

_PACKAGED = Path(__file__).parent / "_template"
_CHECKOUT = Path(__file__).resolve().parents[2]


def template_root() -> Path:
    """The installed template (inside the wheel) or, in a source checkout, the checkout."""
    for root in (_PACKAGED, _CHECKOUT):
        if (root / "copier.yml").is_file():
            return root
    raise ScaffoldError("the template is missing from this installation: reinstall scaffold-stacks")


def is_checkout(root: Path) -> bool:
    """A git checkout is rendered from its working tree, not from its newest tag."""
    return (root / ".git").exists()


@cache
def question_names(root: Path) -> tuple[str, ...]:
    config = yaml.safe_load((root / "copier.yml").read_text(encoding="utf-8"))
    return tuple(key for key in config if not key.startswith("_"))
