"""What the parts of interpreted text, references and targets are, by their raw text.

A role's content is read by what the role means: a Python object's name (`:class:`,
`:py:meth:`, and single backticks, the default role of API docs) is `role` context, its
`~` / `!` / `.` prefix left out; a cross-reference (`:ref:`, `:doc:`, `:term:`) is link
text and target; `:code:`, `:file:`, `:kbd:` and the like are inline code; `:abbr:`,
`:guilabel:` and the like are prose. An explicit title (`title <target>`) is link text.
Offsets are into the raw text given.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lint.findings import Context

_PYTHON_OBJECT = frozenset(
    {"class", "func", "meth", "attr", "mod", "data", "exc", "obj", "const", "type", "any", "attribute"}
    | {"function", "method", "property", "module", "exception", "deco", "autolink", "py", ""}
)
_LINK = frozenset({"ref", "doc", "download", "numref", "term", "keyword", "token", "envvar", "option"})
_PROSE = frozenset(
    {"emphasis", "strong", "abbr", "abbreviation", "ab", "acronym", "ac", "dfn", "guilabel", "menuselection"}
    | {"sub", "subscript", "sup", "superscript", "title-reference", "title", "t", "index", "rubric"}
)
_LABELS = frozenset({"term", "keyword", "token"})  # a name the link resolves by: renaming it alone breaks it
_NOT_PYTHON_DOMAINS = ("c:", "cpp:", "js:", "rst:", "math:")
_INTERPRETED = re.compile(r":(?P<prefix>[^`\s]+):`(?P<front>.*)`|`(?P<back>.*)`(?::(?P<suffix>[^`\s]+):)?", re.DOTALL)
_EXPLICIT_TITLE = re.compile(r"(?P<title>.+?)\s*(?<!\\)<(?P<target>.*?)>", re.DOTALL)


class Part(NamedTuple):
    """A run of raw text with the context it stands in."""

    start: int
    end: int
    context: Context
    label: bool = False


def role_parts(raw: str, base: Context) -> list[Part]:
    """The parts of interpreted text (`:role:`content``, `` `content`:role: ``, `` `content` ``);
    `base` for a role that only styles its text (prose in a paragraph, heading in a title)."""
    found = _INTERPRETED.fullmatch(raw)
    if found is None:
        return [Part(0, len(raw), base)]
    group = "front" if found.group("front") is not None else "back"
    start, end = found.span(group)
    name = (found.group("prefix") or found.group("suffix") or "").lower()
    if name.startswith(_NOT_PYTHON_DOMAINS):
        return [Part(start, end, Context.INLINE_CODE)]
    name = name.split(":")[-1]  # `py:class` is `class`, `std:ref` is `ref`
    if name in _PYTHON_OBJECT:
        return _titled(raw, start, end, Context.ROLE, prefixes="~!.")
    if name in _LINK:
        return _titled(raw, start, end, Context.LINK_TARGET, label=name in _LABELS)
    if name in _PROSE:
        return [Part(start, end, base)]
    return [Part(start, end, Context.INLINE_CODE)]


def _titled(raw: str, start: int, end: int, context: Context, *, prefixes: str = "", label: bool = False) -> list[Part]:
    """`title <target>`: the title as link text and the target in `context`; else the whole
    content in `context` (as link text when it is a label), without its `prefixes`."""
    titled = _EXPLICIT_TITLE.fullmatch(raw, start, end)
    if titled is not None:
        target_start, target_end = titled.span("target")
        return [
            Part(*titled.span("title"), Context.LINK_TEXT),
            Part(target_start + _prefix_length(raw, target_start, target_end, prefixes), target_end, context),
        ]
    start += _prefix_length(raw, start, end, prefixes)
    return [Part(start, end, Context.LINK_TEXT if label else context, label)]


def _prefix_length(raw: str, start: int, end: int, prefixes: str) -> int:
    length = 0
    while start + length < end and raw[start + length] in prefixes:
        length += 1
    return length


def reference_parts(raw: str) -> list[Part]:
    """The parts of a hyperlink reference: `` `text <url>`_ ``, `` `name`_ ``, `name_`, or a
    standalone URL. A reference name is a label: renaming it alone would break the link."""
    if raw.startswith("`") and "`" in raw[1:]:
        end = raw.rindex("`")
        titled = _EXPLICIT_TITLE.fullmatch(raw, 1, end)
        if titled is None:
            return [Part(1, end, Context.LINK_TEXT, label=True)]
        target = titled.group("target")
        named = target.endswith("_") and not target.endswith("\\_")
        return [
            Part(*titled.span("title"), Context.LINK_TEXT),
            Part(*titled.span("target"), Context.LINK_TEXT if named else Context.LINK_TARGET, label=named),
        ]
    if raw.endswith("_"):
        return [Part(0, len(raw.rstrip("_")), Context.LINK_TEXT, label=True)]
    return [Part(0, len(raw), Context.LINK_TARGET)]


def target_parts(raw: str) -> list[Part]:
    """The parts of an explicit target (`.. _name: url`, `.. _name:`): its name is a label,
    its URL a link target."""
    found = re.match(r"\.\.[ ]+_(?P<name>`[^`]*`|(?:\\.|[^\\:])*):(?P<target>.*)", raw, re.DOTALL)
    if found is None:
        return []
    parts = [Part(*found.span("name"), Context.LINK_TEXT, label=True)]
    target = found.group("target")
    if target.strip():
        start = found.start("target") + len(target) - len(target.lstrip())
        parts.append(Part(start, found.end("target"), Context.LINK_TARGET))
    return parts
