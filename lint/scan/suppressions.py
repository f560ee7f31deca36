"""Directives, one grammar for every format's comments and for the glossary's term linker.

`vocab-lint: allow[ID,...] reason` allows a line (or the next line / next block), `off` and
`on` bound a region, `historical` marks a Markdown section as history, `nolink` keeps the
glossary's term links out of the next block (it suppresses no finding). A directive that
suppresses nothing is itself reported as `unused-suppression`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from lint.findings import Context, Finding
from lint.rules import Rule

_DIRECTIVE = re.compile(r"vocab-lint:\s*(?P<verb>allow|off|on|historical|nolink)\b(?:\[(?P<ids>[^\]]*)\])?")


class Verb(str, Enum):
    """The directive verbs."""

    ALLOW = "allow"
    OFF = "off"
    ON = "on"
    HISTORICAL = "historical"
    NOLINK = "nolink"


@dataclass(frozen=True)
class Directive:
    """A directive found in a comment, at the comment's exact span."""

    verb: Verb
    ids: frozenset[str] | None
    line: int
    column: int
    end_column: int
    text: str
    context: Context


def parse_directive(comment: str) -> tuple[Verb, frozenset[str] | None] | None:
    """The verb and ids of a directive in `comment`, or None when it holds none."""
    found = _DIRECTIVE.search(comment)
    if not found:
        return None
    ids = found.group("ids")
    names = frozenset(part.strip() for part in ids.split(",") if part.strip()) if ids is not None else None
    return Verb(found.group("verb")), names or None


@dataclass
class _Span:
    directive: Directive
    first_line: int
    last_line: int
    used: bool = False


@dataclass
class Suppressions:
    """The directives of one file, turned into line ranges."""

    aliases: dict[str, str]
    spans: list[_Span] = field(default_factory=list)

    def allow(self, directive: Directive, first_line: int, last_line: int) -> None:
        """Allow the directive's ids on lines `first_line..last_line`."""
        self.spans.append(_Span(directive, first_line, last_line))

    def regions(self, directives: Iterable[Directive], last_line: int) -> None:
        """Turn `off` ... `on` pairs into spans; an `off` with no `on` runs to the end."""
        open_region: Directive | None = None
        for directive in directives:
            if directive.verb is Verb.OFF and open_region is None:
                open_region = directive
            elif directive.verb is Verb.ON and open_region is not None:
                self.spans.append(_Span(open_region, open_region.line, directive.line))
                open_region = None
        if open_region is not None:
            self.spans.append(_Span(open_region, open_region.line, last_line))

    def apply(self, findings: Iterable[Finding], path: str) -> list[Finding]:
        """Drop suppressed findings; add an `unused-suppression` for each idle directive.

        Each span is asked about by search, not about every finding: a file of thousands
        of directives and findings costs time near-linear in their number.
        """
        findings = list(findings)
        lines_of: dict[str | None, list[int]] = {None: []}  # None: the lines of every finding
        for finding in findings:
            lines_of[None].append(finding.line)
            lines_of.setdefault(finding.term, []).append(finding.line)
        for lines in lines_of.values():
            lines.sort()
        ranges: dict[str | None, list[tuple[int, int]]] = {}
        for span in self.spans:
            ids = span.directive.ids
            terms: set[str | None] = {None} if ids is None else {self.aliases.get(name, name) for name in ids}
            for term in terms:
                ranges.setdefault(term, []).append((span.first_line, span.last_line))
            span.used = any(_any_between(lines_of.get(term, []), span.first_line, span.last_line) for term in terms)
        covered = {term: _LineRanges(spans) for term, spans in ranges.items()}
        everything = covered.get(None)
        kept = [
            finding
            for finding in findings
            if not (everything is not None and finding.line in everything)
            and not (finding.term in covered and finding.line in covered[finding.term])
        ]
        for span in self.spans:
            if not span.used:
                kept.append(_unused(span.directive, path))
        return sorted(kept, key=lambda f: f.sort_key)


def _any_between(lines: list[int], first: int, last: int) -> bool:
    """Whether the sorted `lines` hold one from `first` to `last`."""
    return bisect_left(lines, first) < bisect_right(lines, last)


class _LineRanges:
    """Ranges of lines (inclusive), merged, asked whether they hold a line by search."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for first, last in sorted(ranges):
            if self._ends and first <= self._ends[-1] + 1:
                self._ends[-1] = max(self._ends[-1], last)
            else:
                self._starts.append(first)
                self._ends.append(last)

    def __contains__(self, line: object) -> bool:
        if not isinstance(line, int):
            return False
        index = bisect_right(self._starts, line) - 1
        return index >= 0 and line <= self._ends[index]


def _unused(directive: Directive, path: str) -> Finding:
    names = ",".join(sorted(directive.ids)) if directive.ids else "*"
    return Finding(
        path=path,
        line=directive.line,
        column=directive.column,
        end_line=directive.line,
        end_column=directive.end_column,
        rule=Rule.UNUSED_SUPPRESSION,
        severity=Rule.UNUSED_SUPPRESSION.default_severity,
        term=names,
        matched=directive.text,
        context=directive.context,
        message=f"'vocab-lint: {directive.verb.value}' suppresses nothing here; remove it",
    )
