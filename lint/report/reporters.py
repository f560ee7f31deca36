"""Reporters: turn findings into text, JSON, SARIF, GitHub annotations or JUnit XML.

Each reporter writes to a stream it is given; the registry `REPORTERS` maps `--format`
names to them. The closing summary goes to the terminal separately, so that `--output`
can send a machine format to a file while the terminal still hears how the run went.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, TextIO

import click

from lint import __version__
from lint.findings import Finding
from lint.rules import RULES, Severity


@dataclass(frozen=True)
class Report:
    """Everything a reporter may need about a finished run."""

    findings: Sequence[Finding]
    files_scanned: int
    sources: dict[str, list[str]]
    show_source: bool = False
    color: bool = False
    files_skipped: int = 0

    @cached_property
    def _severities(self) -> Counter[Severity]:
        """How many findings of each severity (counted once: the summary, the JSON outline
        and the exit code each ask)."""
        return Counter(f.severity for f in self.findings)

    @property
    def errors(self) -> int:
        """Findings of severity error."""
        return self._severities[Severity.ERROR]

    @property
    def warnings(self) -> int:
        """Findings of severity warning."""
        return self._severities[Severity.WARNING]

    def summary(self) -> str:
        """One closing line: how many files, findings, errors and warnings."""
        files = f"{self.files_scanned} file{'s' if self.files_scanned != 1 else ''} scanned"
        if self.files_skipped:
            files += f" ({self.files_skipped} skipped or unreadable)"
        if not self.findings:
            return f"{files}: no findings."
        count = len(self.findings)
        return f"{files}: {count} finding{'s' if count != 1 else ''} ({self.errors} errors, {self.warnings} warnings)."


def write_text(report: Report, stream: TextIO) -> None:
    """`path:line:col: rule [term] message`, with the source line and a caret on request."""
    for finding in report.findings:
        location = f"{finding.location}:"
        rule = finding.rule.value
        if report.color:
            colour = "red" if finding.severity is Severity.ERROR else "yellow"
            location, rule = click.style(location, bold=True), click.style(rule, fg=colour)
        stream.write(f"{location} {rule} [{finding.term}] {_visible(finding.message)}\n")
        if report.show_source:
            _write_source(report, finding, stream)


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


def write_json(report: Report, stream: TextIO) -> None:
    """The JSON object `docs/install.md` documents."""
    outline = {
        "version": 1,
        "findings": [],
        "summary": {
            "files_scanned": report.files_scanned,
            "files_skipped": report.files_skipped,
            "findings": len(report.findings),
            "errors": report.errors,
            "warnings": report.warnings,
        },
    }
    write_indented_json(outline, (f.to_json() for f in report.findings), stream)


@lru_cache(maxsize=8)
def _flat_encoder(indent: int) -> json.JSONEncoder:
    """Writes a flat object's members as `indent=2` lays them out `indent` spaces in."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * indent, ": "))


BATCH = 2048


def write_indented_json(
    outline: dict[str, Any], items: Iterable[dict[str, Any]], stream: TextIO, *, key: str = "findings"
) -> None:
    """`json.dumps(outline, indent=2, ensure_ascii=False)` with `items` as the list at `key`
    (an empty list somewhere in `outline`).

    Python's encoder leaves C for any `indent`, and a report built whole holds every
    finding twice over (as objects, then as text). Here each flat item is written by the
    C encoder with separators that carry the indentation (the same text), a nested one by
    itself, a batch at a time: memory stays flat however many findings a run has.
    """
    placeholder = f'"{key}": []'
    head, _, tail = json.dumps(outline, indent=2, ensure_ascii=False).partition(placeholder)
    pad = " " * (len(head.rpartition("\n")[2]) + 2)  # the key's indentation, one level in
    flat = _flat_encoder(len(pad) + 2)
    opening = head + f'"{key}": [\n'
    batch: list[str] = []
    started = False
    for item in items:
        if any(isinstance(value, (dict, list)) for value in item.values()):
            nested = json.dumps(item, indent=2, ensure_ascii=False)
            batch.append("\n".join(pad + line for line in nested.split("\n")))
        else:
            batch.append(f"{pad}{{\n{pad}  {flat.encode(item)[1:-1]}\n{pad}}}")
        if len(batch) == BATCH:
            stream.write((",\n" if started else opening) + ",\n".join(batch))
            started, batch = True, []
    if batch:
        stream.write((",\n" if started else opening) + ",\n".join(batch))
        started = True
    stream.write((f"\n{pad[:-2]}]" if started else head + placeholder) + tail + "\n")


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def write_github(report: Report, stream: TextIO) -> None:
    """GitHub Actions workflow commands that annotate the changed lines of a pull request."""
    for f in report.findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        line, column, end_line, end_column = f.file_span
        properties = ",".join(
            [
                f"file={_escape_github(f.path, property_value=True)}",
                f"line={line}",
                f"col={column}",
                f"endLine={end_line}",
                f"endColumn={end_column}",
                f"title={_escape_github(f'vocab-lint {f.rule.value} [{f.term}]', property_value=True)}",
            ]
        )
        stream.write(f"::{level} {properties}::{_escape_github(_message_in_file(f))}\n")


def _message_in_file(f: Finding) -> str:
    """The message, naming the cell and its line where the file's position is not the cell's."""
    return f.message if f.cell is None else f"cell {f.cell}, line {f.line}, column {f.column}: {f.message}"


def write_sarif(report: Report, stream: TextIO) -> None:
    """SARIF 2.1.0: one rule per rule id, results with regions, fixes where safe."""
    rules = [
        {
            "id": rule.value,
            "name": rule.name.title().replace("_", ""),
            "shortDescription": {"text": info.summary},
            "help": {"text": info.summary},
            "defaultConfiguration": {"level": info.severity.value},
        }
        for rule, info in RULES.items()
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vocab-lint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/vocab-lint/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [],
            }
        ],
    }
    index = {rule.value: position for position, rule in enumerate(RULES)}
    write_indented_json(sarif, (_sarif_result(f, index[f.rule.value]) for f in report.findings), stream, key="results")


def _sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    line, column, end_line, end_column = f.file_span
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    location = {"physicalLocation": {"artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"}, "region": region}}
    properties: dict[str, Any] = {"term": f.term, "context": f.context.value, "matched": f.matched}
    if f.cell is not None:
        properties |= {"cell": f.cell, "cellLine": f.line, "cellColumn": f.column}
    result: dict[str, Any] = {
        "ruleId": f.rule.value,
        "ruleIndex": rule_index,
        "level": f.severity.value,
        "message": {"text": _message_in_file(f)},
        "locations": [location],
        "properties": properties,
    }
    # A notebook's source is stored as JSON strings: a fix is offered in its own format only.
    if f.fixable and f.replacement is not None and f.end_column > f.column and f.cell is None:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with '{f.replacement}'"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "replacements": [{"deletedRegion": region, "insertedContent": {"text": f.replacement}}],
                    }
                ],
            }
        ]
    return result


def write_junit(report: Report, stream: TextIO) -> None:
    """JUnit XML: one failing test case per file with findings (one failure element per
    finding), laid out as ElementTree indents it, and written one failure at a time."""
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    counts = f'tests="{max(len(by_path), 1)}" failures="{len(by_path)}"'
    stream.write(
        f"<?xml version='1.0' encoding='utf-8'?>\n<testsuites name=\"vocab-lint\" {counts}>\n"
        f'  <testsuite name="vocab-lint" {counts} errors="0">\n'
    )
    if not by_path:
        name = _xml_attribute(f"{report.files_scanned} files scanned")
        stream.write(f'    <testcase classname="vocab-lint" name="{name}" />\n')
    for path, findings in sorted(by_path.items()):
        stream.write(f'    <testcase classname="vocab-lint" name="{_xml_attribute(path)}">\n')
        stream.writelines(
            f'      <failure type="{_xml_attribute(f.rule.value)}" '
            f'message="{_xml_attribute(f"{_position(f)}: {f.message}")}">'
            f"{_xml_text(f'{f.location}: {f.rule.value} [{f.term}] {f.message}')}</failure>\n"
            for f in findings
        )
        stream.write("    </testcase>\n")
    stream.write("  </testsuite>\n</testsuites>\n")


def _position(f: Finding) -> str:
    """`line:col`, or `cell N:line:col` in a notebook."""
    return f.location[len(f.path) + 1 :]


# What ElementTree escapes in attribute values and in text (one pass: `&` is never re-escaped).
_XML_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _xml_attribute(value: str) -> str:
    return value.translate(_XML_ATTRIBUTE)


def _xml_text(value: str) -> str:
    return value.translate(_XML_TEXT)


def write_gitlab(report: Report, stream: TextIO) -> None:
    """GitLab Code Quality JSON (the `codequality` report of a merge request), one issue
    at a time (as `json.dumps(issues, indent=2)` lays the list out)."""
    from lint.report.baseline import finding_key

    seen: Counter[tuple[str, ...]] = Counter()
    separator = "[\n"
    for f in report.findings:
        # Stable across moved lines: the baseline key plus the occurrence number of that key.
        key = finding_key(f, report.sources.get(f.source_key, []))
        seen[key] += 1
        line, column, end_line, end_column = f.file_span
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        issue = {
            "description": f"[{f.term}] {_message_in_file(f)}",
            "check_name": f.rule.value,
            "fingerprint": fingerprint,
            "severity": "major" if f.severity is Severity.ERROR else "minor",
            "location": {
                "path": f.path,
                "positions": {
                    "begin": {"line": line, "column": column},
                    "end": {"line": end_line, "column": end_column},
                },
            },
        }
        lines = json.dumps(issue, indent=2, ensure_ascii=False).split("\n")
        stream.write(separator + "\n".join("  " + line for line in lines))
        separator = ",\n"
    stream.write("[]\n" if separator == "[\n" else "\n]\n")


def write_statistics(findings: Sequence[Finding], stream: TextIO) -> None:
    """Counts per rule and term, most frequent first."""
    counts = Counter((f.rule.value, f.term) for f in findings)
    for (rule, term), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stream.write(f"{count:6d}  {rule:<30} {term}\n")


Writer = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Writer] = {
    "text": write_text,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
    "junit": write_junit,
    "gitlab": write_gitlab,
}
