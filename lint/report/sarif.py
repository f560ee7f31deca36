"""SARIF 2.1.0 (`--output-format sarif`): for GitHub code scanning and SARIF viewers.

Paths are relative URIs (percent-encoded as RFC 3986 wants: a space, `#` or `%` in a file
name would otherwise end the path or start a fragment) against `%SRCROOT%`, which
`originalUriBaseIds` sets to the folder the run started in. Each rule carries its
explanation and its one documentation address.
"""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import quote

from lint import __version__
from lint.findings import Finding
from lint.report.json_report import write_indented_json
from lint.report.report import Report
from lint.rules import RULES, docs_url, rule_url

SRCROOT = "%SRCROOT%"


def write_sarif(report: Report, stream: TextIO) -> None:
    """One run: a rule per rule id, results with regions, fixes where safe."""
    rules = [
        {
            "id": rule.value,
            "name": rule.name.title().replace("_", ""),
            "shortDescription": {"text": info.summary},
            "fullDescription": {"text": info.explanation.replace("\n", " ")},
            "helpUri": rule_url(rule),
            "help": {"text": f"{info.summary} Fix: {info.fix}.", "markdown": f"{info.explanation}\n\nFix: {info.fix}."},
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
                        "informationUri": docs_url(),
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": report.cwd.resolve().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [],
            }
        ],
    }
    index = {rule.value: position for position, rule in enumerate(RULES)}
    write_indented_json(sarif, (_result(f, index[f.rule.value]) for f in report.findings), stream, key="results")


def artifact_uri(path: str) -> str:
    """A report path as a relative URI reference: every character RFC 3986 does not allow
    unescaped in a path (space, `#`, `%`, `?`, letters beyond ASCII, ...) percent-encoded."""
    return quote(path, safe="/")


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    line, column, end_line, end_column = f.file_span
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    artifact = {"uri": artifact_uri(f.path), "uriBaseId": SRCROOT}
    location = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    properties: dict[str, Any] = {"term": f.term, "context": f.context.value, "matched": f.matched}
    if f.cell is not None:
        properties |= {"cell": f.cell, "cellLine": f.line, "cellColumn": f.column}
    result: dict[str, Any] = {
        "ruleId": f.rule.value,
        "ruleIndex": rule_index,
        "level": f.severity.value,
        "message": {"text": f.message_in_file},
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
                        "artifactLocation": artifact,
                        "replacements": [{"deletedRegion": region, "insertedContent": {"text": f.replacement}}],
                    }
                ],
            }
        ]
    return result
