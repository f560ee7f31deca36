"""Suppression directives, shared by Python comments and Markdown HTML comments.

`vocab-lint: allow[ID,...] reason` allows a line (or the next line / next block), `off` and
`on` bound a region, `historical` marks a Markdown section as history. A directive that
suppresses nothing is itself reported as `unused-suppression`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from lint.findings import Context, Finding
from lint.rules import Rule

_DIRECTIVE = re.compile(r"vocab-lint:\s*(?P<verb>allow|off|on|historical)\b(?:\[(?P<ids>[^\]]*)\])?")


class Verb(str, Enum):
    """The four directive verbs."""

    ALLOW = "allow"
    OFF = "off"
    ON = "on"
    HISTORICAL = "historical"


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

    def covers(self, finding: Finding, aliases: dict[str, str]) -> bool:
        if not self.first_line <= finding.line <= self.last_line:
            return False
        ids = self.directive.ids
        return ids is None or any(finding.term == aliases.get(name, name) for name in ids)


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
        """Drop suppressed findings; add an `unused-suppression` for each idle directive."""
        kept = []
        for finding in findings:
            covering = [span for span in self.spans if span.covers(finding, self.aliases)]
            for span in covering:
                span.used = True
            if not covering:
                kept.append(finding)
        for span in self.spans:
            if not span.used:
                kept.append(_unused(span.directive, path))
        return sorted(kept, key=lambda f: f.sort_key)


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
