"""Safe fixes: rename stale names at their exact spans, in the style of the text they replace.

Every fixable finding already carries its replacement, spelled like the matched text
(`legacy_parser` -> `document_reader`). Edits are applied at the findings'
spans, so formatting and comments survive untouched. A Python result must parse with
LibCST, and no renamed identifier may take a name that its LibCST scope already has;
otherwise the file is left as it was and the refusal is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lint.findings import Context, Finding
from lint.lines import LineIndex
from lint.rules import Rule


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement`."""

    start: int
    end: int
    replacement: str
    finding: Finding


@dataclass(frozen=True)
class FixResult:
    """The fixed text of one file and what was applied, or why nothing was."""

    fixed: str
    applied: tuple[Finding, ...]
    refusal: str | None = None


def edits_for(text: str, findings: Sequence[Finding], *, unsafe: bool = False) -> list[Edit]:
    """Non-overlapping edits for the fixable findings whose span still holds their text."""
    lines = LineIndex(text)
    edits: list[Edit] = []
    for finding in findings:
        if finding.replacement is None or finding.context is Context.FILENAME:
            continue
        if not (finding.fixable or unsafe) or finding.replacement == finding.matched:
            continue
        start = lines.offset(finding.line, finding.column)
        end = lines.offset(finding.end_line, finding.end_column)
        if start is not None and end is not None and text[start:end] == finding.matched:
            edits.append(Edit(start, end, finding.replacement, finding))
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not chosen or edit.start >= chosen[-1].end:
            chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with the (sorted, non-overlapping) edits applied."""
    pieces = []
    cursor = 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def fix_text(
    text: str, findings: Sequence[Finding], *, python: bool, unsafe: bool = False, members: frozenset[str] = frozenset()
) -> FixResult:
    """Apply the fixes of one file; a Python file must still parse and keep its names apart.

    `members` are the ids of entries that rename a module's members (qualified names):
    `np.Inf` -> `np.inf` next to an existing `np.inf` is the same module's attribute, not
    two of the file's own attributes merged.
    """
    edits = edits_for(text, findings, unsafe=unsafe)
    if not edits:
        return FixResult(text, ())
    fixed = apply_edits(text, edits)
    if python:
        refusal = _python_refusal(text, fixed, edits, members)
        if refusal is not None:
            return FixResult(text, (), refusal)
    return FixResult(fixed, tuple(edit.finding for edit in edits))


def _python_refusal(original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
    import libcst as cst

    try:
        cst.parse_module(fixed)
    except (cst.ParserSyntaxError, RecursionError) as exc:
        return f"the fixed file would not parse ({exc.__class__.__name__}); nothing was changed"
    refusal = _compile_refusal(original, fixed)
    if refusal is not None:
        return refusal
    try:
        return _collision(cst.parse_module(original), edits, members)
    except (cst.ParserSyntaxError, RecursionError):
        return "the file does not parse, so renames cannot be checked for collisions; nothing was changed"


def _compile_refusal(original: str, fixed: str) -> str | None:
    """A file that compiled before must compile after: duplicate keyword arguments and
    parameters parse, but the compiler refuses them. Compiling runs nothing."""
    try:
        compile(original, "<original>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # syntax newer than this Python, or broken before: LibCST's parse decides
    try:
        compile(fixed, "<fixed>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"the fixed file would not compile ({exc.msg}, line {exc.lineno}); nothing was changed"
    except (ValueError, RecursionError, MemoryError):
        return "the fixed file would not compile; nothing was changed"
    return None


def _collision(module: object, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
    """A rename whose new name already exists in the scope of the renamed identifier."""
    import libcst as cst
    from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider, ScopeProvider

    assert isinstance(module, cst.Module)
    merged = _merged_attribute(module, [edit for edit in edits if edit.finding.term not in members])
    if merged is not None:
        return merged
    renames = [e for e in edits if e.finding.context in (Context.IDENTIFIER, Context.IMPORT)]
    if not renames:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    scopes = wrapper.resolve(ScopeProvider)
    names_by_line: dict[int, list[tuple[cst.Name, CodeRange]]] = {}  # a rename asks only its own line
    for node, where in positions.items():
        if isinstance(node, cst.Name):
            names_by_line.setdefault(where.start.line, []).append((node, where))
    for edit in renames:
        finding = edit.finding
        for node, where in names_by_line.get(finding.line, []):
            first = where.start.column + 1
            if not first <= finding.column <= first + len(node.value):
                continue
            offset = finding.column - first
            new_name = node.value[:offset] + edit.replacement + node.value[offset + len(finding.matched) :]
            scope = scopes.get(node)
            if scope is not None and new_name != node.value and new_name in scope:
                return (
                    f"renaming '{node.value}' to '{new_name}' would collide with an existing "
                    f"'{new_name}'; nothing was changed"
                )
    return None


def _merged_attribute(module: object, edits: Sequence[Edit]) -> str | None:
    """A renamed attribute that would take the name of an attribute the file already uses.

    Attributes have no scope LibCST can resolve (`self.a` and `self.b` of one object), so
    any existing attribute of the new name counts as a collision.
    """
    import libcst as cst

    assert isinstance(module, cst.Module)
    renamed = [e for e in edits if e.finding.context is Context.ATTRIBUTE]
    if not renamed:
        return None
    existing: set[str] = set()

    class _Attributes(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            existing.add(node.attr.value)

    module.visit(_Attributes())
    for edit in renamed:
        if edit.replacement != edit.finding.matched and edit.replacement in existing:
            return (
                f"renaming the attribute '{edit.finding.matched}' to '{edit.replacement}' would merge it with "
                f"an existing attribute '{edit.replacement}'; nothing was changed"
            )
    return None


def refusal_finding(path: str, reason: str) -> Finding:
    """The finding that reports a refused fix."""
    return Finding(
        path=path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        rule=Rule.FIX_REFUSED,
        severity=Rule.FIX_REFUSED.default_severity,
        term="fix",
        matched="",
        context=Context.FILENAME,
        message=reason,
    )
