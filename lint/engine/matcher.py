"""Find vocabulary phrases in text as runs of words, whatever their spelling style.

A phrase is a tuple of lowercase words. It matches any run of consecutive words of a text
(also inside a longer identifier: `max_order_queue` contains "order queue") as long as the words
are joined the way identifiers and prose join words: nothing (a case change), `_`, `-`,
whitespace, or a single `.` or `/` (module and file paths). Overlapping matches resolve to
the longest. `lint.engine.prefilter` answers, in one cheap pass over raw text, whether any
phrase can match at all, so that most files are never split into words or parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from lint.engine.tokens import TokenTable
from lint.text.patterns import TextPattern
from lint.text.words import Word, split_words

Payload = TypeVar("Payload")


# What may stand between the words of a phrase: underscores or hyphens, spaces with at most
# one line break, a dot, a slash.
JOINER_PARTS = (r"[_\-]+", r"[ \t]*\r?\n?[ \t]*", r"\.", "/")
JOINER = re.compile("|".join(JOINER_PARTS))

# `Matcher.find` keeps the candidates of up to this many texts of at most this length.
_KEPT_TEXTS = 4096
_KEPT_TEXT_LENGTH = 256
_ANCHOR_BLOCK = 1 << 16  # characters of lowered text searched for anchors at a time
SPLIT_WHOLE_LENGTH = 4096  # a longer text is split into words only near its anchors


@dataclass(frozen=True, slots=True)
class Match(Generic[Payload]):
    """A phrase found at `text[start:end]`, carrying what the phrase stands for."""

    start: int
    end: int
    text: str
    payload: Payload


@dataclass
class Matcher(Generic[Payload]):
    """Finds phrases (by words) and raw regular expressions in text."""

    _by_first_word: dict[str, list[tuple[tuple[str, ...], Payload]]] = field(default_factory=dict)
    _longest: int = 0  # characters of the longest phrase's words, with room for joiners
    _regexes: list[tuple[TextPattern, Payload]] = field(default_factory=list)
    _tokens: TokenTable[Payload] = field(default_factory=TokenTable)
    _anchor_words: _Anchors | None = None  # the phrases' anchors, built on first use
    # A memo of `candidates(text)` for short texts (a file says the same names again and
    # again): a function of the text alone, so it changes no answer, only its cost.
    _short_texts: dict[str, list[Match[Payload]]] = field(default_factory=dict)

    def add_phrase(self, words: tuple[str, ...], payload: Payload) -> None:
        """Match `words` (lowercase) as a run of consecutive words."""
        if words:
            self._by_first_word.setdefault(words[0], []).append((words, payload))
            self._longest = max(self._longest, sum(len(word) for word in words) + 8 * len(words))
            self._forget()

    def add_regex(self, pattern: TextPattern, payload: Payload) -> None:
        """Match a raw regular expression (the escape hatch for what words cannot say)."""
        self._regexes.append((pattern, payload))
        self._forget()

    def add_tokens(
        self, spellings: Iterable[str], payload: Payload, *, exact_case: bool, after_dot: bool = False
    ) -> None:
        """Match literal spellings as whole tokens (`np.NaN`), case-sensitively when `exact_case`,
        right after a dot too when `after_dot` (the member of `run.flag`)."""
        self._tokens.add(spellings, payload, exact_case=exact_case, after_dot=after_dot)
        self._forget()

    def _forget(self) -> None:
        """Drop what was worked out for the phrases as they were."""
        self._anchor_words = None
        self._short_texts.clear()

    def subset(self, keep: Callable[[Payload], bool]) -> Matcher[Payload]:
        """A matcher of only the phrases and regexes whose payload `keep` accepts."""
        smaller: Matcher[Payload] = Matcher()
        for entries in self._by_first_word.values():
            for words, payload in entries:
                if keep(payload):
                    smaller.add_phrase(words, payload)
        for pattern, payload in self._regexes:
            if keep(payload):
                smaller.add_regex(pattern, payload)
        smaller._tokens = self._tokens.subset(keep)
        return smaller

    def items(self) -> list[tuple[tuple[str, ...], Payload]]:
        """Every phrase with its payload."""
        return [item for entries in self._by_first_word.values() for item in entries]

    @property
    def phrases(self) -> list[tuple[str, ...]]:
        """Every phrase this matcher knows (regexes excluded)."""
        return [words for entries in self._by_first_word.values() for words, _ in entries]

    def find(
        self, text: str, accept: Callable[[Payload], bool] | None = None, words: list[Word] | None = None
    ) -> list[Match[Payload]]:
        """All non-overlapping matches in `text`, longest first on overlap, in text order.

        The candidates of a short text (a name, a comment) are remembered: splitting a
        file's repeated names into words again is most of the cost.
        """
        if words is not None or len(text) > _KEPT_TEXT_LENGTH:
            return longest_first(self.candidates(text, accept, words))
        found = self._short_texts.get(text)
        if found is None:
            if len(self._short_texts) >= _KEPT_TEXTS:
                self._short_texts.clear()
            found = self._short_texts[text] = self.candidates(text)
        if not found:
            return []  # most names hold no phrase
        return longest_first(found if accept is None else [match for match in found if accept(match.payload)])

    def candidates(
        self, text: str, accept: Callable[[Payload], bool] | None = None, words: list[Word] | None = None
    ) -> list[Match[Payload]]:
        """Every match in `text`, overlapping ones included; `words` may be passed in when known.

        A long text (a paragraph of thousands of words) is split into words only near where a
        phrase can start, as a whole file is.
        """
        # Patterns come first: on a tie, an exact spelling (`Inf`) beats the words (`inf`).
        candidates = self._token_candidates(text, accept)
        for pattern, payload in self._regexes:
            accepted: bool | None = None  # `accept` is asked only of a pattern that matches
            for found in pattern.finditer(text):
                if found.end() == found.start():
                    continue
                if accepted is None:
                    accepted = accept is None or accept(payload)
                if not accepted:
                    break
                candidates.append(Match(found.start(), found.end(), found.group(), payload))
        if words is None and len(text) > SPLIT_WHOLE_LENGTH and self._by_first_word:
            lowered = text.lower()
            if len(lowered) == len(text):
                windowed = self._windowed_words(text, lowered)
                return candidates + [m for m in windowed if accept is None or accept(m.payload)]
        words = split_words(text) if words is None else words
        return candidates + self._word_candidates(text, words, accept)

    def _token_candidates(self, text: str, accept: Callable[[Payload], bool] | None) -> list[Match[Payload]]:
        if not self._tokens:
            return []
        found = sorted(self._tokens.finditer(text), key=lambda t: t.start)
        return [Match(t.start, t.end, t.text, t.payload) for t in found if accept is None or accept(t.payload)]

    def _word_candidates(
        self, text: str, words: list[Word], accept: Callable[[Payload], bool] | None, offset: int = 0
    ) -> list[Match[Payload]]:
        """The phrases starting at each of `words` (of `text`, which starts `offset` into the
        text the matches are placed in)."""
        candidates: list[Match[Payload]] = []
        table = self._by_first_word
        count = len(words)
        for index, word in enumerate(words):
            entries = table.get(word.lower)
            if not entries:
                continue
            following = words[index + 1].lower if index + 1 < count else None
            for phrase, payload in entries:
                if len(phrase) > 1 and phrase[1] != following:
                    continue  # most phrases part from the text at their second word: no call
                end = _phrase_end(text, words, index, phrase)
                if end is not None and (accept is None or accept(payload)):
                    candidates.append(Match(word.start + offset, end + offset, text[word.start : end], payload))
        return candidates

    def walk(self, text: str) -> Walk[Payload]:
        """The candidates of a whole file, found lazily and remembered by the returned `Walk`.

        Every match holds its phrase's anchor (its rarest word) as a case-insensitive
        substring, so only the text around each occurrence of an anchor (all found in one
        Aho-Corasick pass over the lowered text), as far as a phrase can reach either way, is
        split into words; the rest of the file is never split. A caller that stops at the
        first candidate (a second filter) and one that reads them all (a scanner) can share
        one `Walk`: nothing is split twice, and nothing is kept by the matcher.
        """
        return Walk(self._windows(text))

    def _windows(self, text: str) -> Iterator[Match[Payload]]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower-case to two: offsets would shift
            yield from self.candidates(text)
            return
        yield from self._token_candidates(text, None)
        if self._by_first_word:
            yield from self._windowed_words(text, lowered)
        for pattern, payload in self._regexes:
            for hit in pattern.finditer(text):
                if hit.end() > hit.start():
                    yield Match(hit.start(), hit.end(), hit.group(), payload)

    def _windowed_words(self, text: str, lowered: str) -> Iterator[Match[Payload]]:
        """The phrases of `text` found by words split only around each anchor (`lowered` is
        `text.lower()`, of the same length), each once."""
        reach = self._reach()
        pieces = (
            piece
            for window in _merged(self._anchor_windows(lowered), text)
            for piece in _pieces(window, 16 * reach, reach, text)
        )

        def find(start: int, end: int) -> list[Match[Payload]]:
            piece = text[start:end]
            return self._word_candidates(piece, split_words(piece), None, start)

        return _each_once(pieces, find)

    def _anchor_windows(self, lowered: str) -> Iterator[tuple[int, int]]:
        """The stretch around each occurrence of an anchor, in order of start."""
        if self._anchor_words is None:
            self._anchor_words = _Anchors({anchor_of(words) for words, _ in self.items()})
        return self._anchor_words.windows(lowered, self._reach())

    def _reach(self) -> int:
        """How far past its first word's start a phrase can extend (words, joiners, indentation)."""
        return 2 * self._longest + 64


class _Anchors:
    """An Aho-Corasick automaton of the phrases' anchors (their rarest words)."""

    def __init__(self, anchors: set[str]) -> None:
        import ahocorasick_rs

        self._automaton = ahocorasick_rs.AhoCorasick(sorted(anchors))
        self._longest = max(len(anchor) for anchor in anchors)

    def windows(self, lowered: str, reach: int) -> Iterator[tuple[int, int]]:
        """`reach` characters either side of each anchor in `lowered`, in order of start,
        found one block of the text at a time: memory stays flat on a long text, and a
        caller that stops at the first candidate searches little."""
        for block in range(0, len(lowered), _ANCHOR_BLOCK):
            # Occurrences that start in this block, wherever they end.
            searched = lowered[block : block + _ANCHOR_BLOCK + self._longest - 1]
            found = sorted(
                (start, end)
                for _, start, end in self._automaton.find_matches_as_indexes(searched, overlapping=True)
                if start < _ANCHOR_BLOCK
            )
            for start, end in found:
                yield max(0, block + start - reach), block + end + reach


class Walk(Generic[Payload]):
    """The candidates of one text, found as far as anyone iterated, each found once."""

    def __init__(self, pending: Iterator[Match[Payload]]) -> None:
        self._pending = pending
        self._found: list[Match[Payload]] = []

    def __iter__(self) -> Iterator[Match[Payload]]:
        yield from self._found[:]
        for match in self._pending:
            self._found.append(match)
            yield match


def _each_once(
    pieces: Iterator[tuple[int, int]], find: Callable[[int, int], list[Match[Payload]]]
) -> Iterator[Match[Payload]]:
    """The matches `find` gives in each of `pieces`, each once.

    Consecutive pieces overlap, and both the starts and the ends of the pieces only grow, so
    a match two pieces find lies in every piece between them: each piece hands the next the
    matches it found where the next begins, and the next skips those. Nothing is kept of
    the pieces before: memory stays that of one piece, however long the paragraph.
    """
    shared: set[tuple[int, int, int]] = set()
    shared_end = 0
    current = next(pieces, None)
    while current is not None:
        following = next(pieces, None)
        found = find(*current)
        for match in found:
            if match.start >= shared_end or (match.start, match.end, id(match.payload)) not in shared:
                yield match
        if following is not None:
            shared = {(m.start, m.end, id(m.payload)) for m in found if m.start >= following[0]}
            shared_end = current[1]
        current = following


def _merged(windows: Iterator[tuple[int, int]], text: str) -> Iterator[tuple[int, int]]:
    """Overlapping windows (in order of start) joined, each widened to whole words (an
    identifier is never cut)."""
    current: tuple[int, int] | None = None
    for start, end in windows:
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield _widened(current, text)
        current = (start, end)
    if current is not None:
        yield _widened(current, text)


def _pieces(window: tuple[int, int], span: int, overlap: int, text: str) -> Iterator[tuple[int, int]]:
    """A long window in pieces of about `span` characters, each overlapping the next by
    `overlap` (more than a phrase spans), so a caller that stops early splits little.

    A piece ends where a word does, so a word longer than a piece makes the piece reach
    its end: the next piece starts late enough to end past it (any piece between would
    widen to that whole word again, and one long word would be read once per piece).
    """
    start, end = window
    while True:
        piece = _widened((start, min(end, start + span + overlap)), text)
        yield piece
        if piece[1] >= end:
            return
        start = max(start + span, piece[1] - span - overlap + 1)


def _widened(window: tuple[int, int], text: str) -> tuple[int, int]:
    start, end = window[0], min(window[1], len(text))
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _phrase_end(text: str, words: list[Word], index: int, phrase: tuple[str, ...]) -> int | None:
    """End offset of `phrase` starting at word `index`, or None when it does not match there."""
    if index + len(phrase) > len(words):
        return None
    previous = words[index]
    for offset in range(1, len(phrase)):
        current = words[index + offset]
        if current.lower != phrase[offset]:
            return None
        if not JOINER.fullmatch(text, previous.end, current.start):
            return None
        previous = current
    return previous.end


def longest_first(candidates: list[Match[Payload]]) -> list[Match[Payload]]:
    """Keep the longest of overlapping matches (earliest on ties), returned in text order.

    The characters taken so far are marked in a byte mask: a candidate is free when its
    span holds no mark, so each costs its own length, however many matches a long
    paragraph holds.
    """
    if len(candidates) < 2:
        return list(candidates)
    base = min(match.start for match in candidates)
    taken = bytearray(max(match.end for match in candidates) - base)
    chosen: list[Match[Payload]] = []
    for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        start, end = match.start - base, match.end - base
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


# Words of English and of code too common to decide anything alone (not of any vocabulary).
_COMMON = frozenset(
    {"a", "an", "and", "as", "at", "be", "by", "client", "config", "data", "default", "for", "from", "get", "in",
     "is", "it", "item", "key", "list", "max", "min", "model", "name", "new", "of", "on", "or", "py", "request",
     "run", "self", "set", "size", "task", "tasks", "the", "time", "to", "type", "value", "with"}
)  # fmt: skip


def anchor_of(phrase: tuple[str, ...]) -> str:
    """The word of a phrase least likely to occur by chance: the longest uncommon one."""
    uncommon = [word for word in phrase if word not in _COMMON]
    return max(uncommon or phrase, key=len)
