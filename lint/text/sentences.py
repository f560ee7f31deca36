"""Split prose into sentences for conflation rules.

The input is a block's text with markup blanked out (same length as the source), so
offsets map straight back. A period ends a sentence only when whitespace follows and the
next word does not start in lowercase, and never after a known abbreviation; dots inside
code (`Settings.cache_size`) are not followed by whitespace and so never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A run of end marks is tried once, from its start (the look-behind), and never given back
# (possessive): a page of dots costs time linear in its length.
_END = re.compile(r"(?<![.!?])[.!?]++[\"')\]]*+(?=\s)")
_NEXT_WORD = re.compile(r"\S")
ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "approx", "incl", "fig", "mr", "mrs", "ms", "dr", "no", "vol", "al", "resp", "ca"}
)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, whitespace trimmed."""
    start = 0
    for found in _END.finditer(text):
        last_word = _last_word(text, start, found.start()).lower().strip("(\"'")
        if last_word in ABBREVIATIONS or (
            found.group().startswith(".") and len(last_word) == 1 and last_word.isalpha()
        ):
            continue
        following = _NEXT_WORD.search(text, found.end())
        if following is not None and following.group().islower():
            continue
        yield from trimmed(text, start, found.end())
        start = found.end()
    yield from trimmed(text, start, len(text))


def _last_word(text: str, start: int, end: int) -> str:
    """The last run of non-space characters in `text[start:end]` (read back from `end`, so
    that a long sentence is not read again for each of its end marks)."""
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    begin = stop
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop]


def trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
