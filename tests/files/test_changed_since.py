"""`check --changed-since REV`: only findings on lines a change added or edited, judged
against the merge base, as a pull request is reviewed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lint.files.changes import added_lines
from tests.conftest import CAPACITY_FILE, checked_findings, git, write

OLD = "x = ThrottleManager()\n\n\ndef f():\n    return 1\n"


def _findings(run_cli: Any, cwd: Path, *args: str) -> list[tuple[str, int]]:
    return [(f["path"], f["line"]) for f in checked_findings(run_cli, *args, cwd=cwd)]


def test_only_lines_added_since_the_merge_base_are_judged(tmp_path: Path, run_cli: Any) -> None:
    repository = write(tmp_path, {**CAPACITY_FILE, "a.py": OLD, "moved.py": OLD, "untouched.py": OLD})
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "base")
    git(repository, "switch", "-q", "-c", "feature")
    # The main branch moves on after the branch point: its lines are not the change's.
    git(repository, "switch", "-q", "main")
    write(repository, {"main_only.py": "y = ThrottleManager()\n"})
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "main moves on")
    git(repository, "switch", "-q", "feature")
    write(repository, {"a.py": OLD.replace("    return 1\n", "    return ThrottleManager()\n")})
    git(repository, "mv", "moved.py", "renamed.py")
    git(repository, "commit", "-q", "-am", "feature")
    # Uncommitted and untracked work counts as the change too.
    write(repository, {"new.py": "z = 1\nz = ThrottleManager()\n"})
    assert len(_findings(run_cli, repository)) == 5
    assert _findings(run_cli, repository, "--changed-since", "main") == [("a.py", 5), ("new.py", 2)]


def test_a_revision_that_does_not_exist_is_a_usage_error(tmp_path: Path, run_cli: Any) -> None:
    repository = write(tmp_path, {**CAPACITY_FILE, "a.py": OLD})
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "base")
    result = run_cli("check", "--changed-since", "no-such-branch", cwd=repository)
    assert result.code == 2 and "'no-such-branch' is not a revision" in result.err
    result = run_cli("check", "--fix", "--changed-since", "HEAD", cwd=repository)
    assert result.code == 2 and "does not fix" in result.err


def test_hunks_of_odd_names_and_pure_deletions() -> None:
    patch = (
        b'diff --git "a/docs/caf\\303\\251 \\"x\\".md" "b/docs/caf\\303\\251 \\"x\\".md"\n'
        b'--- "a/docs/caf\\303\\251 \\"x\\".md"\n+++ "b/docs/caf\\303\\251 \\"x\\".md"\n'
        b"@@ -3,0 +4,2 @@\n+one\n+two\n@@ -9 +11 @@\n-old\n+new\n@@ -20,2 +22,0 @@\n-gone\n-gone\n"
        b"--- a/removed.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
    )
    assert added_lines(patch) == {'docs/café "x".md': {4, 5, 11}}
