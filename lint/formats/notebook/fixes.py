"""The check a fixed notebook must pass: it reads and validates with nbformat, its code
cells pass the Python check as one module, and every cell keeps its kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lint.findings import Edit
from lint.formats.notebook.scanner import NotANotebook, read_notebook, validation_problem
from lint.formats.python.fixes import python_refusal
from lint.text.lines import LineIndex


def notebook_refusal(original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
    """Why the fixed notebook must not be written (None: it may)."""
    problem = validation_problem(fixed)
    if problem is not None:
        return f"the fixed notebook would not be valid ({problem}); nothing was changed"
    try:
        before = read_notebook(original)
        after = read_notebook(fixed)
    except NotANotebook as exc:
        return f"the fixed notebook would not be valid ({exc}); nothing was changed"
    if after.kinds != before.kinds:
        return "the fixed notebook's cells would change; nothing was changed"
    module = before.module
    lines = LineIndex(module.text)
    in_module: list[Edit] = []
    for edit in edits:
        finding = edit.finding
        if finding.cell is None or before.kinds[finding.cell - 1] != "code":
            continue
        cell_lines = LineIndex(before.sources[finding.cell - 1])
        start = module.to_module(finding.cell, cell_lines.offset(finding.line, finding.column) or 0)
        if start is None:
            continue
        line, column = lines.position(start)
        moved = replace(finding, line=line, column=column, end_line=line, end_column=column + len(finding.matched))
        in_module.append(Edit(start, start + len(finding.matched), finding.replacement or "", moved))
    if not in_module:
        return None
    return python_refusal(module.text, after.module.text, in_module, members)
