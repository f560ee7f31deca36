"""Python sources too costly to parse, which are scanned token by token instead.

Two kinds cost more than their size: a file past a few megabytes (LibCST's tree of it would
take gigabytes), and an f-string of thousands of replacement fields, which CPython's own
parser reads in time quadratic in their number (`f'{a}' * 40_000` fields in one string:
0.9 s on 3.11, four times that at twice the fields). Neither is code anyone writes; both
are inputs that could hold a CI gate for minutes.
"""

from __future__ import annotations

import io
import tokenize

MAX_PARSED_CHARS = 2_000_000
MAX_FSTRING_FIELDS = 2_000
# Before Python 3.12 an f-string is one STRING token; from 3.12 it is tokens of its own.
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


class TooLarge(ValueError):
    """A source too costly to parse: scanned token by token, with a `parse-error` warning."""


def check_parse_cost(source: str) -> None:
    """Raise `TooLarge` for a source too costly to parse.

    The f-strings are counted (by the tokenizer, which reads them in linear time) only in a
    source holding more braces than the limit allows one f-string: almost never.
    """
    if len(source) > MAX_PARSED_CHARS:
        raise TooLarge(f"larger than {MAX_PARSED_CHARS // 1_000_000} million characters")
    if source.count("{") > MAX_FSTRING_FIELDS and largest_fstring(source) > MAX_FSTRING_FIELDS:
        raise TooLarge(f"an f-string of more than {MAX_FSTRING_FIELDS:,} replacement fields")


def largest_fstring(source: str) -> int:
    """The most replacement fields (nested ones included) of any one f-string of `source`.

    A source the tokenizer cannot read counts as none: the parser will refuse it anyway.
    """
    largest = 0
    open_fields: list[int] = []  # from 3.12: the fields of each f-string being read, innermost last
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and "f" in _prefix(token.string).lower():
                largest = max(largest, token.string.count("{") - 2 * token.string.count("{{"))
            elif token.type == _FSTRING_START:
                open_fields.append(0)
            elif token.type == tokenize.OP and token.string == "{" and open_fields:
                open_fields[-1] += 1
            elif token.type == _FSTRING_END and open_fields:
                largest = max(largest, open_fields.pop())
    except (tokenize.TokenError, SyntaxError):
        pass
    return largest


def _prefix(literal: str) -> str:
    """The prefix of a string literal (`rb`, `f`, ...): what stands before its first quote."""
    return literal[: len(literal) - len(literal.lstrip("rRbBfFuU"))]
