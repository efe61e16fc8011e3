"""gitio: the identity copkit commits with is the one git itself would use."""

from __future__ import annotations

from pathlib import Path

import pytest

from copkit.errors import GitError
from copkit.git.commit import identity, open_repo

from .conftest import make_repo


@pytest.fixture
def repo_dir(tmp_path: Path) -> Path:
    path = tmp_path / "cop"
    path.mkdir()
    (path / "charter.yaml").write_text("name: A CoP\n", encoding="utf-8")
    return make_repo(path)


def test_identity_follows_git_config_global(repo_dir: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "other-gitconfig"
    config.write_text("[user]\n\tname = Amélie Tremblay\n\temail = amelie@example.org\n",
                      encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    assert identity(open_repo(repo_dir)) == ("Amélie Tremblay", "amelie@example.org")


def test_identity_from_the_environment_wins(repo_dir: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Kofi Mensah")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "kofi@example.org")
    assert identity(open_repo(repo_dir)) == ("Kofi Mensah", "kofi@example.org")


def test_no_identity_anywhere_is_a_clear_error(repo_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    with pytest.raises(GitError) as caught:
        identity(open_repo(repo_dir))
    assert caught.value.message == \
        "git does not know who you are, so copkit cannot commit your change"
    assert "git config --global user.email" in (caught.value.hint or "")
