"""Exact spellings matched as whole tokens: for `case: exact` and qualified names.

Word matching reads `np.NaN` and `np.nan` as the same words; a NumPy rename cannot. A
`TokenTable` finds literal spellings that are not part of a longer identifier or dotted
name (`np.NaN` in `x = np.NaN + 1`, not in `np.NaNs` or `my_np.NaN`). Every spelling is
looked for by its last dotted part with `str.find` (in the lowered text for entries of any
case), one pass per distinct part, and then checked in place: no regular expression has to
try each position of a large file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

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

    def add(self, spellings: Iterable[str], payload: Payload, *, exact_case: bool, after_dot: bool = False) -> None:
        """Match each of `spellings` (case-sensitively when `exact_case`) for `payload`."""
        for text in spellings:
            last = text.rpartition(".")[2]
            table, key = (self._exact, last) if exact_case else (self._any_case, last.lower())
            table.setdefault(key, []).append(_Spelling(text, payload, exact_case, after_dot))

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
        yield from self._find(text, text, self._exact)
        if self._any_case:
            lowered = text.lower()
            if len(lowered) == len(text):  # a few characters lower-case to two: offsets would shift
                yield from self._find(text, lowered, self._any_case)
            else:
                yield from self._find(text, text, self._any_case, fold=True)

    def search(self, text: str) -> TokenMatch[Payload] | None:
        """Any one occurrence, or None."""
        return next(self.finditer(text), None)

    @staticmethod
    def _find(
        text: str, searched: str, table: dict[str, list[_Spelling[Payload]]], *, fold: bool = False
    ) -> Iterator[TokenMatch[Payload]]:
        for last, spellings in table.items():
            for found in _positions(searched, last, fold=fold):
                end = found + len(last)
                if end < len(text) and _word_character(text[end]):
                    continue
                for spelling in spellings:
                    start = end - len(spelling.text)
                    written = text[start:end] if start >= 0 else ""
                    same = written == spelling.text if spelling.exact_case else written.lower() == spelling.text.lower()
                    if same and _stands_alone(text, start, spelling.after_dot):
                        yield TokenMatch(start, end, written, spelling.payload)


def _positions(text: str, needle: str, *, fold: bool) -> Iterator[int]:
    """Where `needle` occurs: `str.find`, or a case-folding search for the rare text whose
    lowered form changes length."""
    if fold:
        yield from (match.start() for match in re.finditer(re.escape(needle), text, re.IGNORECASE))
        return
    found = text.find(needle)
    while found != -1:
        yield found
        found = text.find(needle, found + 1)


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
