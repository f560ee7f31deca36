"""Safe fixes: rename stale names at their exact spans, in the style of the text they replace.

Every fixable finding already carries its replacement, spelled like the matched text
(`legacy_parser` -> `document_reader`). Edits are applied at the findings'
spans, so formatting and comments survive untouched. Each format checks the fixed text
(`Format.fix_refusal`: a Python file must still parse and keep its names apart); a text
that fails is left as it was and the refusal is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lint.findings import Context, Edit, Finding
from lint.rules import Rule

if TYPE_CHECKING:
    from lint.formats import Format


@dataclass(frozen=True)
class FixResult:
    """The fixed text of one file and what was applied, or why nothing was."""

    fixed: str
    applied: tuple[Finding, ...]
    refusal: str | None = None


def edits_for(
    text: str, findings: Sequence[Finding], file_format: Format, *, unsafe: bool = False
) -> tuple[list[Edit], list[Finding]]:
    """Non-overlapping edits for the fixable findings, and the fixable findings whose span
    does not hold their text (a scanner that could not place them exactly)."""
    edits: list[Edit] = []
    unplaced: list[Finding] = []
    for finding in findings:
        if finding.replacement is None or finding.context is Context.FILENAME:
            continue
        if not (finding.fixable or unsafe) or finding.replacement == finding.matched:
            continue
        span = file_format.locate(text, finding)
        if span is None:
            unplaced.append(finding)
        else:
            edits.append(Edit(span[0], span[1], file_format.escape(finding.replacement), finding))
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not chosen or edit.start >= chosen[-1].end:
            chosen.append(edit)
    return chosen, unplaced


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
    text: str,
    findings: Sequence[Finding],
    *,
    file_format: Format,
    unsafe: bool = False,
    members: frozenset[str] = frozenset(),
) -> FixResult:
    """Apply the fixes of one file; the fixed text must pass its format's check, and every
    fixable finding must stand where it says (else nothing is fixed).

    `members` are the ids of entries that rename a module's members (qualified names):
    `np.Inf` -> `np.inf` next to an existing `np.inf` is the same module's attribute, not
    two of the file's own attributes merged.
    """
    edits, unplaced = edits_for(text, findings, file_format, unsafe=unsafe)
    if unplaced:
        where = ", ".join(f"'{f.matched}' (line {f.line})" for f in unplaced[:3])
        return FixResult(text, (), f"{where} could not be placed exactly in the file; nothing was fixed")
    if not edits:
        return FixResult(text, ())
    fixed = apply_edits(text, sorted([*edits, *file_format.companion_edits(text, edits)], key=lambda e: e.start))
    refusal = file_format.fix_refusal(text, fixed, edits, members)
    if refusal is not None:
        return FixResult(text, (), refusal)
    return FixResult(fixed, tuple(edit.finding for edit in edits))


def refusal_finding(path: str, reason: str) -> Finding:
    """The finding that reports a refused fix."""
    return Finding.of_file(path, Rule.FIX_REFUSED, "fix", Context.FILENAME, reason)
