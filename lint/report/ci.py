"""The formats of CI systems and review bots: GitHub annotations, JUnit XML, GitLab Code
Quality and reviewdog's rdjson."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO

from lint.findings import Finding
from lint.report.json_report import write_indented_json
from lint.report.report import Report
from lint.rules import Rule, Severity, docs_url, rule_url


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
        stream.write(f"::{level} {properties}::{_escape_github(f.message_in_file)}\n")


def write_junit(report: Report, stream: TextIO) -> None:
    """JUnit XML: a failing test case per finding (class name the path, name the rule, term
    and position, with `file` and `line`), a passing one per clean file; laid out as
    ElementTree indents it, and written a case at a time."""
    by_path: dict[str, list[Finding]] = {path: [] for path in report.scanned_paths}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    cases = sum(len(findings) or 1 for findings in by_path.values())
    counts = f'tests="{cases}" failures="{len(report.findings)}"'
    suite = f'<testsuite name="vocab-lint" {counts} errors="0" skipped="0"'
    stream.write(f"<?xml version='1.0' encoding='utf-8'?>\n<testsuites name=\"vocab-lint\" {counts}>\n")
    if not by_path:  # no file scanned: an empty suite, as ElementTree writes one
        stream.write(f"  {suite} />\n</testsuites>\n")
        return
    stream.write(f"  {suite}>\n")
    for path, findings in sorted(by_path.items()):
        where = f'classname="{_xml_attribute(path)}"'
        if not findings:
            stream.write(f'    <testcase {where} name="no findings" file="{_xml_attribute(path)}" />\n')
        for f in findings:
            name = _xml_attribute(f"{f.rule.value} [{f.term}] at {_position(f)}")
            line = f.file_span[0]
            stream.write(
                f'    <testcase {where} name="{name}" file="{_xml_attribute(path)}" line="{line}">\n'
                f'      <failure type="{_xml_attribute(f.rule.value)}" message="{_xml_attribute(f.message)}">'
                f"{_xml_text(f'{f.location}: {f.rule.value} [{f.term}] {f.message}')}</failure>\n"
                "    </testcase>\n"
            )
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


# Code Climate's categories, which GitLab shows: a retired name breaks code that still uses
# it; a wrong word misleads a reader; the rest is about the run itself.
_CATEGORIES = {
    Rule.REMOVED_NAME: "Compatibility",
    Rule.DEPRECATED_NAME: "Compatibility",
    Rule.MOVED_MODULE: "Compatibility",
    Rule.NON_CANONICAL_TERM: "Clarity",
    Rule.PROSE_WORD: "Clarity",
    Rule.CONFLATED_TERMS: "Clarity",
    Rule.INTERNAL_TERM_IN_PUBLIC_DOCS: "Clarity",
}


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
            "type": "issue",
            "description": f"[{f.term}] {f.message_in_file}",
            "check_name": f.rule.value,
            "categories": [_CATEGORIES.get(f.rule, "Bug Risk")],
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


def write_rdjson(report: Report, stream: TextIO) -> None:
    """reviewdog's Diagnostic Format: a diagnostic per finding, its rule's code and address,
    and the safe fix as a suggestion (`reviewdog -f=rdjson` posts it as a suggested change)."""
    outline = {"source": {"name": "vocab-lint", "url": docs_url()}, "diagnostics": []}
    write_indented_json(outline, (_diagnostic(report, f) for f in report.findings), stream, key="diagnostics")


def _diagnostic(report: Report, f: Finding) -> dict[str, Any]:
    span = _byte_range(report, f)
    diagnostic: dict[str, Any] = {
        "message": f"[{f.term}] {f.message_in_file}",
        "location": {"path": f.path, "range": span},
        "severity": "ERROR" if f.severity is Severity.ERROR else "WARNING",
        "source": {"name": "vocab-lint", "url": docs_url()},
        "code": {"value": f.rule.value, "url": rule_url(f.rule)},
    }
    if f.applicability == "safe" and f.replacement is not None and f.cell is None:
        diagnostic["suggestions"] = [{"range": span, "text": f.replacement}]
    return diagnostic


def _byte_range(report: Report, f: Finding) -> dict[str, dict[str, int]]:
    """The span with rdjson's columns: 1-based, counted in UTF-8 bytes (a notebook cell's
    stored line is JSON text, counted as characters)."""
    line, column, end_line, end_column = f.file_span
    lines = report.sources.get(f.source_key, []) if f.cell is None else []

    def in_bytes(number: int, characters: int) -> int:
        if not 1 <= number <= len(lines):
            return characters
        return len(lines[number - 1][: characters - 1].encode("utf-8")) + 1

    return {
        "start": {"line": line, "column": in_bytes(line, column)},
        "end": {"line": end_line, "column": in_bytes(end_line, end_column)},
    }
