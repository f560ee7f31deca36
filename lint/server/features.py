"""What the server answers: diagnostics, code actions and hovers, from a linted buffer."""

from __future__ import annotations

from lsprotocol import types

from lint.engine.engine import Engine
from lint.engine.hits import Kind
from lint.findings import Finding
from lint.rules import Severity
from lint.server.buffers import Linted
from lint.server.positions import Positions
from lint.vocabulary.model import MovedModule, ProseWord, RetiredName, Term, Vocabulary

RULES_URL = "https://vocab-lint.github.io/vocab-lint/rules/#{rule}"
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
            code_description=types.CodeDescription(href=RULES_URL.format(rule=finding.rule.value)),
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
    for finding in linted.findings:
        if (finding.end_line, finding.end_column) < start or (finding.line, finding.column) > end:
            continue
        if linted.fixable_alone(finding):
            assert finding.replacement is not None
            edit = types.TextEdit(range=positions.range_of(finding), new_text=finding.replacement)
            actions.append(_action(f"Replace '{finding.matched}' with '{finding.replacement}'", uri, [edit], True))
        allow = _allow_edit(linted, positions, finding)
        if allow is not None:
            actions.append(_action(f"Allow [{finding.term}] here", uri, [allow], False, kind="quickfix"))
    fixed = linted.fix_all()
    if fixed != linted.text:
        edit = types.TextEdit(range=positions.document_range(), new_text=fixed)
        actions.append(_action("Fix all vocabulary findings in this file", uri, [edit], False, kind=FIX_ALL))
    return actions


def _action(
    title: str, uri: str, edits: list[types.TextEdit], preferred: bool, *, kind: str = types.CodeActionKind.QuickFix
) -> types.CodeAction:
    return types.CodeAction(
        title=title, kind=kind, is_preferred=preferred or None, edit=types.WorkspaceEdit(changes={uri: edits})
    )


def _allow_edit(linted: Linted, positions: Positions, finding: Finding) -> types.TextEdit | None:
    """A directive line above the finding: its line, or the first line of its block where
    the format's directives govern blocks (a paragraph, list or table)."""
    file_format = linted.job.format
    if finding.line < 1 or not finding.matched or file_format is None:
        return None
    lines = positions.lines
    line = finding.line
    if file_format.directive_governs_block:
        while line > 1 and lines[line - 2].strip():
            line -= 1
    text = lines[line - 1] if line <= len(lines) else ""
    indent = text[: len(text) - len(text.lstrip())]
    directive = file_format.directive(f"vocab-lint: allow[{finding.term}]")
    at = types.Position(line=line - 1, character=0)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=f"{indent}{directive}\n")


def hover(engine: Engine, positions: Positions, position: types.Position) -> types.Hover | None:
    """The glossary entry of the vocabulary word under the cursor, in any spelling."""
    line, column = positions.from_client(position)
    text = positions.lines[line - 1] if line <= len(positions.lines) else ""
    for match in engine.matcher.find(text):
        if match.start <= column - 1 < match.end:
            entry = match.payload
            body = entry_markdown(engine.vocabulary, entry.item, retired_spelling=entry.kind is Kind.AVOID)
            span = types.Range(
                start=positions.to_client(line, match.start + 1), end=positions.to_client(line, match.end + 1)
            )
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=body), range=span)
    return None


def entry_markdown(
    vocabulary: Vocabulary, item: Term | RetiredName | ProseWord | MovedModule, *, retired_spelling: bool = False
) -> str:
    """A vocabulary entry as the glossary shows it, in Markdown."""
    categories = {c.id: c.title for c in vocabulary.categories}
    if isinstance(item, Term):
        lines = [f"**{item.name}** · {categories.get(item.category, item.category)}", "", item.definition]
        if retired_spelling:
            lines[:0] = [f"Say **{item.name}** (this spelling is to be avoided).", ""]
        if item.code_names:
            lines += ["", "Code names: " + ", ".join(f"`{c.name}`" for c in item.code_names)]
        if item.aliases:
            lines += ["", "Also written: " + ", ".join(item.aliases)]
        if item.see_also:
            names = {t.id: t.name for t in vocabulary.terms}
            lines += ["", "See also: " + ", ".join(names.get(i, i) for i in item.see_also)]
        return "\n".join(lines)
    if isinstance(item, RetiredName):
        instead = " or ".join(f"`{r}`" for r in item.replacements) or "nothing"
        lines = [f"**`{item.name}`** was {item.kind.value}: use {instead}."]
        if item.message:
            lines += ["", item.message]
        for replacement in item.replacements:
            term = _term_named(vocabulary, replacement)
            if term is not None:
                lines += ["", "---", "", entry_markdown(vocabulary, term)]
        return "\n".join(lines)
    if isinstance(item, ProseWord):
        return f"**{item.word}** describes the old design." + (f"\n\n{item.message}" if item.message else "")
    return f"**`{item.old}`** moved to " + " or ".join(f"`{n}`" for n in item.new) + "."


def _term_named(vocabulary: Vocabulary, name: str) -> Term | None:
    from lint.site.glossary import term_for

    return term_for(vocabulary, name)
