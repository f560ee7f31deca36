"""Claim templates of conflation rules ("{first} (sets|raises) {second}") as patterns.

A template is matched against a clause in which each side's phrase is replaced by one
stand-in character, so a template needs no knowledge of the phrases themselves.
"""

from __future__ import annotations

import re

from lint.text.patterns import PatternError, TextPattern, compile_pattern

ARTICLE = r"(?:(?:a|an|the)\s+)?"
FIRST, SECOND = "\ue000", "\ue001"  # stand-ins for the two sides when claims are matched


def compile_claim(template: str) -> TextPattern:
    """A claim template as a pattern over a clause whose sides are replaced by stand-ins.

    Words match case-insensitively as whole words, runs of spaces as any spaces, and
    `(a|b)` groups are kept; `{first}` and `{second}` stand for any phrase of the side, with
    or without an article before it.
    """
    if "{first}" not in template:
        raise PatternError("a claim must name {first}")
    pieces = re.split(r"(\{first\}|\{second\}|\s+|[()|?])", template)
    out = []
    for piece in pieces:
        if piece in ("{first}", "{second}"):
            out.append(ARTICLE + (FIRST if piece == "{first}" else SECOND))
        elif piece in ("(", ")", "|", "?"):
            out.append({"(": "(?:", ")": ")"}.get(piece, piece))
        elif piece.isspace():
            out.append(r"\s+")
        elif piece:
            out.append(re.escape(piece.lower()))
    return compile_pattern(r"(?:^|\W)" + "".join(out) + r"(?:\W|$)")
