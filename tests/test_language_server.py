"""`vocab-lint server`, driven over stdio by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import CAPACITY_FILE, write

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "lint", "server"])
STALE = "manager = ThrottleManager()\n"


def _capabilities(encoding: str | None) -> types.ClientCapabilities:
    general = types.GeneralClientCapabilities(position_encodings=[encoding]) if encoding else None
    return types.ClientCapabilities(
        general=general,
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source.fixAll"])
                )
            ),
        ),
    )


@pytest_lsp.fixture(config=SERVER, params=[None, "utf-8", "utf-32"])
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> Any:
    encoding = request.param
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=_capabilities(encoding), root_uri=None, process_id=None)
    )
    lsp_client.encoding = encoding or "utf-16"  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> list[types.Diagnostic]:
    if not (path.parent / "vocab.yaml").exists():
        write(path.parent, CAPACITY_FILE)  # the server finds the test copy, not the shipped default
    uri = from_fs_path(str(path))
    assert uri is not None
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


async def test_diagnostics_count_positions_in_the_negotiated_encoding(client: LanguageClient, tmp_path: Path) -> None:
    encoding: str = client.encoding  # type: ignore[attr-defined]
    prefix = "s = '😀é' ; "
    text = "# crlf line\r\n" + prefix + STALE
    [diagnostic] = await _open(client, tmp_path / "a.py", text)
    assert diagnostic.code == "removed-name"
    assert diagnostic.code_description is not None and diagnostic.code_description.href.endswith("#removed-name")
    assert "RequestAdmissionController" in diagnostic.message
    start = _units(prefix + "manager = ", encoding)
    assert diagnostic.range == types.Range(
        start=types.Position(line=1, character=start),
        end=types.Position(line=1, character=start + len("ThrottleManager")),
    )
    assert diagnostic.severity == types.DiagnosticSeverity.Error


async def test_unsaved_changes_are_linted_from_the_buffer(client: LanguageClient, tmp_path: Path) -> None:
    path = write(tmp_path, {"a.md": "Nothing stale on disk.\n"}) / "a.md"
    assert await _open(client, path, "Nothing stale yet.\n") == []
    uri = from_fs_path(str(path))
    assert uri is not None
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="The ThrottleManager is gone.\n")],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["removed-name"]
    assert path.read_text() == "Nothing stale on disk.\n"


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply UTF-16 or code-point edits to a text of one-byte characters."""
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = sum(len(line) for line in lines[: edit.range.start.line]) + edit.range.start.character
        end = sum(len(line) for line in lines[: edit.range.end.line]) + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
        lines = text.splitlines(keepends=True)
    return text


async def _actions_on_first_finding(
    client: LanguageClient, path: Path, text: str
) -> tuple[str, list[types.CodeAction]]:
    """Open `text` as `path` and ask for the code actions at its first diagnostic."""
    diagnostics = await _open(client, path, text)
    uri = from_fs_path(str(path))
    assert uri is not None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics[:1]),
        )
    )
    return uri, [action for action in actions or [] if isinstance(action, types.CodeAction)]


async def test_code_actions_fix_allow_and_fix_all(client: LanguageClient, tmp_path: Path) -> None:
    text = "x = 1\n" + STALE + "y = throttle_manager\n"
    uri, actions = await _actions_on_first_finding(client, tmp_path / "a.py", text)
    by_title = {action.title: action for action in actions}
    fix = by_title["Replace 'ThrottleManager' with 'RequestAdmissionController'"]
    allow = by_title["Allow [throttle-manager] here"]
    fix_all = by_title["Fix all vocabulary findings in this file"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix_all.kind == "source.fixAll.vocab-lint"
    edits = {name: action.edit.changes[uri] for name, action in (("fix", fix), ("allow", allow), ("all", fix_all))}  # type: ignore[union-attr,index]
    assert _apply(text, edits["fix"]) == "x = 1\nmanager = RequestAdmissionController()\ny = throttle_manager\n"
    assert (
        _apply(text, edits["allow"])
        == "x = 1\n# vocab-lint: allow[throttle-manager]\n" + STALE + "y = throttle_manager\n"
    )
    assert _apply(text, edits["all"]) == (
        "x = 1\nmanager = RequestAdmissionController()\ny = request_admission_controller\n"
    )


async def test_no_quick_fix_where_fix_would_refuse(client: LanguageClient, tmp_path: Path) -> None:
    text = "f(throttle_manager=1, request_admission_controller=2)\n"
    _, actions = await _actions_on_first_finding(client, tmp_path / "a.py", text)
    assert [action.title for action in actions] == ["Allow [throttle-manager] here"]


async def test_hover_shows_the_glossary_entry_for_any_spelling(client: LanguageClient, tmp_path: Path) -> None:
    text = "controller = request_admission_controller\nold = ThrottleManager\n"
    path = tmp_path / "a.py"
    await _open(client, path, text)
    uri = from_fs_path(str(path))
    assert uri is not None
    canonical = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=20)
        )
    )
    retired = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=8)
        )
    )
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=2)
        )
    )
    assert canonical is not None and retired is not None and nothing is None
    assert isinstance(canonical.contents, types.MarkupContent) and isinstance(retired.contents, types.MarkupContent)
    assert canonical.contents.value.startswith("**request admission**")
    assert retired.contents.value.startswith("**`ThrottleManager`** was removed: use `RequestAdmissionController`.")
    assert "**request admission**" in retired.contents.value


async def test_a_broken_vocabulary_is_shown_on_it_and_repairing_it_reloads(
    client: LanguageClient, tmp_path: Path
) -> None:
    vocab = tmp_path / "vocab.yaml"
    vocab.write_text("version: 1\nname: v\nterms: []\nremoved:\n  - name: OldThing\n")
    assert [d.code for d in await _open(client, tmp_path / "a.py", "x = OldThing()\n")] == ["removed-name"]
    vocab.write_text("version: 1\nname: v\nterms: []\nremoved:\n  - nmae: OldThing\n")
    vocab_uri = from_fs_path(str(vocab))
    assert vocab_uri is not None
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=vocab_uri, type=types.FileChangeType.Changed)])
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    problems = client.diagnostics[vocab_uri]
    assert problems and problems[0].range.start == types.Position(line=4, character=4)
    assert "nmae" in problems[0].message
    vocab.write_text("version: 1\nname: v\nterms: []\nremoved:\n  - name: NewThing\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=vocab_uri, type=types.FileChangeType.Changed)])
    )
    code_uri = from_fs_path(str(tmp_path / "a.py"))
    assert code_uri is not None
    await _until(client, lambda: not client.diagnostics[vocab_uri] and not client.diagnostics[code_uri])


async def _until(client: LanguageClient, settled: Callable[[], bool]) -> None:
    """Wait for diagnostics until `settled` holds (nothing runs between the check and the wait)."""
    while not settled():
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=120)


async def _open_notebook(client: LanguageClient, path: Path, cells: list[tuple[bool, str]]) -> list[str]:
    """Open a notebook of (code?, text) cells, as an editor with notebook sync does; the cell URIs."""
    if not (path.parent / "vocab.yaml").exists():
        write(path.parent, CAPACITY_FILE)
    uri = from_fs_path(str(path))
    assert uri is not None
    cell_uris = [f"vscode-notebook-cell:{path}#cell{number}" for number in range(len(cells))]
    kinds = {True: types.NotebookCellKind.Code, False: types.NotebookCellKind.Markup}
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    types.NotebookCell(kind=kinds[code], document=cell)
                    for (code, _), cell in zip(cells, cell_uris, strict=True)
                ],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=cell, language_id="python" if code else "markdown", version=1, text=text)
                for (code, text), cell in zip(cells, cell_uris, strict=True)
            ],
        )
    )
    while not all(cell in client.diagnostics for cell in cell_uris):
        # Each cell's diagnostics come as a notification of its own; one may arrive between
        # the check and the wait, so a wait that sees none in a second checks again.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 1)
    return cell_uris


async def test_a_notebook_s_cells_get_their_own_diagnostics_and_fixes(client: LanguageClient, tmp_path: Path) -> None:
    """Notebook document sync: each cell is linted as part of the notebook (an import of an
    earlier cell counts), and diagnostics and quick fixes stand at positions in the cell."""
    cells = [
        (False, "# Tour\n\nThe ThrottleManager admits."),
        (True, "x = 1\nmanager = ThrottleManager()"),
        (True, "y = 2"),
    ]
    markdown, code, clean = await _open_notebook(client, tmp_path / "tour.ipynb", cells)
    assert [(d.code, d.range.start.line, d.range.start.character) for d in client.diagnostics[markdown]] == [
        ("removed-name", 2, 4)
    ]
    [diagnostic] = client.diagnostics[code]
    assert (diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character) == ("removed-name", 1, 10)
    assert list(client.diagnostics[clean]) == []
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=code),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    titles = {action.title: action for action in actions or [] if isinstance(action, types.CodeAction)}
    rename = titles["Replace 'ThrottleManager' with 'RequestAdmissionController'"]
    assert rename.edit is not None and rename.edit.changes is not None
    assert _apply(cells[1][1], rename.edit.changes[code]) == "x = 1\nmanager = RequestAdmissionController()"
    allow = titles["Allow [throttle-manager] here"]
    assert allow.edit is not None and allow.edit.changes is not None
    assert [edit.new_text for edit in allow.edit.changes[code]] == ["# vocab-lint: allow[throttle-manager]\n"]


async def test_a_hover_renders_vocabulary_text_inert(client: LanguageClient, tmp_path: Path) -> None:
    """A definition holding an image, a link or HTML shows as text: hovering never makes the
    editor fetch an address the vocabulary names."""
    vocabulary = (
        "version: 1\nname: v\ncategories: [{id: c, title: C}]\nterms:\n"
        "  - name: request admission\n    category: c\n"
        '    definition: "Admits. ![x](http://evil.example/p.png) [y](http://evil.example) <img src=http://evil.example>"\n'
        "    code_names: [RequestAdmissionController]\n"
    )
    write(tmp_path, {"vocab.yaml": vocabulary})
    path = tmp_path / "a.py"
    await _open(client, path, "x = RequestAdmissionController\n")
    uri = from_fs_path(str(path))
    assert uri is not None
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 8))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert "![" not in value and "](" not in value and not re.search(r"(?<!\\)<img", value), value
    assert "\\!\\[x\\]\\(http\\:\\/\\/evil\\.example\\/p\\.png\\)" in value


async def test_requests_about_a_document_never_opened_are_answered_with_nothing(
    client: LanguageClient, tmp_path: Path
) -> None:
    """Nothing is read from the disk for a URI the editor did not open (the file may not exist)."""
    uri = from_fs_path(str(tmp_path / "missing.py"))
    assert uri is not None
    at = types.Position(line=0, character=0)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert hover is None and not actions


async def test_a_code_action_over_hundreds_of_findings_answers_each(client: LanguageClient, tmp_path: Path) -> None:
    """A whole-document range over 300 findings: a quick fix and an "allow" for each, and
    the fix-all, in one answer (the file is checked once for them all, not once each)."""
    text = "".join(f"manager_{n} = ThrottleManager()\n" for n in range(300))
    diagnostics = await _open(client, tmp_path / "a.py", text)
    assert len(diagnostics) == 300
    uri = from_fs_path(str(tmp_path / "a.py"))
    assert uri is not None
    everything = types.Range(start=types.Position(0, 0), end=types.Position(300, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=everything,
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    titles = [action.title for action in actions or [] if isinstance(action, types.CodeAction)]
    assert titles.count("Replace 'ThrottleManager' with 'RequestAdmissionController'") == 300
    assert titles.count("Allow [throttle-manager] here") == 300
    assert "Fix all vocabulary findings in this file" in titles


async def test_a_notebook_opened_as_text_is_placed_in_its_json(client: LanguageClient, tmp_path: Path) -> None:
    """An editor without notebook sync holds the .ipynb file as JSON text: diagnostics stand
    where the name is in that text (not at its place in a cell), a quick fix writes it
    escaped as JSON, and no directive is offered between the JSON's lines."""
    notebook = json.dumps(
        {
            "cells": [{"cell_type": "code", "execution_count": None, "id": "a", "metadata": {}, "outputs": [],
                       "source": ["x = 1\n", "y = ThrottleManager()"]}],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )  # fmt: skip
    path = tmp_path / "nb.ipynb"
    [diagnostic] = await _open(client, path, notebook)
    line = notebook.splitlines().index('    "y = ThrottleManager()"')
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (line, 9)
    uri = from_fs_path(str(path))
    assert uri is not None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    titles = [action.title for action in actions or [] if isinstance(action, types.CodeAction)]
    assert "Replace 'ThrottleManager' with 'RequestAdmissionController'" in titles
    assert not [title for title in titles if title.startswith("Allow")]


async def test_the_settings_file_selects_and_ignores_as_check_does(client: LanguageClient, tmp_path: Path) -> None:
    table = '[tool.vocab-lint]\nselect = ["removed-name"]\n\n[tool.vocab-lint.per-file-ignores]\n"tests/**" = ["throttle-manager"]\n'
    project = write(tmp_path, {**CAPACITY_FILE, "pyproject.toml": table})
    assert [d.code for d in await _open(client, project / "pkg" / "a.py", STALE)] == ["removed-name"]
    assert await _open(client, project / "tests" / "t.py", STALE) == []
    (project / "docs").mkdir()
    assert await _open(client, project / "docs" / "a.py", "# Requests are throttled per model.\n") == []


async def test_a_hover_shows_the_version_window_as_check_judges_it(client: LanguageClient, tmp_path: Path) -> None:
    vocabulary = (
        "version: 1\nname: v\nterms: []\ndeprecated:\n"
        "  - {name: numpy.trapz, qualified: true, replacement: numpy.trapezoid, package: numpy,\n"
        "     deprecated_in: '2.0', replacement_since: '2.0'}\n"
    )
    write(
        tmp_path,
        {"vocab.yaml": vocabulary, "pyproject.toml": '[project]\nname = "a"\ndependencies = ["numpy>=1.24"]\n'},
    )
    path = tmp_path / "a.py"
    (diagnostic,) = await _open(client, path, "import numpy\nnumpy.trapz([1])\n")
    assert "is deprecated in numpy 2.0; this project supports numpy>=1.24" in diagnostic.message
    uri = from_fs_path(str(path))
    assert uri is not None
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 5))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    shown = hover.contents.value.replace("\\", "")  # vocabulary text is escaped Markdown
    assert "Versions: deprecated in numpy 2.0, replacement since numpy 2.0. In this project: is deprecated" in shown
