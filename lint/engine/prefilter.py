"""Decide in one cheap pass over raw text whether any phrase of a vocabulary can match.

Most files hold no vocabulary phrase at all: the prefilter settles them without splitting
their text into words or parsing them (an ASCII file without even decoding it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from lint.engine.matcher import JOINER_PARTS, anchor_of
from lint.text.patterns import TextPattern, alternations

# The only characters outside ASCII that `str.lower` turns into ASCII: "İ" (to "i̇") and
# the Kelvin sign (to "k").
LOWERS_TO_ASCII = ("\u0130", "\u212a")
_FEW_KEYS = 8  # up to this many exact keys, a substring test each is faster than an automaton


class Prefilter:
    """Decides in one pass over raw text whether any phrase or regex could match.

    A text that contains a phrase in any spelling style contains, lowered, the phrase's
    words joined as the matcher joins them (`JOINER`). One leftmost Aho-Corasick search
    (`ahocorasick_rs`, a SIMD skip over text that holds none) looks for each phrase's
    rarest word (its anchor) and the keys in the lowered text; only the stretches of text
    within reach of what it finds are searched for the phrases themselves, by one RE2 of
    them all (linear time, whatever the text holds). `keys` are plain substrings that alone
    make a match possible (a suppression marker, a module segment), in any case;
    `exact_keys` only as written (the member of `np.NaN`). Text is searched as lowered
    UTF-8 bytes: an ASCII file without decoding it.
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, ...]],
        regexes: Iterable[TextPattern] = (),
        keys: Iterable[str] = (),
        exact_keys: Iterable[str] = (),
    ) -> None:
        self.phrases = tuple(sorted({phrase for phrase in phrases if phrase}))
        self.anchors = tuple(sorted({anchor_of(phrase) for phrase in self.phrases}))
        self.keys = tuple(sorted({key.lower() for key in keys}))
        self.exact_keys = tuple(sorted(set(exact_keys)))
        self._exact_key_bytes = tuple(key.encode() for key in self.exact_keys)
        self.regexes = tuple(regexes)
        words = [word for phrase in self.phrases for word in phrase]
        self._ascii = all(pattern.isascii() for pattern in [*words, *self.keys])
        self.search = _Search(self.phrases, self.anchors, self.keys)

    def lowered(self, text: str) -> bytes:
        """The lowered UTF-8 bytes of `text`, as the search reads them.

        Lowering the UTF-8 bytes of a text is several times faster than lowering its `str`
        when it holds characters outside ASCII, and exact for ASCII patterns: `bytes.lower`
        lowers the ASCII letters, and no other character lowers to ASCII but the two of
        `LOWERS_TO_ASCII`.
        """
        if self._ascii and not any(character in text for character in LOWERS_TO_ASCII):
            return text.encode("utf-8", "surrogatepass").lower()
        return text.lower().encode("utf-8", "surrogatepass")

    def may_match(self, text: str) -> bool:
        """False only when no phrase, key or regex can match `text`."""
        return self.found(text, self.lowered(text))

    def matching(self, texts: list[str]) -> list[str]:
        """The `texts` that `may_match`, most lists settled by one search of them all (the
        paths of a tree): a text that may match makes their joined text match too. A
        vocabulary regex may anchor to the start or end of a text: then each is searched."""
        if not self.regexes and not self.may_match("\n".join(texts)):
            return []
        return [text for text in texts if self.may_match(text)]

    def found(self, text: str, lowered: bytes) -> bool:
        """`may_match` when the caller has `lowered` the text already (the same for any
        prefilter: `text.lower()` in UTF-8)."""
        if len(self.exact_keys) > _FEW_KEYS:
            exact = self._exact_found(text.encode("utf-8", "surrogatepass"))
        else:
            exact = any(key in text for key in self.exact_keys)
        return exact or self.search.found(lowered) or self._regex_found(text)

    def may_match_ascii(self, raw: bytes) -> bool:
        """`may_match` of an ASCII file's bytes (decoded only for the vocabulary's regexes)."""
        if self._exact_found(raw) or self.search.found(raw.lower()):
            return True
        return bool(self.regexes) and self._regex_found(raw.decode("ascii"))

    def gates_found(self, raw: bytes, lowered: bytes) -> bool:
        """Whether a word some phrase needs (its anchor), a key, an exact key or a regex
        may stand in the text (`raw`, and `lowered` as `lowered` makes it): the phrases
        themselves are not looked for, for a text that may split them (a notebook's JSON)."""
        if self.regexes or self._exact_found(raw):
            return True
        automaton = self.search.automaton
        return automaton is not None and bool(automaton.find_matches_as_indexes(lowered))

    def _exact_found(self, raw: bytes) -> bool:
        if len(self.exact_keys) > _FEW_KEYS:
            return any(program.search(raw) for program in self._exact_search)
        return any(key in raw for key in self._exact_key_bytes)

    @cached_property
    def _exact_search(self) -> tuple[Any, ...]:
        """Hundreds of exact keys (a library's removed names): one RE2 of them all, which
        stops at the first it finds (where an automaton lists every `get` of a file)."""
        return alternations([re.escape(key) for key in self.exact_keys])

    def _regex_found(self, text: str) -> bool:
        return any(r.search(text) for r in self.regexes)


class _Search:
    """The prefilter's search in lowered UTF-8 bytes."""

    def __init__(self, phrases: tuple[tuple[str, ...], ...], anchors: tuple[str, ...], keys: tuple[str, ...]) -> None:
        self.phrases = phrases
        self.keys = keys
        gates = [*anchors, *keys]
        self.automaton: Any = None
        if gates:
            import ahocorasick_rs

            # A leftmost search skips ahead with SIMD literal scans; the standard kind (which
            # reports overlapping matches) reads every byte, several times slower.
            self.automaton = ahocorasick_rs.BytesAhoCorasick(
                [gate.encode() for gate in gates], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
        longest = max((sum(map(len, phrase)) + 8 * len(phrase) for phrase in phrases), default=0)
        longest = max([longest, *map(len, gates)])
        self.reach = 4 * longest + 128  # past a phrase's length with its joiners (see Matcher._reach)

    @cached_property
    def written(self) -> tuple[Any, ...]:
        """RE2 of every phrase, its words joined as the matcher joins them, and of every key
        (compiled on first use: a warm run never searches)."""
        joiner = "(?:" + "|".join(JOINER_PARTS) + ")"
        alternatives = [joiner.join(map(re.escape, phrase)) for phrase in self.phrases]
        alternatives += [re.escape(key) for key in self.keys]
        return alternations(alternatives)

    def found(self, lowered: bytes) -> bool:
        if self.automaton is None:
            return False
        # The leftmost search reports no occurrence that overlaps one it reported (of an
        # anchor inside a longer one, or of the same word): each stands within a stretch.
        starts = [start for _, start, _ in self.automaton.find_matches_as_indexes(lowered)]
        if not starts:
            return False
        written = self.written
        return any(
            pattern.search(lowered, low, high) for low, high in _stretches(starts, self.reach) for pattern in written
        )


def _stretches(starts: list[int], reach: int) -> Iterator[tuple[int, int]]:
    """The text within `reach` of sorted offsets, overlapping ranges joined."""
    low, high = max(0, starts[0] - reach), starts[0] + reach
    for start in starts[1:]:
        if start - reach > high:
            yield low, high
            low = start - reach
        high = start + reach
    yield low, high
