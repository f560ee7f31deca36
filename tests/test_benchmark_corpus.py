"""The benchmark's synthetic corpus: deterministic, valid Python, the asked density of hits."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus import size_of, synthetic


def _snapshot(tree: Path) -> dict[str, str]:
    return {
        str(p.relative_to(tree)): p.read_text()
        for p in sorted(tree.rglob("*"))
        if p.is_file() and p.suffix in (".py", ".md")
    }


def test_synthetic_corpus_is_deterministic_valid_and_dense_as_asked(tmp_path: Path) -> None:
    first = _snapshot(synthetic(tmp_path / "a", 400, 0.25))
    second = _snapshot(synthetic(tmp_path / "b", 400, 0.25))
    assert first == second
    assert size_of(tmp_path / "a")[0] == 400
    for name, text in first.items():
        if name.endswith(".py"):
            ast.parse(text)
    stale = sum(
        1
        for text in first.values()
        if "hrottle" in text
        or "llm_wait" in text
        or "request concurrency" in text
        or "rate limiter" in text
        or "clients.request_admission" in text
        or "is_llm_bound" in text
    )
    assert 60 <= stale <= 140
