"""Which modules moved between two revisions.

Three kinds of evidence, each enough alone: git saw the file move (`git diff -M`); the
module's imports were rewritten to one new module in several places (the word diff's votes
for its dotted name); or its top-level definitions reappear together in one new module.
Tests are never proposed: no one imports them, so their moves are no one's vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lint.history.definitions import Definition
from lint.history.git import Rename
from lint.history.layout import Layout
from lint.history.mention import Mention
from lint.history.pairing import Votes
from lint.text.words import word_tuple

TEST_PATH = re.compile(r"(^|/)(tests?/|test_[^/]*\.pyi?$|[^/]*_test\.pyi?$|conftest\.py$)")
MIN_POINTS = 2
NAMESAKE_POINTS = 2


@dataclass
class Move:
    """A moved-module candidate."""

    old: str
    new: str
    mentions: Mention = field(default_factory=Mention)


def moved_modules(
    renames: Iterable[Rename],
    layout: Layout,
    modules: tuple[dict[str, str], dict[str, str], dict[str, str]],
    definitions: tuple[list[Definition], list[Definition]],
    votes: Votes,
) -> list[Move]:
    """The moves of modules gone at the end, to modules that exist there.

    `modules` maps modules to their files: every module seen before the end (at the start or
    in between), the start's, and the end's. A module moved twice (`a` to `b`, then `b` to
    `c`) moved to `c`.
    """
    seen_before, at_start, at_end = modules
    direct: dict[str, str] = {}
    for rename in renames:
        old, new = layout.module(rename.old), layout.module(rename.new)
        if old and new and old != new and not TEST_PATH.search(rename.old) and not TEST_PATH.search(rename.new):
            direct[old] = new
    arrived = {m for m, path in at_end.items() if m not in at_start and not TEST_PATH.search(path)}
    tops_before, tops_after = _top_levels(definitions[0]), _top_levels(definitions[1])
    moves: list[Move] = []
    for old, path in seen_before.items():
        if old in at_end or TEST_PATH.search(path):
            continue
        new = _followed(old, direct, at_end) or _likeliest(old, arrived, tops_before, tops_after, votes)
        if new is not None:
            moves.append(Move(old, new))
    return moves


def _followed(old: str, direct: dict[str, str], at_end: dict[str, str]) -> str | None:
    """Where git's renames took `old` in the end (None: nowhere that still exists)."""
    new, visited = direct.get(old), {old}
    while new is not None and new not in at_end and new in direct and new not in visited:
        visited.add(new)
        new = direct[new]
    return new if new in at_end else None


def _likeliest(
    old: str,
    arrived: set[str],
    tops_before: dict[str, frozenset[str]],
    tops_after: dict[str, frozenset[str]],
    votes: Votes,
) -> str | None:
    """The new module that imports were rewritten to and the old definitions now live in.

    Each import of `old` rewritten to a new module is a point for it, and so is each of
    `old`'s top-level names that the new module defines (the class a module is named after,
    `FairTaskQueue` of `fair_task_queue`, counts three); two points, and more than any other
    new module, make a move.
    """
    names = tops_before.get(old, frozenset())
    namesakes = {name for name in names if word_tuple(name) == word_tuple(old.rpartition(".")[2])}
    imported: Counter[str] = votes.chains.get(old, Counter())
    points = {
        new: imported.get(new, 0)
        + len(names & tops_after.get(new, frozenset()))
        + NAMESAKE_POINTS * len(namesakes & tops_after.get(new, frozenset()))
        for new in arrived
    }
    ranked = sorted(((count, new) for new, count in points.items() if count), reverse=True)
    if not ranked or ranked[0][0] < MIN_POINTS or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def _top_levels(found: list[Definition]) -> dict[str, frozenset[str]]:
    modules: dict[str, set[str]] = {}
    for definition in found:
        if definition.kind in ("class", "function", "variable"):
            modules.setdefault(definition.owner, set()).add(definition.name)
    return {module: frozenset(names) for module, names in modules.items()}


def count_module_mentions(moves: list[Move], texts: dict[str, str]) -> None:
    """Count where each old dotted name still stands, as a whole."""
    for move in moves:
        pattern = re.compile(rf"(?<![\w.]){re.escape(move.old)}(?![\w])")
        for path in sorted(path for path, text in texts.items() if move.old in text):
            for found in pattern.finditer(texts[path]):
                move.mentions.add(path, texts[path], found.start())
