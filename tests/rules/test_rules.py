"""Each rule's folder is run as a user runs the tool, and its reports are compared whole.

`tests/rules/<rule-id>/` holds a small `vocab.yaml`, inputs in the formats the rule reads
(`input.py`, `input.md`, `input.mdx`, or folders of them where paths matter), and the
expected reports: `expected.txt` (`vocab-lint check`, text) and `expected.diff`
(`vocab-lint fix --diff`: the diff, then what it says of the fixes, refusals included). After a deliberate change
of output, write them anew with `VOCAB_LINT_UPDATE_SNAPSHOTS=1 pytest tests/rules` and
read the difference before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lint.rules import Rule

HERE = Path(__file__).resolve().parent
FOLDERS = sorted(path for path in HERE.iterdir() if (path / "vocab.yaml").is_file())
UPDATE = os.environ.get("VOCAB_LINT_UPDATE_SNAPSHOTS") == "1"


def _compare(path: Path, output: str) -> None:
    if UPDATE:
        path.write_text(output, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with VOCAB_LINT_UPDATE_SNAPSHOTS=1"
    assert output == path.read_text(encoding="utf-8")


def test_every_rule_has_a_folder() -> None:
    assert sorted(folder.name for folder in FOLDERS) == sorted(rule.value for rule in Rule)


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_the_report_of_each_rule_s_inputs(folder: Path, run_cli: Any) -> None:
    result = run_cli("check", "--no-cache", "--no-show-source", cwd=folder)
    assert result.err == "", result.err
    _compare(folder / "expected.txt", result.out)
    if folder.name != "fix-refused":
        assert f" {folder.name} " in result.out  # the rule the folder is named for fires


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_the_fixes_of_each_rule_s_inputs(folder: Path, run_cli: Any) -> None:
    result = run_cli("fix", "--no-cache", "--diff", "--no-show-source", cwd=folder)
    _compare(folder / "expected.diff", result.out + result.err)
