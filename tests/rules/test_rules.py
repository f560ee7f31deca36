"""Each rule's folder is run as a user runs the tool, and its reports are compared whole.

`tests/rules/<rule-id>/` holds a small `vocab.yaml`, inputs in the formats the rule reads
(`input.py`, `input.md`, `input.mdx`, or folders of them where paths matter), and the
expected reports: `expected.txt` (`vocab-lint check`, text) and `expected.diff`
(`vocab-lint fix --diff`: the diff, then what it says of the fixes, refusals included). A
folder of a rule about unreadable files holds a `locked/` folder made unreadable at run time. After a deliberate change
of output, write them anew with `VOCAB_LINT_UPDATE_SNAPSHOTS=1 pytest tests/rules` and
read the difference before committing it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from lint.rules import Rule

HERE = Path(__file__).resolve().parent
FOLDERS = sorted(path for path in HERE.iterdir() if (path / "vocab.yaml").is_file())
UPDATE = os.environ.get("VOCAB_LINT_UPDATE_SNAPSHOTS") == "1"


# Rules whose folder holds a subfolder made unreadable at run time (`locked/`): the tool runs
# as a program, as an unprivileged user (root reads everything).
LOCKED = frozenset({"io-error"})


@contextmanager
def _locked_copy(folder: Path) -> Iterator[Path]:
    """A copy in a folder every user may enter (pytest's own temporary folders are private
    to their owner), with its `locked/` folder readable by nobody but root."""
    parent = Path(tempfile.mkdtemp(prefix="vocab-lint-rule-", dir="/tmp"))
    os.chmod(parent, 0o755)
    copy = parent / folder.name
    shutil.copytree(folder, copy)
    os.chmod(copy / "locked", 0)
    try:
        yield copy
    finally:
        os.chmod(copy / "locked", 0o755)
        shutil.rmtree(parent)


def _run(folder: Path, run_cli: Any, *args: str) -> str:
    """What `vocab-lint ARGS` writes (standard output, then standard error) in the folder."""
    if folder.name not in LOCKED:
        result = run_cli(*args, cwd=folder)
        return str(result.out + result.err)
    if os.geteuid() == 0 and shutil.which("unshare") is None:
        pytest.skip("root needs unshare (util-linux) to meet a folder it may not read")
    command = [sys.executable, "-m", "lint", *args]
    if os.geteuid() == 0:
        command = ["unshare", "--user", *command]
    with _locked_copy(folder) as copy:
        done = subprocess.run(command, cwd=copy, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if done.stderr.startswith("unshare:"):
        pytest.skip(f"no unprivileged run possible here: {done.stderr.strip()[:200]}")
    return done.stdout + done.stderr


def _compare(path: Path, output: str) -> None:
    if UPDATE:
        path.write_text(output, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with VOCAB_LINT_UPDATE_SNAPSHOTS=1"
    assert output == path.read_text(encoding="utf-8")


def test_every_rule_has_a_folder() -> None:
    assert sorted(folder.name for folder in FOLDERS) == sorted(rule.value for rule in Rule)


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_the_report_of_each_rule_s_inputs(folder: Path, run_cli: Any) -> None:
    output = _run(folder, run_cli, "check", "--no-cache", "--no-show-source")
    _compare(folder / "expected.txt", output)
    if folder.name != "fix-refused":
        assert f" {folder.name} " in output  # the rule the folder is named for fires


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_the_fixes_of_each_rule_s_inputs(folder: Path, run_cli: Any) -> None:
    _compare(folder / "expected.diff", _run(folder, run_cli, "fix", "--no-cache", "--diff", "--no-show-source"))
