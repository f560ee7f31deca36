"""Conflations fire on a claim, not on two terms sharing a sentence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint.engine.conflations import Conflations, clauses, matches_claim, modifier_gap
from lint.engine.engine import Engine
from lint.errors import VocabularyError
from lint.text.sentences import ABBREVIATIONS, sentences, trimmed
from lint.vocabulary.load import parse_vocabulary

from .conftest import write

# Sentences from the engine's own published docs: each relates both terms correctly.
CORRECT = [
    "With AIMD, a practical approach is to set `max_parallel_requests` to the **upper bound** you're "
    "comfortable with and let request admission find the sustainable level automatically.",
    "Low GPU util → increase `max_parallel_requests` (AIMD will self-correct if you overshoot).",
    "Set `max_parallel_requests` to a generous upper bound and let AIMD find the right level.",
    "AIMD moves the adaptive limit under `max_parallel_requests`.",
    "Task admission bounds scheduler work, while request admission bounds provider calls.",
    "Task admission bounds scheduler work; check its limits before changing anything about provider calls.",
    "`buffer_size` sets checkpoint granularity - request concurrency comes from request admission.",
    "The record window is not the concurrency knob, but `max_parallel_requests` is.",
]

WRONG = [
    ("`max_parallel_requests` adapts to provider errors.", "static-cap-as-adaptive", "max_parallel_requests` adapts"),
    ("An adaptive `max_parallel_requests` backs off.", "static-cap-as-adaptive", "adaptive `max_parallel_requests"),
    ("The record window is the concurrency knob.", "record-window-as-request-concurrency", "record window is the concurrency"),
    ("Raise `buffer_size` to increase request concurrency.", "record-window-as-request-concurrency",
     "buffer_size` to increase request concurrency"),
    ("Keep the record window small; raise it for more request concurrency.", "record-window-as-request-concurrency",
     "record window small; raise it for more request concurrency"),
    ("AIMD is fine, but row-group admission uses AIMD too.", "row-group-admission-as-aimd", "row-group admission uses AIMD"),
]  # fmt: skip


@pytest.mark.parametrize("sentence", CORRECT)
def test_correct_relations_are_not_flagged(engine: Engine, sentence: str) -> None:
    assert engine.conflation_hits(sentence) == []


@pytest.mark.parametrize(("sentence", "rule", "span"), WRONG)
def test_claims_are_flagged_at_their_span(engine: Engine, sentence: str, rule: str, span: str) -> None:
    [hit] = engine.conflation_hits(sentence)
    assert (hit.term, hit.matched) == (rule, span)
    assert sentence[hit.start : hit.end] == span


@pytest.mark.parametrize(("sentence", "rule", "span"), WRONG)
def test_claims_in_a_sentence_too_long_to_split_whole_are_flagged_at_their_span(
    engine: Engine, sentence: str, rule: str, span: str
) -> None:
    """A sentence of thousands of words (a page written on one line) is split into words
    only near its anchors: its claims are those of the short sentence, moved along."""
    padding = "the ThrottleManager waits in line " * 400
    long_sentence = padding + sentence[0].lower() + sentence[1:]
    [hit] = engine.conflation_hits(long_sentence)
    assert (hit.term, hit.matched, hit.start) == (rule, span, long_sentence.index(span))


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        ("a; b: c (d) e", ["a", "b", "c", "d", "e"]),
        ("x → y -> z", ["x", "y", "z"]),
        ("set x and let y find it", ["set x", "y find it"]),
        ("x grows, and y shrinks while z waits", ["x grows", "y shrinks", "z waits"]),
        ("request-domain limits stay whole", ["request-domain limits stay whole"]),
    ],
)
def test_sentences_are_cut_into_clauses(sentence: str, parts: list[str]) -> None:
    assert [sentence[a:b].strip() for a, b in clauses(sentence)] == parts


def test_negation_counts_only_in_its_clause(engine: Engine) -> None:
    assert engine.conflation_hits("`max_parallel_requests` never adapts.") == []
    [hit] = engine.conflation_hits("AIMD never stops, but `max_parallel_requests` adapts.")
    assert hit.term == "static-cap-as-adaptive"


VOCAB = """version: 1
name: claims
terms:
  - {name: cache size, category: c, definition: How many entries stay in memory.}
conflations:
  - id: cache-size-as-threads
    first: [cache_size, cache size]
    second: [thread count, threads]
    claims: ["{second} (comes|come) from {first}", "{first}-driven {second}"]
    message: the cache size does not set the thread count
    examples:
      flag: [The thread count comes from `cache_size`., Threads come from the cache size.]
      pass: [The thread count never comes from `cache_size`., Threads are counted; the cache size is separate.]
"""


def test_claim_templates_add_shapes_the_defaults_miss(tmp_path: Path, run_cli: Any) -> None:
    write(
        tmp_path, {"vocab.yaml": VOCAB, "docs/a.md": "The thread count comes from `cache_size`.\n\nThreads are fine.\n"}
    )
    assert run_cli("vocab", "test", cwd=tmp_path).code == 0
    findings = json.loads(run_cli("check", "--format", "json", cwd=tmp_path).out)["findings"]
    assert [(f["line"], f["column"], f["matched"]) for f in findings] == [(1, 5, "thread count comes from `cache_size")]
    without = VOCAB.replace('    claims: ["{second} (comes|come) from {first}", "{first}-driven {second}"]\n', "")
    write(tmp_path, {"vocab.yaml": without})
    assert json.loads(run_cli("check", "--format", "json", cwd=tmp_path).out)["findings"] == []


def test_a_claim_without_first_is_a_vocabulary_error() -> None:
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary(VOCAB.replace('"{first}-driven {second}"', '"{second} alone"'), "vocab.yaml")
    assert "vocab.yaml:9:52: invalid claim '{second} alone': a claim must name {first}" in str(raised.value)


def test_every_default_conflation_has_three_examples_of_each_kind(engine: Engine) -> None:
    for conflation in engine.vocabulary.conflations:
        assert len(conflation.examples.flag) >= 3 and len(conflation.examples.pass_) >= 3, conflation.id
    static_cap = next(c for c in engine.vocabulary.conflations if c.id == "static-cap-as-adaptive")
    assert set(CORRECT[:3]) <= set(static_cap.examples.pass_)


@pytest.mark.parametrize(
    ("path", "historical", "internal"),
    [
        ("docs/devnotes/posts/2025-01-capacity.md", True, True),
        ("blog/posts/launch.md", True, False),
        ("plans/async-capacity.md", True, False),
        ("docs/devnotes/architecture-notes.md", False, True),
    ],
)
def test_default_paths_follow_the_real_repository(engine: Engine, path: str, historical: bool, internal: bool) -> None:
    scope = engine.scope_for(path)
    assert scope.historical is historical
    assert (scope.audience is not None and scope.audience.value == "internal") is internal


# The modifier gap as one pattern, as first written (it backtracks: short texts only).
PLAIN_MODIFIER_GAP = re.compile(r"[\s`*_\"']*(?:[\w-]+[\s`*_\"']+)?")


@given(st.text(alphabet="_ab-`*'\" .é\n", max_size=12), st.integers(0, 3))
def test_the_modifier_gap_is_read_as_the_one_pattern_says(text: str, start: int) -> None:
    start = min(start, len(text))
    expected = PLAIN_MODIFIER_GAP.fullmatch(text, start, len(text)) is not None
    assert modifier_gap(text, start, len(text)) == expected


def _plain_claim(
    self: Conflations, sentence: str, clause: tuple[int, int], first: list[Any], second: list[Any], index: int
) -> tuple[int, int] | None:
    """The claim search as first written: every pair of sides, in order (quadratic)."""
    for f in first:
        for s in second:
            if f.end <= s.start:
                return f.start, s.end
            if s.end <= f.start and PLAIN_MODIFIER_GAP.fullmatch(sentence, s.end, f.start):
                return s.start, f.end
    if first and second and self.claims[index] and matches_claim(sentence, clause, first, second, self.claims[index]):
        return min(m.start for m in first + second), max(m.end for m in first + second)
    return None


def _plain_standalone(match: Any, canonical: list[tuple[int, int]], starts: list[int]) -> bool:
    length = match.end - match.start
    return not any(start <= match.start and match.end <= end and end - start > length for start, end in canonical)


SENTENCE_PIECES = [
    "record window", "the record window", "`buffer_size`", "buffer_size", "concurrency", "request concurrency",
    "parallel requests", "adaptive", "max_parallel_requests", "request admission", "is", "not", "more", "it",
    "raise", " ", "  ", ", ", "; ", " - ", "`", "**", "_", "\n",
]  # fmt: skip


@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=40))
def test_claims_are_found_as_by_trying_every_pair_of_sides(engine: Engine, pieces: list[str]) -> None:
    """Sides are paired by search, in time linear in the sentence; the claims found are
    those of trying every pair of sides in order, and every match against every term."""
    sentence = " ".join(pieces)
    found = engine.conflation_hits(sentence)
    with (
        patch.object(Conflations, "claim", _plain_claim),
        patch("lint.engine.conflations.standalone", _plain_standalone),
    ):
        assert engine.conflation_hits(sentence) == found


# Clause breaks and sentence ends as first written: they backtracked over runs of spaces
# and of end marks (quadratic in the run), and are kept here to compare on short texts.
PLAIN_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]{}]|[\u2013\u2014]|\s-{1,2}\s|->|=>|\u2192|\u21d2"
    r"|,?\s+(?:but|while|whereas|although|though|because|so that|and let|and then|unless|if|when)\b"
    r"|,\s+(?:and|or|so|which|where|who)\b",
    re.IGNORECASE,
)
PLAIN_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
PROSE_PIECES = [" ", "  ", "\n", "-", "--", ",", ".", "!", "?", ")", '"', "but", "and", "e.g", "x", "Word", "é"]


@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=30))
def test_clauses_and_sentences_are_cut_as_the_plain_patterns_cut_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain_bounds, start = [], 0
    for found in PLAIN_CLAUSE_BREAK.finditer(text):
        plain_bounds.append((start, found.start()))
        start = found.end()
    plain_bounds.append((start, len(text)))
    assert clauses(text) == [(a, b) for a, b in plain_bounds if text[a:b].strip()]
    assert list(sentences(text)) == list(_plain_sentences(text))


def _plain_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentences as first cut: each end mark read the sentence before it and the text after."""
    start = 0
    for found in PLAIN_END.finditer(text):
        before = text[start : found.start()].rsplit(None, 1)
        last_word = before[-1].lower().strip("(\"'") if before else ""
        if last_word in ABBREVIATIONS or (
            found.group().startswith(".") and len(last_word) == 1 and last_word.isalpha()
        ):
            continue
        if text[found.end() :].lstrip()[:1].islower():
            continue
        yield from trimmed(text, start, found.end())
        start = found.end()
    yield from trimmed(text, start, len(text))


class _SlicingText(str):
    """Prose that counts the characters its slices and indexes copy."""

    copied = 0

    def __getitem__(self, key: Any) -> str:
        piece = super().__getitem__(key)
        _SlicingText.copied += len(piece)
        return piece


@pytest.mark.parametrize("piece", ["e.g. ", "Mr. x. ", "a. "])
def test_each_end_mark_reads_only_the_word_before_it(piece: str) -> None:
    """An end mark that does not end a sentence (after an abbreviation or an initial) copied
    the whole sentence before it and the whole text after it: quadratic in a long one."""
    text = "The record window " + piece * 3000 + "x"
    _SlicingText.copied = 0
    list(sentences(_SlicingText(text)))
    assert _SlicingText.copied < 10 * len(text)
