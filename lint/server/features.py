"""What the server answers: diagnostics, code actions and hovers, from a linted buffer."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from lint.engine.engine import Engine
from lint.engine.entries import Kind, rules_for
from lint.findings import Finding
from lint.formats import Format
from lint.rules import Severity, rule_url
from lint.server.buffers import Linted
from lint.server.positions import Positions

SOURCE = "vocab-lint"
FIX_ALL = types.CodeActionKind.SourceFixAll + ".vocab-lint"


def diagnostics(linted: Linted, positions: Positions) -> list[types.Diagnostic]:
    """One diagnostic per finding, with the rule as its code and a link to the rule's docs."""
    return [
        types.Diagnostic(
            range=positions.range_of(finding),
            message=_message(finding),
            severity=types.DiagnosticSeverity.Error
            if finding.severity is Severity.ERROR
            else types.DiagnosticSeverity.Warning,
            code=finding.rule.value,
            code_description=types.CodeDescription(href=rule_url(finding.rule)),
            source=SOURCE,
            data={"term": finding.term},
        )
        for finding in linted.findings
    ]


def _message(finding: Finding) -> str:
    if finding.replacement is None or finding.replacement in finding.message:
        return f"[{finding.term}] {finding.message}"
    return f"[{finding.term}] {finding.message} (replace with '{finding.replacement}')"


def code_actions(linted: Linted, positions: Positions, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    """Quick fixes and "allow here" for the findings in `wanted`, and a fix-all for the file."""
    start, end = positions.from_client(wanted.start), positions.from_client(wanted.end)
    actions: list[types.CodeAction] = []
    wanted_findings = [
        f for f in linted.findings if not ((f.end_line, f.end_column) < start or (f.line, f.column) > end)
    ]
    fixable = linted.fixable(wanted_findings)
    for finding in wanted_findings:
        file_format = linted.job.format
        if finding in fixable and file_format is not None:
            assert finding.replacement is not None
            # Written as the file stores text (a notebook opened as JSON: escaped).
            edit = types.TextEdit(range=positions.range_of(finding), new_text=file_format.escape(finding.replacement))
            actions.append(action(f"Replace '{finding.matched}' with '{finding.replacement}'", uri, [edit], True))
        allow = allow_edit(file_format, positions, finding) if file_format is not None else None
        if allow is not None:
            actions.append(action(f"Allow [{finding.term}] here", uri, [allow], False))
    fixed = linted.fix_all()
    if fixed != linted.text:
        edit = types.TextEdit(range=positions.document_range(), new_text=fixed)
        actions.append(action("Fix all vocabulary findings in this file", uri, [edit], False, kind=FIX_ALL))
    return actions


def in_range(findings: Iterable[Finding], positions: Positions, wanted: types.Range) -> list[Finding]:
    """The findings that touch the client's range."""
    start, end = positions.from_client(wanted.start), positions.from_client(wanted.end)
    return [f for f in findings if not ((f.end_line, f.end_column) < start or (f.line, f.column) > end)]


def action(
    title: str, uri: str, edits: list[types.TextEdit], preferred: bool, *, kind: str = types.CodeActionKind.QuickFix
) -> types.CodeAction:
    return types.CodeAction(
        title=title, kind=kind, is_preferred=preferred or None, edit=types.WorkspaceEdit(changes={uri: edits})
    )


def allow_edit(file_format: Format, positions: Positions, finding: Finding) -> types.TextEdit | None:
    """A directive line above the finding, in the comments of `file_format`: its line, or the
    first line of its block where the format's directives govern blocks (a paragraph, list
    or table)."""
    if finding.line < 1 or not finding.matched:
        return None
    lines = positions.lines
    line = finding.line
    if file_format.directive_governs_block:
        while line > 1 and lines[line - 2].strip():
            line -= 1
    text = lines[line - 1] if line <= len(lines) else ""
    indent = text[: len(text) - len(text.lstrip())]
    directive = file_format.directive(f"vocab-lint: allow[{finding.term}]")
    if directive is None:
        return None
    at = types.Position(line=line - 1, character=0)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=f"{indent}{directive}\n")


def hover(engine: Engine, positions: Positions, position: types.Position) -> types.Hover | None:
    """The glossary entry of the vocabulary word under the cursor, in any spelling."""
    line, column = positions.from_client(position)
    text = positions.lines[line - 1] if line <= len(positions.lines) else ""
    for match in engine.matcher.find(text):
        if match.start <= column - 1 < match.end:
            entry = match.payload
            body = rules_for(entry.item).hover(engine.vocabulary, entry.item, avoided=entry.kind is Kind.AVOID)
            span = types.Range(
                start=positions.to_client(line, match.start + 1), end=positions.to_client(line, match.end + 1)
            )
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=body), range=span)
    return None
