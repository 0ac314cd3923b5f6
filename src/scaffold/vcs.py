"""The git commands `new` and `update` run in a project."""

import subprocess
from pathlib import Path

from scaffold.errors import ScaffoldError

# Used only when git has no identity configured: `new`'s first commit, a dry run's snapshot.
_FALLBACK_IDENTITY = ("-c", "user.name=scaffold", "-c", "user.email=scaffold@localhost")


def run_git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in `folder`, for a caller that reads its exit status itself."""
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)


def git(folder: Path, *args: str) -> str:
    """Run git in `folder` and return what it printed; a failure is a one-line ScaffoldError."""
    result = run_git(folder, *args)
    if result.returncode != 0:
        if "not a git repository" in result.stderr:
            raise ScaffoldError(f"{folder} is not a git repository: {result.stderr.strip()}")
        raise ScaffoldError(f"git {args[0]} failed in {folder}: {result.stderr.strip()}")
    return result.stdout


def commit_all(folder: Path, message: str) -> None:
    """Commit every file in the working tree, hooks skipped (they would run the project's code)."""
    identity = () if run_git(folder, "config", "user.email").stdout.strip() else _FALLBACK_IDENTITY
    git(folder, "add", "--all")
    git(folder, *identity, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", message)
