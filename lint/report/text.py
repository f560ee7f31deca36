"""The human formats: `text` (a line per finding, the source and a caret on request),
`concise` (the line alone) and the `--statistics` table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

import click

from lint.findings import Finding
from lint.report.report import Report
from lint.rules import Severity

FIXABLE_MARK = "[*]"  # as Ruff marks a finding its fix command fixes


def write_text(report: Report, stream: TextIO) -> None:
    """`path:line:col: rule [term] message`, `[*]` before the message of a finding `fix`
    fixes, and the source line with a caret on request."""
    for finding in report.findings:
        stream.write(_line(report, finding))
        if report.show_source:
            _write_source(report, finding, stream)


def write_concise(report: Report, stream: TextIO) -> None:
    """One line per finding, never the source: for logs and for grep."""
    stream.writelines(_line(report, finding) for finding in report.findings)


def _line(report: Report, finding: Finding) -> str:
    location = f"{finding.location}:"
    rule = finding.rule.value
    if report.color:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        location, rule = click.style(location, bold=True), click.style(rule, fg=colour)
    mark = f"{FIXABLE_MARK} " if finding.applicability == "safe" else ""
    return f"{location} {rule} [{finding.term}] {mark}{_visible(finding.message)}\n"


# What a terminal would act on rather than show: control characters (a tab is shown as
# it is), and the C1 controls and line separators.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(text: str) -> str:
    """`text` with what a terminal would act on written as escapes (`\x1b`, `\r`): a
    scanned file cannot move the cursor, clear the screen or forge a line of the report."""
    if text.isprintable() or not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# A source line is shown whole up to this width; a longer one (minified, generated, one
# paragraph per line) as this much around the span, so that each finding's excerpt has a
# bounded size: a 5 MB line with a finding every 18 characters printed it whole each time.
SOURCE_WIDTH = 160
_BEFORE_SPAN = 40


def _write_source(report: Report, finding: Finding, stream: TextIO) -> None:
    lines = report.sources.get(finding.source_key)
    if not lines or not 1 <= finding.line <= len(lines) or finding.matched == "":
        return
    source = lines[finding.line - 1].rstrip("\r\n")
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(source) + 1
    if len(source) > SOURCE_WIDTH:
        first = max(0, start - _BEFORE_SPAN)
        last = min(len(source), first + SOURCE_WIDTH)
        lead = "…" if first else ""
        shift = len(lead) - first
        start, end = start + shift, min(end, last) + shift
        source = lead + source[first:last] + ("…" if last < len(source) else "")
    # Escaped piece by piece, so the caret stays under the span however the escapes widen it.
    before, span, after = _visible(source[:start]), _visible(source[start:end]), _visible(source[end:])
    source = before + span + after
    start, end = len(before), len(before) + len(span)
    prefix = "".join(c if c == "\t" else " " for c in before)
    caret = "^" * max(1, end - start)
    if report.color:
        caret = click.style(caret, fg="red")
    stream.write(f"    {source}\n    {prefix}{caret}\n")


def write_statistics(findings: Sequence[Finding], stream: TextIO) -> None:
    """Counts per rule and term, most frequent first, with how many `fix` fixes."""
    counts = Counter((f.rule.value, f.term) for f in findings)
    fixable = Counter((f.rule.value, f.term) for f in findings if f.applicability == "safe")
    if not counts:
        return
    stream.write(f"{'Count':>6}  {'Fixable':>7}  {'Rule':<30} Term\n")
    for (rule, term), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stream.write(f"{count:6d}  {fixable[rule, term]:7d}  {rule:<30} {term}\n")
