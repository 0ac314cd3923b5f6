"""The template's release history, shipped inside the package as a git bundle.

Copier can only update a project from a git repository with PEP 440 version tags; files in
site-packages are not one. So the wheel carries a bundle of the template's history with every
release tag. Projects record the template's public URL as their source (plain `copier update`
works wherever it is reachable), and `scaffold` redirects that URL to the bundle through git's
own configuration, so that it works offline.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

# What generated projects record as `_src_path`.
TEMPLATE_URL = "https://github.com/scaffold-stacks/scaffold-stacks.git"
# Names another bundle to use instead of the shipped one (tests, air-gapped mirrors).
BUNDLE_ENV = "SCAFFOLD_TEMPLATE_BUNDLE"
_SHIPPED_BUNDLE = Path(__file__).parent / "_template" / "template.bundle"


@dataclass(frozen=True)
class Release:
    bundle: Path
    tags: dict[str, Version]  # every release tag in the bundle, by name

    @property
    def newest(self) -> str:
        return max(self.tags, key=self.tags.__getitem__)


def tag_version(tag: str) -> Version | None:
    """The PEP 440 version a tag names (`v1.2.0`), as Copier reads it; None if it names none."""
    try:
        return Version(tag)
    except InvalidVersion:
        return None


def shipped_release() -> Release | None:
    """The bundle this installation renders from, or None (a development build ships none)."""
    bundle = Path(os.environ.get(BUNDLE_ENV) or _SHIPPED_BUNDLE).absolute()
    if not bundle.is_file():
        return None
    heads = subprocess.run(
        ["git", "bundle", "list-heads", str(bundle)], capture_output=True, text=True, check=True
    ).stdout
    tags = {}
    for line in heads.splitlines():
        ref = line.split()[-1]
        if ref.startswith("refs/tags/") and not ref.endswith("^{}"):
            tag = ref.removeprefix("refs/tags/")
            if (version := tag_version(tag)) is not None and not version.is_prerelease:
                tags[tag] = version
    return Release(bundle, tags) if tags else None


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
