"""`vocab-lint vocab suggest`: drafting the vocabulary from a real git history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import git, write

pytestmark = pytest.mark.slow

BEFORE = {
    "src/shop/__init__.py": "",
    "src/shop/gate.py": (
        "class ThrottleGate:\n"
        '    """Admits orders."""\n\n'
        "    def __init__(self) -> None:\n"
        "        self.pending_slots = 4\n\n"
        "    def admit(self, order: str, *, max_inflight: int = 4) -> bool:\n"
        "        return self.pending_slots > 0\n\n\n"
        "def _tmp_helper() -> None:\n    pass\n\n\n"
        "def refresh() -> None:\n    pass\n"
    ),
    "src/shop/old_place.py": "def pack_order() -> None:\n    pass\n\n\ndef ship_order() -> None:\n    pass\n",
    "src/shop/notes.py": 'def describe() -> str:\n    """Uses the LegacyWidget."""\n    return "x"\n',
    "tests/test_gate.py": "def make_fixture_gate() -> None:\n    pass\n",
}
AFTER_CHANGES = {
    "src/shop/gate.py": (
        "class AdmissionGate:\n"
        '    """Admits orders."""\n\n'
        "    def __init__(self) -> None:\n"
        "        self.open_slots = 4\n\n"
        "    def admit(self, order: str, *, max_in_flight: int = 4) -> bool:\n"
        "        return self.open_slots > 0\n"
    ),
    "src/shop/notes.py": 'def describe() -> str:\n    """Uses the ModernWidget."""\n    return "x"\n',
    "tests/test_gate.py": "def build_gate() -> None:\n    pass\n",
    "src/shop/checkout.py": (
        "from shop.gate import AdmissionGate\n\n"
        "gate = AdmissionGate()  # was ThrottleGate\n"
        "gate.admit('a', max_in_flight=2)\n"
    ),
    "docs/guide.md": (
        "# Guide\n\nThe ThrottleGate admits orders; tune `max_inflight`.\n\n"
        "Read `gate.pending_slots` to see room left. See shop.old_place for packing.\n\n"
        "A throttle gate never refreshes.\n"
    ),
}


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository with one commit before the renames and several after."""
    repo = write(tmp_path / "repo", BEFORE)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "before")
    git(repo, "tag", "v1")
    (repo / "src/shop/new_place").mkdir()
    git(repo, "mv", "src/shop/old_place.py", "src/shop/new_place/packing.py")
    git(repo, "commit", "-q", "-m", "move")
    write(repo, AFTER_CHANGES)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "rename")
    return repo


def test_suggestions_are_the_renames_ranked_by_remaining_mentions(history: Path, run_cli: Any) -> None:
    result = run_cli("vocab", "suggest", "--since", "v1", "--format", "json", cwd=history)
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert [(r["name"], r["kind"], r["replacement"], r["confidence"], r["mentions"]) for r in found["removed"]] == [
        ("ThrottleGate", "class", "AdmissionGate", "high", 3),
        ("max_inflight", "parameter", "max_in_flight", "high", 1),
        ("pending_slots", "attribute", "open_slots", "high", 1),
    ]
    assert found["removed"][0]["first_mention"] == {"path": "docs/guide.md", "line": 3}
    assert found["moved_modules"] == [{"old": "shop.old_place", "new": "shop.new_place.packing", "mentions": 1}]


def test_the_yaml_draft_pasted_into_a_vocabulary_flags_every_remaining_mention(history: Path, run_cli: Any) -> None:
    draft = run_cli("vocab", "suggest", "--since", "v1", cwd=history).out
    assert "# 1. class of shop.gate: 3 remaining mentions, first at docs/guide.md:3, high confidence" in draft
    (history / "vocab.yaml").write_text("version: 1\nname: shop\n" + draft, encoding="utf-8")
    tested = run_cli("vocab", "test", cwd=history)
    assert tested.code == 0, tested.out + tested.err
    report = json.loads(run_cli("check", "--no-cache", "--format", "json", cwd=history).out)
    flagged = sorted({(f["path"], f["line"], f["term"]) for f in report["findings"]})
    assert flagged == [
        ("docs/guide.md", 3, "max-inflight"),
        ("docs/guide.md", 3, "throttle-gate"),
        ("docs/guide.md", 5, "pending-slots"),
        ("docs/guide.md", 5, "shop-old-place"),
        ("docs/guide.md", 7, "throttle-gate"),
        ("src/shop/checkout.py", 3, "throttle-gate"),
    ]


def test_check_fails_while_a_renamed_name_is_still_mentioned(history: Path, run_cli: Any) -> None:
    assert run_cli("vocab", "suggest", "--since", "v1", "--check", cwd=history).code == 1
    assert run_cli("vocab", "suggest", "--since", "v1", "--until", "v1", "--check", cwd=history).code == 0


def test_limit_and_unknown_revisions(history: Path, run_cli: Any) -> None:
    limited = json.loads(run_cli("vocab", "suggest", "--since", "v1", "--limit", "1", "--output-format", "json",
                                 cwd=history).out)  # fmt: skip
    assert [r["name"] for r in limited["removed"]] == ["ThrottleGate"]
    wrong = run_cli("vocab", "suggest", "--since", "v9", cwd=history)
    assert wrong.code == 2 and "v9" in wrong.err and "Traceback" not in wrong.err


def test_a_notebook_s_cells_are_mentions_and_its_outputs_are_not(history: Path, run_cli: Any) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "c1",
                "metadata": {},
                "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ThrottleGate ThrottleGate\n"]}],
                "source": ["gate = ThrottleGate()"],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    write(history, {"docs/tour.ipynb": json.dumps(notebook, indent=1)})
    git(history, "add", ".")
    git(history, "commit", "-q", "-m", "a notebook")
    found = json.loads(run_cli("vocab", "suggest", "--since", "v1", "--format", "json", cwd=history).out)
    [gate] = [r for r in found["removed"] if r["name"] == "ThrottleGate"]
    assert gate["mentions"] == 3 + 1  # the cell's source counts; the output printed twice does not


def test_a_file_name_cannot_write_lines_into_the_draft(history: Path, run_cli: Any) -> None:
    """The draft is meant to be pasted into `vocab.yaml`: a file name holding a line break
    is written escaped in its comment, never as a line of YAML."""
    write(history, {"a\n  - name: injected\n.md": "The ThrottleGate is mentioned first here.\n"})
    git(history, "add", ".")
    git(history, "commit", "-q", "-m", "a hostile name")
    draft = run_cli("vocab", "suggest", "--since", "v1", cwd=history).out
    assert not [line for line in draft.splitlines() if "injected" in line and not line.lstrip().startswith("#")]
    assert "first at a\\n  - name: injected\\n.md:1" in draft


def test_a_revision_holding_a_line_break_is_named_escaped(history: Path, run_cli: Any) -> None:
    result = run_cli("vocab", "suggest", "--since", "v1\nforged line", cwd=history)
    assert result.code == 2
    assert "no such revision" in result.err and "v1\\nforged line" in result.err
    assert "\nforged line" not in result.err


def test_init_since_seeds_the_starter_with_the_draft(history: Path, run_cli: Any) -> None:
    result = run_cli("init", "--since", "v1", cwd=history)
    assert result.code == 0, result.err
    vocabulary = (history / "vocab.yaml").read_text(encoding="utf-8")
    assert '  - name: "ThrottleGate"\n    replacement: "AdmissionGate"' in vocabulary
    assert "\nremoved: []" not in vocabulary and "\nprose_words: []" in vocabulary
    check = run_cli("check", "--no-cache", "--output-format", "json", cwd=history)
    assert {f["matched"] for f in json.loads(check.out)["findings"]} >= {"ThrottleGate", "max_inflight"}
