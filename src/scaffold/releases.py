"""The template's history, shipped inside the package as a git bundle.

Copier can only update a project from a git repository; files in site-packages are not one. So
every wheel carries a bundle of the template's history, releases tagged, whose HEAD is the commit
the wheel was built from (hatch_build.py). Projects record the template's public URL as their
source (plain `copier update` works wherever it is reachable), and `scaffold` redirects that URL
to the bundle through git's own configuration, so that it works offline.
"""

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from scaffold.errors import ScaffoldError
from scaffold.vcs import git, run_git

# What generated projects record as `_src_path`.
TEMPLATE_URL = "https://github.com/scaffold-stacks/scaffold-stacks.git"
# Names another bundle to use instead of the shipped one (tests, air-gapped mirrors).
BUNDLE_ENV = "SCAFFOLD_TEMPLATE_BUNDLE"
_SHIPPED_BUNDLE = Path(__file__).parent / "_template" / "template.bundle"


@dataclass(frozen=True)
class TemplateBuild:
    """The template history a non-editable install ships, and the commit it was built from."""

    bundle: Path
    commit: str  # full hash: what `scaffold new` renders and `scaffold update` moves to


def shipped_build() -> TemplateBuild | None:
    """The bundle this installation renders from, or None (an editable install ships none)."""
    bundle = Path(os.environ.get(BUNDLE_ENV) or _SHIPPED_BUNDLE).absolute()
    if not bundle.is_file():
        return None
    heads = git(bundle.parent, "bundle", "list-heads", str(bundle), "HEAD").split()
    if not heads:
        raise ScaffoldError(f"{bundle} names no build commit (HEAD): reinstall scaffold-stacks")
    return TemplateBuild(bundle, heads[0])


class History:
    """The bundle's history, unpacked into a throwaway repository to answer questions."""

    def __init__(self, repository: Path) -> None:
        self._repository = repository

    def describe(self, commit: str) -> str:
        """The commit's name as Copier records it (`v0.2.0`, `v0.2.0-7-g1a2b3c4`, `1a2b3c4`)."""
        return git(self._repository, "describe", "--tags", "--always", commit).strip()

    def resolve(self, name: str) -> str | None:
        """The full hash of a recorded `_commit` (any name git understands), None if unknown."""
        result = run_git(
            self._repository,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{name}^{{commit}}",
        )
        return result.stdout.strip() if result.returncode == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return (
            run_git(self._repository, "merge-base", "--is-ancestor", older, newer).returncode == 0
        )


def describe_version(name: str) -> Version | None:
    """The PEP 440 version Copier orders a recorded commit by: `v0.2.0` is 0.2.0, and
    `v0.2.0-7-g1a2b3c4` is 0.2.0.post7.dev0+1a2b3c4; None for a bare hash or another tag."""
    tag, distance, commit = name, "0", ""
    if match := re.fullmatch(r"(.+)-(\d+)-g([0-9a-f]+)", name):
        tag, distance, commit = match.groups()
    try:
        version = Version(tag)
    except InvalidVersion:
        return None
    if not commit:
        return version
    return Version(f"{version.base_version}.post{distance}.dev0+{commit}")


@contextmanager
def history(build: TemplateBuild) -> Iterator[History]:
    with tempfile.TemporaryDirectory(prefix="scaffold-history-") as tmp:
        repository = Path(tmp) / "template.git"
        git(Path(tmp), "clone", "--quiet", "--bare", str(build.bundle), str(repository))
        yield History(repository)


@contextmanager
def redirected_to(bundle: Path) -> Iterator[None]:
    """Make git fetch TEMPLATE_URL from `bundle`, for the Copier calls inside the block.

    Copier runs git through plumbum, whose environment was copied when it was imported: the
    variables go through plumbum's `local.env`. An existing GIT_CONFIG_COUNT is extended.
    """
    from plumbum import local

    first = int(local.env.get("GIT_CONFIG_COUNT", "0"))
    settings = {
        f"url.{bundle.absolute()}.insteadOf": TEMPLATE_URL,
        # Bundles are read through git's file transport, which a global setting may forbid.
        "protocol.file.allow": "always",
    }
    env = {"GIT_CONFIG_COUNT": str(first + len(settings))}
    for index, (key, value) in enumerate(settings.items(), start=first):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    with local.env(**env):
        yield
