"""What a match says: the finding (`Hit`) a vocabulary phrase makes where it was found.

The engine finds phrases; this module decides what each one means in its context: a
retired name and its replacement written in the style of the text, a non-canonical or
misspelt term, an internal name in user docs, a moved module, a prose word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from itertools import pairwise

from lint.engine.matcher import Match
from lint.engine.qualified import QualifiedNames
from lint.findings import Context, Hit
from lint.rules import Rule
from lint.text.words import restyle, split_words
from lint.vocabulary.model import MovedModule, NameKind, ProseWord, RetiredName, Term


class Kind(Enum):
    """What a matched phrase stands for."""

    RETIRED = "retired"
    CANONICAL = "canonical"
    AVOID = "avoid"
    PROSE_WORD = "prose-word"
    INTERNAL_NAME = "internal-name"
    MOVED = "moved"


@dataclass(frozen=True)
class Entry:
    """A matcher payload: the kind of phrase and the vocabulary entry it belongs to."""

    kind: Kind
    item: Term | RetiredName | ProseWord | MovedModule

    @property
    def id(self) -> str:
        """The entry id reported as `term` and named by suppressions."""
        return self.item.id


def hit_for(match: Match[Entry], context: Context) -> Hit | None:
    """The finding a match makes in `context`, if any (a correct spelling makes none)."""
    entry = match.payload
    prose = context.is_prose or context in (Context.COMMENT, Context.DOCSTRING)
    item = entry.item
    if isinstance(item, RetiredName):
        hit = retired_hit(match, item, prose=prose)
        if item.qualified and match.text != item.name:
            # `np.NaN` in a comment is fixed through the alias it was written with: `np.nan`.
            rest = QualifiedNames.member_replacement(item, attribute=True)
            member = item.name.rpartition(".")[2]
            fixed = match.text[: len(match.text) - len(member)] + rest if rest is not None else None
            hit = replace(hit, replacement=fixed, fixable=fixed is not None)
        return hit
    if isinstance(item, MovedModule):
        new = item.new[0] if len(item.new) == 1 else None
        if new is not None and "/" in match.text:
            new = new.replace(".", "/")
        where = " or ".join(f"'{n}'" for n in item.new)
        message = f"module '{item.old}' moved to {where}" + (f": {item.message}" if item.message else "")
        return Hit(match.start, match.end, match.text, Rule.MOVED_MODULE, item.id, message, new, new is not None)
    if isinstance(item, ProseWord):
        message = f"'{match.text}' describes the old design" + (f"; {item.message}" if item.message else "")
        return Hit(match.start, match.end, match.text, Rule.PROSE_WORD, item.id, message)
    assert isinstance(item, Term)
    if entry.kind is Kind.AVOID:
        replacement = restyle(item.name, match.text, prose=True)
        message = f"'{match.text}' is not the canonical term; say '{item.name}'"
        return Hit(match.start, match.end, match.text, Rule.NON_CANONICAL_TERM, item.id, message, replacement, True)
    if entry.kind is Kind.INTERNAL_NAME:
        if re.search(r"[\s-]", match.text):
            return None  # written as prose words, not as the identifier
        message = f"'{match.text}' is an internal name ({item.name}); user docs must not present it as a setting"
        return Hit(match.start, match.end, match.text, Rule.INTERNAL_TERM_IN_PUBLIC_DOCS, item.id, message)
    if context.is_prose and misspelled(match.text, item):
        replacement = restyle(item.name, match.text, prose=True)
        message = f"'{match.text}' is written '{item.name}'"
        return Hit(match.start, match.end, match.text, Rule.NON_CANONICAL_TERM, item.id, message, replacement, True)
    return None


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


def misspelled(text: str, term: Term) -> bool:
    """A hyphenated canonical term written with other separators ("read ahead cache").

    Identifier spellings in prose (`read_ahead_cache`, `ReadAheadCache`) are code,
    not misspelt prose.
    """
    if "-" not in term.name or "_" in text or re.search(r"[a-z][A-Z]", text):
        return False
    written = _separators(text)
    return all(_separators(spelling) != written for spelling in term.prose_spellings())


@lru_cache(maxsize=4096)
def _separators(text: str) -> tuple[str, ...]:
    """The joins between words ("-" or " "), whatever the inflection or line wrapping."""
    words = split_words(text)
    return tuple("-" if "-" in text[a.end : b.start] else " " for a, b in pairwise(words))


def retired_hit(match: Match[Entry], retired: RetiredName, *, prose: bool) -> Hit:
    verb = "was removed" if retired.kind is NameKind.REMOVED else "is deprecated"
    rule = Rule.REMOVED_NAME if retired.kind is NameKind.REMOVED else Rule.DEPRECATED_NAME
    single = retired.replacements[0] if len(retired.replacements) == 1 else None
    replacement = None
    if single is not None:
        # Written exactly as the vocabulary spells the name: the replacement exactly as it spells its own.
        exact = match.text == retired.name and not any(c.isspace() for c in single)
        replacement = single if exact else restyle(single, match.text, prose=prose)
    if retired.replacements:
        advice = "use " + " or ".join(f"'{r}'" for r in retired.replacements)
        message = f"'{retired.name}' {verb}; {advice}"
    else:
        message = f"'{retired.name}' {verb}"
    if retired.message:
        message += f" ({retired.message})"
    return Hit(
        match.start, match.end, match.text, rule, retired.id, message, replacement, retired.fix_target is not None
    )


def with_edge_underscores(match: Match[Entry], text: str) -> Match[Entry] | None:
    """A retired name's leading or trailing underscores are part of it (`float_` is not `float`).

    Words leave them out, so the match is widened over them, and dropped where the text
    lacks them: a fix then replaces the whole name, never leaving `float64_` behind.
    """
    item = match.payload.item
    if not isinstance(item, RetiredName) or item.pattern is not None or item.qualified or item.exact_case:
        return match  # not matched by words
    name = item.name
    lead = len(name) - len(name.lstrip("_"))
    trail = len(name) - len(name.rstrip("_"))
    if not lead and not trail:
        return match
    start, end = match.start - lead, match.end + trail
    if start < 0 or text[start : match.start] != "_" * lead or text[match.end : end] != "_" * trail:
        return None
    return Match(start, end, text[start:end], match.payload)
