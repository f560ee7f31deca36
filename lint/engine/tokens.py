"""Exact spellings matched as whole tokens: for `case: exact` and qualified names.

Word matching reads `np.NaN` and `np.nan` as the same words; a NumPy rename cannot. A
`TokenTable` finds literal spellings that are not part of a longer identifier or dotted
name (`np.NaN` in `x = np.NaN + 1`, not in `np.NaNs` or `my_np.NaN`). Every spelling is
looked for by its last dotted part (in the lowered text for entries of any case), all parts
in one pass, and then checked in place. When every part is a word (`float_`, not
`max-rows`), as qualified members are, and the text is ASCII, that pass is one RE2 of the
parts between word boundaries: it reports only whole words, where an automaton reports
every `get` inside `get_conn` and `target` for a check in Python each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from lint.text.patterns import alternations

Payload = TypeVar("Payload")


@dataclass(frozen=True)
class _Spelling(Generic[Payload]):
    text: str
    payload: Payload
    exact_case: bool
    after_dot: bool  # may follow a dot: an attribute's member (`float_` of `np.float_`)


@dataclass(frozen=True)
class TokenMatch(Generic[Payload]):
    """A spelling found at `text[start:end]`."""

    start: int
    end: int
    text: str
    payload: Payload


class TokenTable(Generic[Payload]):
    """Literal spellings of many entries, each found as a whole token."""

    def __init__(self) -> None:
        self._exact: dict[str, list[_Spelling[Payload]]] = {}  # by last part as written
        self._any_case: dict[str, list[_Spelling[Payload]]] = {}  # by lowered last part
        self._searches: dict[bool, _KeySearch] = {}  # by exactness, built on first use

    def add(self, spellings: Iterable[str], payload: Payload, *, exact_case: bool, after_dot: bool = False) -> None:
        """Match each of `spellings` (case-sensitively when `exact_case`) for `payload`."""
        for text in spellings:
            last = text.rpartition(".")[2]
            table, key = (self._exact, last) if exact_case else (self._any_case, last.lower())
            table.setdefault(key, []).append(_Spelling(text, payload, exact_case, after_dot))
            self._searches.pop(exact_case, None)

    def __bool__(self) -> bool:
        return bool(self._exact or self._any_case)

    def subset(self, keep: Callable[[Payload], bool]) -> TokenTable[Payload]:
        """A table of only the spellings whose payload `keep` accepts."""
        smaller: TokenTable[Payload] = TokenTable()
        for table, into in ((self._exact, smaller._exact), (self._any_case, smaller._any_case)):
            for key, spellings in table.items():
                kept = [spelling for spelling in spellings if keep(spelling.payload)]
                if kept:
                    into[key] = kept
        return smaller

    def finditer(self, text: str) -> Iterator[TokenMatch[Payload]]:
        """Every whole-token occurrence of every spelling (in no particular order)."""
        if self._exact:
            yield from self._check(text, self._exact, self._found(text, exact=True))
        if self._any_case:
            lowered = text.lower()
            if len(lowered) == len(text):
                yield from self._check(text, self._any_case, self._found(lowered, exact=False))
            else:  # a few characters lower-case to two: offsets would shift
                folded = ((key, m.start()) for key in self._any_case for m in _folded(text, key))
                yield from self._check(text, self._any_case, folded)

    def search(self, text: str) -> TokenMatch[Payload] | None:
        """Any one occurrence, or None."""
        return next(self.finditer(text), None)

    def _found(self, searched: str, *, exact: bool) -> Iterator[tuple[str, int]]:
        """(last part, offset) of every occurrence that may be a whole token."""
        if exact not in self._searches:
            self._searches[exact] = _KeySearch(list(self._exact if exact else self._any_case))
        return self._searches[exact].found(searched)

    @staticmethod
    def _check(
        text: str, table: dict[str, list[_Spelling[Payload]]], found: Iterable[tuple[str, int]]
    ) -> Iterator[TokenMatch[Payload]]:
        """The occurrences that are whole tokens of one of their spellings."""
        for last, position in found:
            end = position + len(last)
            if end < len(text) and _word_character(text[end]):
                continue
            for spelling in table[last]:
                start = end - len(spelling.text)
                written = text[start:end] if start >= 0 else ""
                same = written == spelling.text if spelling.exact_case else written.lower() == spelling.text.lower()
                if same and _stands_alone(text, start, spelling.after_dot):
                    yield TokenMatch(start, end, written, spelling.payload)


_WORD = re.compile(r"[A-Za-z0-9_]+")


class _KeySearch:
    """The occurrences of a table's keys (last parts) in a text, in one pass."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.words = all(_WORD.fullmatch(key) for key in keys)

    def found(self, searched: str) -> Iterator[tuple[str, int]]:
        if self.words and searched.isascii():
            raw = searched.encode("ascii")
            for program in self._whole_words:
                for match in program.finditer(raw):
                    start, end = match.span()  # one call: the wrapper's `group` costs several
                    yield searched[start:end], start
            return
        for index, start, _ in self._automaton.find_matches_as_indexes(searched, overlapping=True):
            yield self.keys[index], start

    @cached_property
    def _whole_words(self) -> tuple[Any, ...]:
        """RE2 of the keys between word boundaries: in ASCII text, a superset of the whole
        tokens `TokenTable._check` accepts (a key is all word characters, so whatever stands
        before a whole token is not one) and no occurrence inside a longer word."""
        return alternations([re.escape(key) for key in self.keys], r"\b(?:{})\b")

    @cached_property
    def _automaton(self) -> Any:
        """Every occurrence, overlapping, for keys that are not words or text that is not ASCII."""
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self.keys)


def _folded(text: str, needle: str) -> Iterator[re.Match[str]]:
    """A case-folding search, for the rare text whose lowered form changes length."""
    return re.finditer(re.escape(needle), text, re.IGNORECASE)


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _stands_alone(text: str, start: int, after_dot: bool) -> bool:
    """Nothing of a longer identifier or dotted name stands right before `start`."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (_word_character(before) or (before == "." and not after_dot))


def dotted_spellings(name: str, module_aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """`numpy.float_` and its spellings through module aliases (`np.float_`)."""
    spellings = [name]
    for module, aliases in module_aliases.items():
        if name.startswith(module + "."):
            spellings += [alias + name[len(module) :] for alias in aliases]
    return spellings
