"""Where the Copier template is, and what it asks."""

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import ScaffoldError

_PACKAGED = Path(__file__).parent / "_template"
_CHECKOUT = Path(__file__).resolve().parents[2]
# What makes up the template, relative to its root: the same in the wheel and in a checkout.
TEMPLATE_PARTS = ("copier.yml", "templates")
# Where a generated project keeps its answers (copier.yml's `_answers_file`).
ANSWERS_FILE = ".copier-answers.yml"
# Where each resource (`scaffold add resource`) keeps its own; copier.yml's `for_resource` says so.
RESOURCE_ANSWERS = ".copier/resources"


def template_root() -> Path:
    """The template inside the installed wheel or, in a source checkout, the checkout."""
    for root in (_PACKAGED, _CHECKOUT):
        if (root / "copier.yml").is_file():
            return root
    raise ScaffoldError("the template is missing from this installation: reinstall scaffold-stacks")


@contextmanager
def template_source() -> Iterator[Path]:
    """A plain folder holding the template's working tree, for Copier to render.

    A checkout is a git repository, which Copier would clone at its newest tag (or commit the
    uncommitted changes in a throwaway clone): a copy of the template's parts renders what is on
    disk, and as fast as the wheel's folder does.
    """
    root = template_root()
    if root == _PACKAGED:
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="scaffold-template-") as snapshot:
        for part in TEMPLATE_PARTS:
            source, target = root / part, Path(snapshot) / part
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)
        yield Path(snapshot)


def read_answers(project: Path) -> dict[str, object]:
    answers: dict[str, object] = yaml.safe_load(
        (project / ANSWERS_FILE).read_text(encoding="utf-8")
    )
    return answers or {}


@cache
def _config(root: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((root / "copier.yml").read_text(encoding="utf-8"))
    return config


def question_names(root: Path) -> tuple[str, ...]:
    return tuple(key for key in _config(root) if not key.startswith("_"))


def check_known(data: Mapping[str, str], root: Path) -> None:
    """Refuse answers to questions the template doesn't ask."""
    known = question_names(root)
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ScaffoldError(
            f"unknown answer {', '.join(unknown)}: the questions are {', '.join(known)}"
        )


def check_commands(root: Path) -> tuple[str, ...]:
    """The checks a generated project runs, in order (copier.yml's `checks`, which its CI runs)."""
    return tuple(_config(root)["checks"]["default"])


@dataclass(frozen=True)
class Question:
    name: str
    help: str
    default: str  # as a reader wants it: the value, "none", or "derived" from other answers
    choices: tuple[str, ...]


# The `when:` of the questions a project's render asks; the others are derived or a resource's.
_ASKED_WHEN = (None, "{{ not for_resource }}")


def project_questions(root: Path) -> tuple[Question, ...]:
    """The questions a new project's render asks, as `--data` takes them."""
    questions = []
    for name, spec in _config(root).items():
        if name.startswith("_") or spec.get("when") not in _ASKED_WHEN:
            continue
        choices = spec.get("choices", ())
        values = tuple(map(str, choices.values() if isinstance(choices, dict) else choices))
        default = str(spec.get("default", ""))
        shown = "derived" if "{{" in default else default or "none"
        questions.append(Question(name, str(spec.get("help", "")), shown, values))
    return tuple(questions)
