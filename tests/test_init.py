"""`vocab-lint init`: a starter vocabulary and the settings table for a project with none."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lint.engine.engine import Engine
from lint.init import starter
from lint.selftest import run_examples
from lint.vocabulary.load import parse_vocabulary
from tests.conftest import write


def test_init_writes_a_vocabulary_and_the_table_into_pyproject(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "demo"\n', "a.py": "x = RequestGate()\n"})
    result = run_cli("init", cwd=tmp_path)
    assert result.code == 0, result.err
    text = (tmp_path / "vocab.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://") and "\nname: " in text
    assert (
        (tmp_path / "pyproject.toml")
        .read_text(encoding="utf-8")
        .endswith(
            '[tool.vocab-lint]\nvocabulary = "vocab.yaml"\n'
            '# extend-exclude = ["tests/fixtures/"]\n# per-file-ignores = {"tests/**" = ["deprecated-name"]}\n'
        )
    )
    checked = run_cli("check", cwd=tmp_path)
    assert checked.code == 0 and "with vocab.yaml: no findings." in checked.out and checked.err == ""
    again = run_cli("init", cwd=tmp_path)
    assert again.code == 2 and "exists already" in again.err
    assert (tmp_path / "vocab.yaml").read_text(encoding="utf-8") == text


def test_without_pyproject_the_settings_go_to_vocab_lint_toml(tmp_path: Path, run_cli: Any) -> None:
    assert run_cli("init", cwd=tmp_path).code == 0
    assert (tmp_path / "vocab-lint.toml").read_text(encoding="utf-8").startswith('vocabulary = "vocab.yaml"\n')
    assert run_cli("check", "--show-settings", cwd=tmp_path).out.count("# vocab-lint.toml:1") == 1


def test_every_commented_example_is_a_working_entry() -> None:
    """Uncommented (each `key: []` opened), the starter is a vocabulary whose examples all
    behave as declared: a user who uncomments one gets a working entry."""
    opened = re.sub(r"^(\w+): \[\]$", r"\1:", starter("demo"), flags=re.MULTILINE)
    opened = re.sub(r"^#(  .*)$", r"\1", opened, flags=re.MULTILINE)
    vocabulary = parse_vocabulary(opened, "vocab.yaml")
    kinds = [vocabulary.categories, vocabulary.terms, vocabulary.removed, vocabulary.deprecated]
    kinds += [vocabulary.prose_words, vocabulary.moved_modules, vocabulary.conflations]
    assert all(len(kind) == 1 for kind in kinds)
    results = list(run_examples(Engine(vocabulary)))
    assert results and all(result.ok for result in results), [r.describe() for r in results if not r.ok]
