import subprocess
from pathlib import Path

import pytest
from packaging.version import Version
from plumbum import local

from hatch_build import VERSION_FILE, make_bundle, release_tags
from scaffold.releases import (
    BUNDLE_ENV,
    TEMPLATE_URL,
    describe_version,
    history,
    redirected_to,
    shipped_build,
)
from tests.history import git, head


def commit(repo: Path, version: str | None = None) -> str:
    """Commit, setting `__version__` when given one; return the commit's hash."""
    if version is not None:
        path = repo / VERSION_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'"""The package."""\n\n__version__ = "{version}"\n')
        git("add", "--all", cwd=repo)
    git("commit", "--quiet", "--allow-empty", "-m", version or "work", cwd=repo)
    return head(repo)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "--quiet", "--initial-branch=main", cwd=repo)
    return repo


def test_the_commit_that_sets_a_final_version_is_its_release(repo: Path) -> None:
    """0.1.0 and 0.2.0 are releases, at the commits that set them; development versions and
    commits that keep a version are not."""
    first = commit(repo, "0.1.0")
    commit(repo)
    commit(repo, "0.2.0.dev0")
    second = commit(repo, "0.2.0")
    commit(repo, "0.2.0")
    commit(repo, "0.3.0.dev0")
    commit(repo, "0.3.0rc1")

    assert release_tags(repo) == {"v0.1.0": first, "v0.2.0": second}


def test_a_real_tag_on_the_release_commit_is_accepted(repo: Path) -> None:
    release = commit(repo, "1.0.0")
    git("tag", "-a", "-m", "Release", "v1.0.0", cwd=repo)
    commit(repo, "1.1.0.dev0")

    assert release_tags(repo) == {"v1.0.0": release}


@pytest.mark.parametrize(
    ("tag_at", "message"),
    [
        pytest.param("HEAD", "v1.0.0 is on", id="after-the-release-commit"),
        pytest.param("HEAD~2", "v1.0.0 is on", id="before-the-release-commit"),
    ],
)
def test_a_real_tag_elsewhere_stops_the_build(repo: Path, tag_at: str, message: str) -> None:
    """A release tag on another commit than the one that sets its version is an error."""
    commit(repo, "0.9.0.dev0")
    commit(repo, "1.0.0")
    commit(repo, "1.1.0.dev0")
    git("tag", "v1.0.0", tag_at, cwd=repo)

    with pytest.raises(RuntimeError, match=message):
        release_tags(repo)


def test_bundle_has_the_build_commit_as_head_and_releases_tagged(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundle ships HEAD at the build commit, named as git describe names it."""
    release = commit(repo, "0.2.0")
    commit(repo, "0.3.0.dev0")
    build = commit(repo)
    bundle = tmp_path / "template.bundle"

    name = make_bundle(repo, bundle)

    assert name == f"v0.2.0-2-g{build[:7]}"
    monkeypatch.setenv(BUNDLE_ENV, str(bundle))
    shipped = shipped_build()
    assert shipped is not None
    assert shipped.commit == build
    with history(shipped) as template:
        assert template.resolve("v0.2.0") == release
        assert template.describe(shipped.commit) == name
        assert template.is_ancestor(release, build)
        assert not template.is_ancestor(build, release)


def test_bundle_holds_a_detached_build_commit(repo: Path, tmp_path: Path) -> None:
    """Built at a commit on no branch (pip install git+URL@commit), the bundle still has it."""
    commit(repo, "0.1.0")
    git("checkout", "--quiet", "--detach", cwd=repo)
    detached = commit(repo)
    git("checkout", "--quiet", "main", cwd=repo)
    git("checkout", "--quiet", detached, cwd=repo)

    make_bundle(repo, tmp_path / "template.bundle")

    heads = subprocess.run(
        ["git", "bundle", "list-heads", str(tmp_path / "template.bundle"), "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert heads.split()[0] == detached


def test_a_partial_clone_bundles_the_whole_history(repo: Path, tmp_path: Path) -> None:
    """pip clones git+URL without old files (--filter=blob:none): the history comes from the
    remote, every old version of every file in it."""
    commit(repo, "0.1.0")
    commit(repo, "0.2.0")
    git("config", "uploadpack.allowFilter", "true", cwd=repo)
    partial = tmp_path / "partial"
    subprocess.run(
        ["git", "clone", "--quiet", "--filter=blob:none", f"file://{repo}", str(partial)],
        check=True,
    )
    bundle = tmp_path / "template.bundle"

    assert make_bundle(partial, bundle) == "v0.2.0"

    unpacked = tmp_path / "unpacked"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(bundle), str(unpacked)], check=True)
    subprocess.run(["git", "fsck", "--full", "--strict"], cwd=unpacked, check=True)
    old = subprocess.run(
        ["git", "show", f"v0.1.0:{VERSION_FILE}"], cwd=unpacked, capture_output=True, text=True
    )
    assert '__version__ = "0.1.0"' in old.stdout


def test_without_a_bundle_nothing_is_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install (no bundle) renders its working tree."""
    monkeypatch.setenv(BUNDLE_ENV, str(tmp_path / "missing.bundle"))

    assert shipped_build() is None


@pytest.mark.parametrize(
    ("name", "version"),
    [
        pytest.param("v0.2.0", Version("0.2.0"), id="release"),
        pytest.param("v0.2.0-7-g1a2b3c4", Version("0.2.0.post7.dev0+1a2b3c4"), id="after"),
        pytest.param("1a2b3c4", None, id="hash"),
        pytest.param("latest-3-g1a2b3c4", None, id="other-tag"),
    ],
)
def test_recorded_commits_order_as_copier_orders_them(name: str, version: Version | None) -> None:
    assert describe_version(name) == version


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("v0.2.0", "v0.2.0-1-gaaaaaaa"),
        ("v0.2.0-1-gbbbbbbb", "v0.2.0-9-gaaaaaaa"),
        ("v0.2.0-9-gaaaaaaa", "v0.3.0"),
    ],
)
def test_a_later_commit_orders_after_an_earlier_one(older: str, newer: str) -> None:
    assert sorted([newer, older], key=lambda name: describe_version(name) or Version("0")) == [
        older,
        newer,
    ]


def test_redirect_extends_existing_git_configuration(tmp_path: Path) -> None:
    """The redirect adds to GIT_CONFIG_* entries already in the environment."""
    bundle = tmp_path / "template.bundle"
    with local.env(GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="core.askPass", GIT_CONFIG_VALUE_0=""):
        with redirected_to(bundle):
            env = dict(local.env)
        assert local.env["GIT_CONFIG_COUNT"] == "1"

    assert env["GIT_CONFIG_COUNT"] == "3"
    assert env["GIT_CONFIG_KEY_0"] == "core.askPass"
    assert env["GIT_CONFIG_KEY_1"] == f"url.{bundle}.insteadOf"
    assert env["GIT_CONFIG_VALUE_1"] == TEMPLATE_URL


def test_redirect_makes_git_fetch_the_url_from_the_bundle(repo: Path, tmp_path: Path) -> None:
    """With the redirect, git lists the bundle's tags for the template's public URL."""
    commit(repo, "1.0.0")
    bundle = tmp_path / "template.bundle"
    make_bundle(repo, bundle)

    with redirected_to(bundle):
        tags = local["git"]("ls-remote", "--tags", TEMPLATE_URL)

    assert "refs/tags/v1.0.0" in tags


def test_build_hook_refuses_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    """A bundle made from a shallow clone would lack the commits older projects are at."""
    commit(repo, "1.0.0")
    commit(repo, "2.0.0")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", f"file://{repo}", str(shallow)], check=True
    )

    with pytest.raises(RuntimeError, match="shallow clone"):
        make_bundle(shallow, tmp_path / "out.bundle")
