"""A term's definition on a glossary page: a safe subset of Markdown, the rest as text.

A definition may hold ``code``, *emphasis*, **strong** text and links to http(s) or
relative targets; markdown-it-py reads it with only those rules on, and each page format
writes them its own way. Everything else (HTML, images, a `javascript:` link, a heading
mark) stays literal text, escaped by the page format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_STYLES = {"em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**"}


@dataclass(frozen=True)
class Piece:
    """A run of a definition: `text`, `code`, an emphasis mark (`*`, `**`), or a `link`
    opening (`value` its target) or closing."""

    kind: str
    value: str = ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(["backticks", "emphasis", "link", "escape"])


def pieces(definition: str) -> Iterator[Piece]:
    """The definition's runs, in order; a link to anything but http(s) or a relative
    target is its text alone."""
    tokens = _parser().parseInline(" ".join(definition.split()))
    children = (tokens[0].children or []) if tokens else []
    dropped = 0  # links left open after an unsafe target
    for token in children:
        if token.type == "code_inline":
            yield Piece("code", token.content)
        elif token.type in _STYLES:
            yield Piece("style", _STYLES[token.type])
        elif token.type == "link_open":
            target = str(token.attrs.get("href", ""))
            if _safe_target(target):
                yield Piece("link", target)
            else:
                dropped += 1
        elif token.type == "link_close":
            if dropped:
                dropped -= 1
            else:
                yield Piece("end-link")
        else:  # text, and a line break inside the definition, read as a space
            yield Piece("text", token.content or " ")


def _safe_target(target: str) -> bool:
    parts = urlsplit(target)
    return (parts.scheme in ("http", "https") and bool(parts.netloc)) or (not parts.scheme and not parts.netloc)


def render(
    definition: str,
    text: Callable[[str], str],
    code: Callable[[str], str],
    link: Callable[[str, str], str],
    *,
    nested: bool = True,
) -> str:
    """The definition in a page format: `text` escapes plain text (keeping its edge
    spaces), `code` writes a code span, `link(title, target)` a link around an already
    written title. Without `nested` (reST), emphasis is left out and code in a link's title
    is text: that markup cannot nest."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # open links: target, where their title starts in `out`
    for piece in pieces(definition):
        if piece.kind == "text":
            out.append(text(piece.value))
        elif piece.kind == "code":
            out.append(code(piece.value) if nested or not stack else text(piece.value))
        elif piece.kind == "style":
            out.append(piece.value if nested else "")
        elif piece.kind == "link":
            stack.append((piece.value, len(out)))
        elif stack:
            target, start = stack.pop()
            out[start:] = [link("".join(out[start:]), target)]
    return "".join(out).strip()


def keeping_edges(piece: str, escape: Callable[[str], str]) -> str:
    """`escape` of a piece of a sentence (which collapses spaces), keeping one space at
    either edge it had: the pieces between markup must not run together."""
    edges = (" " if piece[:1].isspace() else "", " " if piece[-1:].isspace() else "")
    return edges[0] + escape(piece) + edges[1] if piece.strip() else edges[0]


def plain(definition: str) -> str:
    """The definition as plain text (a tooltip): code, emphasis and links as their text."""
    return render(definition, lambda t: t, lambda c: c, lambda title, _: title, nested=False)
