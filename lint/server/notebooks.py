"""Notebooks in the editor (LSP 3.17 notebook document sync): a notebook's cells, as the
editor holds them, are linted as the notebook file they will be saved as, and each cell
gets its own diagnostics and quick fixes, at positions inside the cell (as `ruff server`
does)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from lsprotocol import types

from lint.findings import Finding
from lint.formats import MARKDOWN, PYTHON
from lint.server.buffers import Linted
from lint.server.features import FIX_ALL, action, allow_edit, diagnostics, in_range
from lint.server.positions import Positions

SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            notebook="*", cells=[types.NotebookCellLanguage("python"), types.NotebookCellLanguage("markdown")]
        )
    ]
)


@dataclass(frozen=True)
class Cell:
    """One cell as the editor holds it: its document, kind and text."""

    uri: str
    code: bool
    text: str


def notebook_json(cells: list[Cell]) -> str:
    """The notebook file the cells make (outputs are not the linter's business)."""
    stored = []
    for number, cell in enumerate(cells):
        kind: dict[str, object] = {"cell_type": "markdown"}
        if cell.code:
            kind = {"cell_type": "code", "execution_count": None, "outputs": []}
        stored.append({**kind, "id": f"cell-{number}", "metadata": {}, "source": cell.text})
    return json.dumps({"cells": stored, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def cell_diagnostics(
    linted: Linted, cells: list[Cell], positions_of: Callable[[str], Positions]
) -> dict[str, list[types.Diagnostic]]:
    """Each cell's diagnostics (every cell has an entry: an empty list clears it)."""
    found: dict[str, list[types.Diagnostic]] = {}
    for number, cell in enumerate(cells, 1):
        mine = tuple(f for f in linted.findings if f.cell == number)
        found[cell.uri] = diagnostics(replace(linted, findings=mine), positions_of(cell.text))
    return found


def cell_actions(
    linted: Linted, cells: list[Cell], number: int, positions: Positions, wanted: types.Range
) -> list[types.CodeAction]:
    """Quick fixes and "allow here" for one cell's findings in `wanted`, and a fix-all of the cell."""
    cell = cells[number - 1]
    actions: list[types.CodeAction] = []
    wanted_findings = in_range((f for f in linted.findings if f.cell == number), positions, wanted)
    fixable = linted.fixable(wanted_findings)
    for finding in wanted_findings:
        if finding in fixable:
            assert finding.replacement is not None
            edit = types.TextEdit(range=positions.range_of(finding), new_text=finding.replacement)
            actions.append(action(f"Replace '{finding.matched}' with '{finding.replacement}'", cell.uri, [edit], True))
        allow = allow_edit(PYTHON if cell.code else MARKDOWN, positions, _in_cell(finding))
        if allow is not None:
            actions.append(action(f"Allow [{finding.term}] here", cell.uri, [allow], False))
    fixed = _fixed_cell(linted, number)
    if fixed is not None and fixed != cell.text:
        edit = types.TextEdit(range=positions.document_range(), new_text=fixed)
        actions.append(action("Fix all vocabulary findings in this cell", cell.uri, [edit], False, kind=FIX_ALL))
    return actions


def _in_cell(finding: Finding) -> Finding:
    return replace(finding, cell=None, in_file=None)


def _fixed_cell(linted: Linted, number: int) -> str | None:
    from lint.formats.notebook.scanner import NotANotebook, read_notebook

    try:
        return read_notebook(linted.fix_all()).sources[number - 1]
    except (NotANotebook, IndexError):
        return None
