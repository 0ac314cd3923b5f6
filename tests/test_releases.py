import subprocess
from pathlib import Path

import pytest
from plumbum import local

from scaffold.releases import BUNDLE_ENV, TEMPLATE_URL, redirected_to, shipped_release
from tests.history import git


def bundle_with_tags(tmp_path: Path, tags: list[str]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "--quiet", cwd=repo)
    for tag in tags:
        git("commit", "--quiet", "--allow-empty", "-m", tag, cwd=repo)
        git("tag", tag, cwd=repo)
    bundle = tmp_path / "template.bundle"
    git("bundle", "create", "--quiet", str(bundle), "--all", cwd=repo)
    return bundle


def test_newest_release_is_by_version_not_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """v10.0.0 is newer than v9.0.0; pre-releases and non-version tags are ignored."""
    bundle = bundle_with_tags(
        tmp_path, ["v9.0.0", "v10.0.0", "v11.0.0rc1", "latest", "flask-v12.0.0"]
    )
    monkeypatch.setenv(BUNDLE_ENV, str(bundle))

    release = shipped_release()

    assert release is not None
    assert release.newest == "v10.0.0"
    assert set(release.tags) == {"v9.0.0", "v10.0.0"}


def test_a_bundle_without_release_tags_ships_no_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History without a release tag is a development build."""
    monkeypatch.setenv(BUNDLE_ENV, str(bundle_with_tags(tmp_path, ["latest"])))

    assert shipped_release() is None


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


def test_redirect_makes_git_fetch_the_url_from_the_bundle(tmp_path: Path) -> None:
    """With the redirect, git lists the bundle's tags for the template's public URL."""
    bundle = bundle_with_tags(tmp_path, ["v1.0.0"])

    with redirected_to(bundle):
        tags = local["git"]("ls-remote", "--tags", TEMPLATE_URL)

    assert "refs/tags/v1.0.0" in tags


def test_build_hook_refuses_a_shallow_clone(tmp_path: Path) -> None:
    """A bundle made from a shallow clone would lack old release tags: it is refused."""
    from hatch_build import make_bundle

    bundle_with_tags(tmp_path, ["v1.0.0", "v2.0.0"])
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth=1", f"file://{tmp_path / 'repo'}", str(shallow)],
        check=True,
    )

    with pytest.raises(RuntimeError, match="shallow clone"):
        make_bundle(shallow, tmp_path / "out.bundle")
