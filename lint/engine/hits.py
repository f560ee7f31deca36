"""What a match says, worked out once per written text: the `Hit` a phrase makes in its context.

Each kind of entry decides what its matches mean (`lint.engine.entries`); this memo keeps
a file that repeats one old name thousands of times from working out one message and
replacement thousands of times.
"""

from __future__ import annotations

from dataclasses import replace

from lint.engine.entries import Entry, rules_for
from lint.engine.matcher import Match
from lint.findings import Context, Hit


def hit_for(match: Match[Entry], context: Context) -> Hit | None:
    """The finding a match makes in `context`, if any (a correct spelling makes none)."""
    return rules_for(match.payload.item).hit(match, context)


class HitMemo:
    """`hit_for`, worked out once per written text, entry and context: a file that repeats
    one old name thousands of times shares one message and replacement among its hits.

    Keyed by the entry's identity, so one memo serves one engine (whose entries outlive it).
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._memo: dict[tuple[str, int, Context], Hit | None] = {}

    def hit(self, match: Match[Entry], context: Context) -> Hit | None:
        key = (match.text, id(match.payload), context)
        if key in self._memo:
            found = self._memo[key]
        else:
            if len(self._memo) >= self._size:
                self._memo.clear()
            found = self._memo[key] = hit_for(replace(match, start=0, end=len(match.text)), context)
        if found is None:
            return None
        return Hit(match.start, match.end, found.matched, found.rule, found.term, found.message, found.replacement,
                   found.fixable)  # fmt: skip
