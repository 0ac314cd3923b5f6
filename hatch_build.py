"""Build hook: ship the template and its history (a git bundle with every release tag).

`scaffold update` needs the template as a git repository with release tags; files in
site-packages are not one. Built from a git clone, the hook bundles the repository's history and
puts it in the sdist; a wheel built from that sdist (which has no .git) reuses it.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = "template.bundle"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def make_bundle(repository: Path, bundle: Path) -> None:
    """Bundle every branch and tag, from a bare clone so the developer's repository is untouched."""
    if git("rev-parse", "--is-shallow-repository", cwd=repository) == "true":
        raise RuntimeError(
            "a shallow clone lacks the release tags older projects update from: "
            "build from a full clone (git fetch --unshallow --tags)"
        )
    with tempfile.TemporaryDirectory(prefix="scaffold-bundle-") as tmp:
        clone = Path(tmp) / "template.git"
        git("clone", "--bare", "--quiet", "--no-local", str(repository), str(clone), cwd=repository)
        git("bundle", "create", "--quiet", str(bundle.absolute()), "--all", cwd=clone)


class TemplateBundleHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install renders the checkout's working tree
        root = Path(self.root)
        bundle = root / BUNDLE
        if (root / ".git").exists():
            make_bundle(root, bundle)
        elif not bundle.is_file():
            raise RuntimeError(
                f"neither git history nor {BUNDLE}: build from a git clone or from the sdist"
            )
        prefix = "" if self.target_name == "sdist" else "scaffold/_template/"
        build_data["force_include"][str(bundle)] = prefix + BUNDLE
        # The template's folder, its links (the django+fastapi tree links into the other two)
        # made copies: hatchling would take a linked folder's files once, at whichever path it
        # met first, and a wheel can't hold links.
        self.copies = Path(tempfile.mkdtemp(prefix="scaffold-template-"))
        shutil.copytree(
            root / "templates",
            self.copies / "templates",
            ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"),
        )
        build_data["force_include"][str(self.copies / "templates")] = prefix + "templates"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if version != "editable":
            shutil.rmtree(self.copies, ignore_errors=True)
