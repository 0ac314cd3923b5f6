"""Build hook: ship the template and its history, as a git bundle whose HEAD is the build commit.

`scaffold new` renders the commit a wheel was built from, and `scaffold update` moves projects
between such commits; files in site-packages are no git repository. Built from a git clone, the
hook bundles the repository's history (releases tagged, see `release_tags`) and puts it in the
sdist; a wheel built from that sdist (which has no .git) reuses it.
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from packaging.version import InvalidVersion, Version

BUNDLE = "template.bundle"
# Releases are marked in main itself: the commit that sets this to a final X.Y.Z is vX.Y.Z.
VERSION_FILE = "src/scaffold/__init__.py"
_VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


def git(*args: str, cwd: Path, check: bool = True) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=check
    ).stdout.strip()


def final_version(text: str) -> Version | None:
    """The version `text` names if it is a final release (1.2.0, not 1.2.0.dev0 or 1.2.0rc1)."""
    try:
        version = Version(text)
    except InvalidVersion:
        return None
    return version if str(version) == version.base_version else None


def _version_at(repository: Path, commit: str) -> str | None:
    text = git("show", f"{commit}:{VERSION_FILE}", cwd=repository, check=False)
    match = _VERSION_LINE.search(text)
    return match.group(1) if match else None


def release_tags(repository: Path) -> dict[str, str]:
    """Release tag name to commit: each commit that sets `__version__` to a final version.

    A real tag of the same name must be on that commit, and a real release tag must be on a
    commit that sets its version: where they disagree, the build stops.
    """
    tags: dict[str, str] = {}
    touching = git("rev-list", "--all", "--full-history", "--", VERSION_FILE, cwd=repository)
    for commit in touching.split():
        version = _version_at(repository, commit)
        if version is None or final_version(version) is None:
            continue
        parents = git("rev-list", "--parents", "-n", "1", commit, cwd=repository).split()[1:]
        if any(_version_at(repository, parent) == version for parent in parents):
            continue
        tag = f"v{version}"
        if tags.setdefault(tag, commit) != commit:
            raise RuntimeError(f"two commits set __version__ to {version}: {tags[tag]}, {commit}")
    real = git(
        "for-each-ref",
        "refs/tags",
        "--format=%(refname:short) %(*objectname) %(objectname)",
        cwd=repository,
    )
    for line in real.splitlines():
        name, *objects = line.split()
        released = final_version(name.removeprefix("v"))
        if released is None or not name.startswith("v"):
            continue
        commit = objects[0]  # the commit an annotated tag points at, else the tag's own
        expected = tags.get(name)
        at_commit = _version_at(repository, commit)
        if (expected is not None and expected != commit) or (
            at_commit is not None and final_version(at_commit) != released
        ):
            raise RuntimeError(
                f"tag {name} is on {commit[:12]}, but {name} is the commit that sets __version__"
                f" to {released} ({(expected or 'none')[:12]}): move the tag or the version"
            )
    return tags


def history_source(repository: Path) -> str:
    """Where the whole history is: the repository or, for a partial clone (pip clones git+URL
    with --filter=blob:none), the remote it fetches missing objects from."""
    promisors = git(
        "config", "--get-regexp", r"^remote\..*\.promisor$", cwd=repository, check=False
    ).splitlines()
    for line in promisors:
        key, _, value = line.partition(" ")
        if value == "true":
            remote = key.removeprefix("remote.").removesuffix(".promisor")
            return git("remote", "get-url", remote, cwd=repository)
    return str(repository)


def make_bundle(repository: Path, bundle: Path) -> str:
    """Bundle every branch and tag, releases tagged, HEAD at the build commit; return its name.

    The name is `git describe --tags --always`, as Copier records it in projects. The work is
    done in a bare clone, so the developer's repository is untouched.
    """
    if git("rev-parse", "--is-shallow-repository", cwd=repository) == "true":
        raise RuntimeError(
            "a shallow clone lacks the history older projects update from: "
            "build from a full clone (git fetch --unshallow --tags)"
        )
    build = git("rev-parse", "HEAD", cwd=repository)
    with tempfile.TemporaryDirectory(prefix="scaffold-bundle-") as tmp:
        clone = Path(tmp) / "template.git"
        source = history_source(repository)
        git("clone", "--bare", "--quiet", "--no-local", source, str(clone), cwd=repository)
        if not git(
            "rev-parse", "--verify", "--quiet", f"{build}^{{commit}}", cwd=clone, check=False
        ):
            # A detached HEAD (pip install git+URL@commit) is on no branch the clone took.
            git("fetch", "--quiet", str(repository), build, cwd=clone)
        for tag, commit in release_tags(clone).items():
            git("tag", "--force", tag, commit, cwd=clone)
        git("update-ref", "--no-deref", "HEAD", build, cwd=clone)
        git("bundle", "create", "--quiet", str(bundle.absolute()), "--all", cwd=clone)
        return git("describe", "--tags", "--always", build, cwd=clone)


class TemplateBundleHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install renders the checkout's working tree
        root = Path(self.root)
        bundle = root / BUNDLE
        if (root / ".git").exists():
            name = make_bundle(root, bundle)
            self.app.display_info(f"template: {name}")
            if git("status", "--porcelain", "--", "copier.yml", "templates", cwd=root):
                self.app.display_warning(
                    f"uncommitted template changes are not in this build: it renders {name}"
                )
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
