"""Decide in one cheap pass over raw text whether any phrase of a vocabulary can match.

Most files hold no vocabulary phrase at all: the prefilter settles them without splitting
their text into words or parsing them (an ASCII file without even decoding it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any, AnyStr, Generic

from lint.engine.matcher import JOINER_PARTS, anchor_of
from lint.engine.patterns import TextPattern



def _joiners_by_first_character(parts: tuple[str, ...], kind: type[AnyStr]) -> dict[AnyStr, Any]:
    """The joiner's alternatives by the character a non-empty match of each starts with.

    Matched where a word ends, each alternative gives the one place the next word can
    start (the alternation alone would stop at its first, possibly empty, match); the
    character there picks the only alternative that can match more than nothing. The
    joiner's characters are ASCII.
    """
    table: dict[AnyStr, Any] = {}
    for part in parts:
        pattern = re.compile(part if kind is str else part.encode())
        for code in range(128):
            character = chr(code) if kind is str else bytes([code])
            if pattern.fullmatch(character):
                table[character] = pattern
    return table


# The only characters outside ASCII that `str.lower` turns into ASCII: "İ" (to "i̇") and
# the Kelvin sign (to "k").
LOWERS_TO_ASCII = ("\u0130", "\u212a")

_JOINERS = _joiners_by_first_character(JOINER_PARTS, str)
_BYTES_JOINERS = _joiners_by_first_character(JOINER_PARTS, bytes)


class Prefilter:
    """Decides in one pass over raw text whether any phrase or regex could match.

    A text that contains a phrase in any spelling style contains each of its words as a
    case-insensitive substring, near one another. Each phrase is looked for by its rarest
    word first (its anchor): one leftmost Aho-Corasick search (`ahocorasick_rs`) finds the
    anchors and keys in the lowered text, and only within reach of each anchor found are
    the phrase's other words looked for. `keys` are plain substrings that alone make a match possible (a
    suppression marker, a module segment), in any case; `exact_keys` only as written (the
    member of `np.NaN`). An ASCII file is searched as bytes, without decoding it.
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, ...]],
        regexes: Iterable[TextPattern] = (),
        keys: Iterable[str] = (),
        exact_keys: Iterable[str] = (),
    ) -> None:
        self.phrases = tuple(sorted({phrase for phrase in phrases if phrase}))
        by_anchor: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            by_anchor.setdefault(anchor_of(phrase), []).append(phrase)
        # An anchor that contains a shorter one ("parsers") is found whenever that one is.
        self.anchors: dict[str, list[tuple[str, ...]]] = {}
        for anchor in sorted(by_anchor, key=len):
            shorter = next((kept for kept in self.anchors if kept in anchor), anchor)
            self.anchors.setdefault(shorter, []).extend(by_anchor[anchor])
        self.keys = tuple(sorted({key.lower() for key in keys}))
        self.exact_keys = tuple(sorted(set(exact_keys)))
        self.regexes = tuple(regexes)
        self._text = _Search(list(self.anchors.values()), [*self.anchors, *self.keys], self.exact_keys)
        ascii_only = all(pattern.isascii() for pattern in [*self.anchors, *self.keys, *self.exact_keys])
        self._bytes = (
            _Search(
                [[tuple(word.encode() for word in phrase) for phrase in found] for found in self.anchors.values()],
                [pattern.encode() for pattern in [*self.anchors, *self.keys]],
                tuple(key.encode() for key in self.exact_keys),
            )
            if ascii_only
            else None
        )

    def may_match(self, text: str) -> bool:
        """False only when no phrase, key or regex can match `text`.

        Lowering and searching the UTF-8 bytes of a text is several times faster than its
        `str` when it holds non-ASCII characters, and exact for ASCII patterns: `bytes.lower`
        lowers the ASCII letters, and no other character lowers to ASCII but the two of
        `LOWERS_TO_ASCII`; a text holding one of them is searched as `str`.
        """
        if self._bytes is None or any(character in text for character in LOWERS_TO_ASCII):
            return self.found(text, text.lower())
        encoded = text.encode("utf-8", "surrogatepass")
        return self._bytes.found(encoded, encoded.lower()) or self._regex_found(text)

    def found(self, text: str, lowered: str) -> bool:
        """`may_match` when the caller has lowered the text already."""
        return self._text.found(text, lowered) or self._regex_found(text)

    def may_match_ascii(self, raw: bytes) -> bool:
        """`may_match` of an ASCII file's bytes (decoded only for the vocabulary's regexes)."""
        if self._bytes is None:
            return self.may_match(raw.decode("ascii"))
        return self._bytes.found(raw, raw.lower()) or (bool(self.regexes) and self._regex_found(raw.decode("ascii")))

    def _regex_found(self, text: str) -> bool:
        return any(r.search(text) for r in self.regexes)


class _Search(Generic[AnyStr]):
    """The prefilter's search in one kind of text (`str`, or the bytes of an ASCII file)."""

    def __init__(
        self,
        phrases_by_anchor: list[list[tuple[AnyStr, ...]]],
        patterns: list[AnyStr],
        exact_keys: tuple[AnyStr, ...],
    ) -> None:
        # patterns[i] is the anchor of phrases_by_anchor[i]; the patterns past those are keys
        self.phrases_by_anchor: list[list[tuple[AnyStr, ...]]] = phrases_by_anchor
        self.exact_keys: tuple[AnyStr, ...] = exact_keys
        self.automaton: Any = None
        if patterns:
            import ahocorasick_rs

            kind = ahocorasick_rs.AhoCorasick if isinstance(patterns[0], str) else ahocorasick_rs.BytesAhoCorasick
            # A leftmost search skips ahead with SIMD literal scans; the standard kind (which
            # reports overlapping matches) reads every byte, several times slower.
            self.automaton = kind(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        self.patterns: list[AnyStr] = patterns
        longest = max(
            (sum(map(len, phrase)) + 8 * len(phrase) for found in phrases_by_anchor for phrase in found), default=0
        )
        self.reach = 4 * longest + 128  # past a phrase's length with its joiners (see Matcher._reach)

    @cached_property
    def hidden(self) -> list[tuple[int, ...]]:
        """Per pattern, the patterns that can start inside its match (worked out on first use:
        a warm run never searches)."""
        return [_can_start_inside(pattern, self.patterns) for pattern in self.patterns]

    def found(self, original: AnyStr, lowered: AnyStr) -> bool:
        if any(key in original for key in self.exact_keys):
            return True
        if self.automaton is None:
            return False
        anchors = len(self.phrases_by_anchor)
        starts: dict[int, list[int]] = {}
        for index, start, end in self.automaton.find_matches_as_indexes(lowered):
            if index >= anchors:
                return True  # a key
            starts.setdefault(index, []).append(start)
            # The leftmost search steps over a pattern that starts inside this match.
            for other in self.hidden[index]:
                at = lowered.find(self.patterns[other], start, end + len(self.patterns[other]) - 1)
                if at != -1:
                    if other >= anchors:
                        return True
                    starts.setdefault(other, []).append(at)
        reach = self.reach
        joiners: Any = _JOINERS if isinstance(lowered, str) else _BYTES_JOINERS
        for index, found_at in starts.items():
            phrases = self.phrases_by_anchor[index]
            # A phrase stands within `reach` of its anchor: each stretch of text that close to
            # an occurrence is searched once for the phrase itself, words and what joins them.
            for low, high in _stretches(sorted(found_at), reach):
                if any(_written_within(lowered, phrase, low, high, joiners) for phrase in phrases):
                    return True
        return False


def _stretches(starts: list[int], reach: int) -> Iterator[tuple[int, int]]:
    """The text within `reach` of sorted offsets, overlapping ranges joined."""
    low, high = max(0, starts[0] - reach), starts[0] + reach
    for start in starts[1:]:
        if start - reach > high:
            yield low, high
            low = start - reach
        high = start + reach
    yield low, high


def _written_within(lowered: AnyStr, phrase: tuple[AnyStr, ...], low: int, high: int, joiners: Any) -> bool:
    """Whether `lowered[low:high]` holds the phrase's words in order, each joined to the next
    as words of a phrase are (`JOINER`): what the matcher finds, without word boundaries.

    Each kind of joiner is matched greedily where a word ends (a word starts with a letter
    or digit, which no joiner holds, so only the longest run can be followed by one); the
    next word must start right there. Every check is anchored: no search runs ahead, so a
    stretch costs time in proportion to its length, whatever it holds.
    """
    first = phrase[0]
    position = lowered.find(first, low, high)
    while position != -1:
        end = position + len(first)
        for word in phrase[1:]:
            end = _after_joiner(lowered, end, word, joiners)
            if end < 0:
                break
        else:
            return True
        position = lowered.find(first, position + 1, high)
    return False


def _after_joiner(lowered: AnyStr, end: int, word: AnyStr, joiners: Any) -> int:
    """Where `word` ends when it follows a joiner at `end`, or -1.

    A word starts with a letter or digit, which no joiner holds: either it starts right at
    `end` (the empty joiner: a case change) or after the one joiner the character at `end`
    can start.
    """
    if lowered.startswith(word, end):
        return end + len(word)
    joiner = joiners.get(lowered[end : end + 1])
    if joiner is None:
        return -1
    joined = joiner.match(lowered, end)
    after: int = joined.end()
    return after + len(word) if lowered.startswith(word, after) else -1


def _can_start_inside(pattern: AnyStr, patterns: list[AnyStr]) -> tuple[int, ...]:
    """Indexes of the other patterns an occurrence of `pattern` can hide from a
    leftmost-longest search: those that can start inside it (at its first character, a
    shorter one)."""
    hidden = []
    for index, other in enumerate(patterns):
        if other == pattern:
            continue
        for start in range(len(pattern)):
            overlap = min(len(pattern) - start, len(other))
            if pattern[start : start + overlap] == other[:overlap]:
                hidden.append(index)
                break
    return tuple(hidden)
