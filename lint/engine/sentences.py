"""Split prose into sentences for conflation rules.

The input is a block's text with markup blanked out (same length as the source), so
offsets map straight back. A period ends a sentence only when whitespace follows and the
next word does not start in lowercase, and never after a known abbreviation; dots inside
code (`Settings.cache_size`) are not followed by whitespace and so never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "cf", "approx", "incl", "fig", "mr", "mrs", "ms", "dr", "no", "vol", "al", "resp", "ca"}
)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, whitespace trimmed."""
    start = 0
    for found in _END.finditer(text):
        before = text[start : found.start()].rsplit(None, 1)
        last_word = before[-1].lower().strip("(\"'") if before else ""
        if last_word in _ABBREVIATIONS or (
            found.group().startswith(".") and len(last_word) == 1 and last_word.isalpha()
        ):
            continue
        rest = text[found.end() :].lstrip()
        if rest[:1].islower():
            continue
        yield from _trimmed(text, start, found.end())
        start = found.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
