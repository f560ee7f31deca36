"""What `check` scans: git's file set in a work tree, the `.gitignore` files outside one,
then the settings' include and exclude; built-in excludes only for what git does not track."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import CAPACITY_FILE, checked_findings, git, write

STALE_PY = "x = ThrottleManager()\n"
STALE_MD = "The ThrottleManager is gone.\n"


def _scanned(run_cli: Any, cwd: Path, *args: str) -> list[str]:
    result = run_cli("check", "--show-files", *args, cwd=cwd)
    assert result.code == 0, result.err
    return result.out.splitlines()


def _flagged(run_cli: Any, cwd: Path, *args: str) -> list[str]:
    return sorted({f["path"] for f in checked_findings(run_cli, *args, cwd=cwd)})


def _repository(root: Path, files: dict[str, str], tracked: list[str]) -> Path:
    write(root, {**CAPACITY_FILE, **files})
    git(root, "init", "-q")
    git(root, "add", "-f", "vocab.yaml", *tracked)
    git(root, "commit", "-q", "-m", "tracked")
    return root


def test_a_nested_negation_re_includes_as_git_does(tmp_path: Path, run_cli: Any) -> None:
    """`*.md` at the top and `!keep.md` in `docs/drafts/.gitignore`: git shows keep.md (the
    deeper file wins), in a work tree and in a plain folder alike."""
    files = {".gitignore": "*.md\n", "docs/drafts/.gitignore": "!keep.md\n"}
    files |= {"docs/drafts/keep.md": STALE_MD, "docs/drafts/drop.md": STALE_MD, "a.py": STALE_PY}
    plain = write(tmp_path / "plain", {**CAPACITY_FILE, **files})
    assert _flagged(run_cli, plain) == ["a.py", "docs/drafts/keep.md"]
    repository = _repository(tmp_path / "repo", files, [".gitignore"])
    listed = git(repository, "ls-files", "--others", "--exclude-standard", "docs").split()
    assert listed == ["docs/drafts/.gitignore", "docs/drafts/keep.md"]  # git's own answer
    assert _flagged(run_cli, repository) == ["a.py", "docs/drafts/keep.md"]


def test_info_exclude_and_core_excludes_file_are_honoured(tmp_path: Path, run_cli: Any) -> None:
    repository = _repository(tmp_path, {"a.py": STALE_PY, "local.py": STALE_PY, "mine.py": STALE_PY}, ["a.py"])
    (repository / ".git/info/exclude").write_text("local.py\n", encoding="utf-8")
    (tmp_path / "global-ignore").write_text("mine.py\n", encoding="utf-8")
    git(repository, "config", "core.excludesFile", str(tmp_path / "global-ignore"))
    assert _flagged(run_cli, repository) == ["a.py"]


def test_built_in_excludes_hide_only_what_git_does_not_track(tmp_path: Path, run_cli: Any) -> None:
    """A package named `build` below the root is scanned once tracked; an untracked virtual
    environment that no `.gitignore` lists is not; the user's excludes apply to both."""
    files = {
        "pkg/build/steps.py": STALE_PY,
        "pkg/build/scratch.py": STALE_PY,
        "env/.venv/lib/site.py": STALE_PY,
        "vendor/lib.py": STALE_PY,
    }
    repository = _repository(tmp_path, files, ["pkg/build/steps.py", "vendor/lib.py"])
    assert _scanned(run_cli, repository) == ["pkg/build/steps.py", "vendor/lib.py"]
    write(repository, {"pyproject.toml": '[tool.vocab-lint]\nextend-exclude = ["vendor/"]\n'})
    assert _scanned(run_cli, repository) == ["pkg/build/steps.py"]
    # `exclude` replaces the built-in list (as Ruff's does): the untracked files are back.
    write(repository, {"pyproject.toml": '[tool.vocab-lint]\nexclude = ["vendor/"]\n'})
    assert _scanned(run_cli, repository) == ["env/.venv/lib/site.py", "pkg/build/scratch.py", "pkg/build/steps.py"]


def test_paths_named_on_the_command_line_are_linted_unless_force_exclude(tmp_path: Path, run_cli: Any) -> None:
    files = {"vendor/lib.py": STALE_PY, "pyproject.toml": '[tool.vocab-lint]\nextend-exclude = ["vendor/"]\n'}
    repository = _repository(tmp_path, files, ["vendor/lib.py", "pyproject.toml"])
    assert _flagged(run_cli, repository) == []
    assert _flagged(run_cli, repository, "vendor/lib.py") == ["vendor/lib.py"]
    assert _flagged(run_cli, repository, "--force-exclude", "vendor/lib.py") == []
    write(repository, {"pyproject.toml": '[tool.vocab-lint]\nextend-exclude = ["vendor/"]\nforce-exclude = true\n'})
    assert _flagged(run_cli, repository, "vendor/lib.py") == []


def test_show_files_verbose_names_each_skipped_path_and_its_rule(tmp_path: Path, run_cli: Any) -> None:
    files = {
        ".gitignore": "*.log.md\n",
        "notes.log.md": STALE_MD,
        "a.py": STALE_PY,
        "vendor/lib.py": STALE_PY,
        "build/out.py": STALE_PY,
        "pyproject.toml": '[tool.vocab-lint]\nextend-exclude = ["vendor/"]\n',
    }
    repository = _repository(tmp_path, files, [".gitignore", "a.py", "vendor/lib.py", "pyproject.toml"])
    result = run_cli("check", "--show-files", "-v", cwd=repository)
    assert result.code == 0 and result.out.splitlines() == ["a.py"]
    skipped = dict(line.removeprefix("skipped ").split(": ", 1) for line in result.err.splitlines())
    assert skipped["notes.log.md"] == "ignored by git (.gitignore:1:*.log.md)"
    assert skipped["vendor/lib.py"] == "excluded by 'vendor/' (pyproject.toml:2)"
    assert skipped["build/out.py"] == "built-in exclude 'build/' (git does not track it)"
    assert skipped["pyproject.toml"] == "not a kind of file vocab-lint reads"


def test_a_tracked_file_deleted_from_the_work_tree_is_not_scanned(tmp_path: Path, run_cli: Any) -> None:
    repository = _repository(tmp_path, {"a.py": STALE_PY, "gone.py": STALE_PY}, ["a.py", "gone.py"])
    (repository / "gone.py").unlink()
    result = run_cli("check", "--no-cache", cwd=repository)
    assert result.code == 1 and "gone.py" not in result.out + result.err
