"""Split any spelling style into words, and spell words back in a given style.

`OrderQueue`, `order_queue`, `ORDER_QUEUE`, `orderQueue`, `order-queue` and
"order queue" all split into the same two words, so one
vocabulary entry matches every style, and a fix can re-spell its replacement in the style
of the text it replaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# An acronym run stops before a capital that starts a lowercase word (HTTPServer -> HTTP, Server);
# digits are words of their own (HTTPPool2 -> HTTP, Pool, 2). Letters outside ASCII form
# words too, so prose in other languages splits on its own separators.
WORD_PATTERN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^\W\d_A-Za-z]+")


@dataclass(slots=True)
class Word:
    """One word of a text: its lowercase form and its exact span in that text.

    Not frozen: a frozen dataclass sets each field through `object.__setattr__`, and texts
    are split into many words (a third of the cost of splitting).
    """

    lower: str
    start: int
    end: int


def split_words(text: str) -> list[Word]:
    """Return the words of `text` with spans; everything between them is a separator."""
    return [Word(m.group().lower(), m.start(), m.end()) for m in WORD_PATTERN.finditer(text)]


def word_tuple(text: str) -> tuple[str, ...]:
    """The lowercase words of `text`, the key by which names are compared."""
    return tuple(m.group().lower() for m in WORD_PATTERN.finditer(text))


def plural_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase with its last word in simple plural forms (`-s`, `-es`, `-y` -> `-ies`)."""
    last = words[-1]
    forms = {last + "s", last + "es"}
    if last.endswith("y"):
        forms.add(last[:-1] + "ies")
    return [(*words[:-1], form) for form in sorted(forms)]


def slug(text: str) -> str:
    """A kebab-case id made from the words of `text` (`OrderQueue` -> `order-queue`)."""
    return "-".join(word_tuple(text))


class Style(Enum):
    """The spelling styles a replacement can be written in."""

    PASCAL = "PascalCase"
    CAMEL = "camelCase"
    SNAKE = "snake_case"
    SCREAMING = "SCREAMING_SNAKE"
    KEBAB = "kebab-case"
    PROSE = "prose"
    PROSE_CAPITALIZED = "Prose"
    TITLE = "Title Prose"


def detect_style(text: str, *, prose: bool = False) -> Style:
    """Guess the spelling style of `text` from its separators and letter cases.

    In prose a single word is prose ("Parser" starts a sentence), not a class name.
    """
    letters = [c for c in text if c.isalpha()]
    if prose and "_" not in text and not (letters and all(c.isupper() for c in letters)):
        if any(c.isupper() for c in text[1:]) and not (set(text) & {" ", "-", "\n"}):
            return Style.PASCAL if text[:1].isupper() else Style.CAMEL
        return Style.PROSE_CAPITALIZED if text[:1].isupper() else Style.PROSE
    if " " in text or "\n" in text:
        words = text.split()
        if all(w[:1].isupper() for w in words if w[:1].isalpha()) and len(words) > 1:
            return Style.TITLE
        return Style.PROSE_CAPITALIZED if letters and letters[0].isupper() else Style.PROSE
    if "_" in text:
        if letters and all(c.isupper() for c in letters):
            return Style.SCREAMING
        return Style.SNAKE
    if "-" in text:
        return Style.KEBAB
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return Style.SCREAMING
    if letters and letters[0].isupper():
        return Style.PASCAL
    if any(c.isupper() for c in letters):
        return Style.CAMEL
    return Style.SNAKE


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def spell(words: tuple[str, ...] | list[str], style: Style) -> str:
    """Write lowercase `words` in `style` (`("request", "domain")`, PASCAL -> `RequestDomain`)."""
    if not words:
        return ""
    if style is Style.PASCAL:
        return "".join(_cap(w) for w in words)
    if style is Style.CAMEL:
        return words[0] + "".join(_cap(w) for w in words[1:])
    if style is Style.SNAKE:
        return "_".join(words)
    if style is Style.SCREAMING:
        return "_".join(w.upper() for w in words)
    if style is Style.KEBAB:
        return "-".join(words)
    if style is Style.PROSE_CAPITALIZED:
        return _cap(" ".join(words))
    if style is Style.TITLE:
        return " ".join(_cap(w) for w in words)
    return " ".join(words)


def restyle(replacement: str, matched: str, *, prose: bool = False) -> str:
    """Write `replacement` in the spelling style of `matched`.

    Paths (`readers/document.py`) and replacements already in the matched style
    are kept verbatim, so acronyms in a replacement are not lost; a prose replacement keeps
    its own hyphens and takes only the capital of a sentence start.
    """
    if "/" in replacement or "." in replacement:
        return replacement
    style = detect_style(matched, prose=prose)
    own = detect_style(replacement, prose=prose)
    if style in _PROSE_STYLES and own in _PROSE_STYLES:
        return _cap(replacement) if style is not Style.PROSE else replacement
    if own is style:
        return replacement
    return spell(word_tuple(replacement), style)


_PROSE_STYLES = frozenset({Style.PROSE, Style.PROSE_CAPITALIZED, Style.TITLE})


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 finding`, `2 findings`, `0 errors` (`nouns`: an irregular plural)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
