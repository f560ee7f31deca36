"""The language server: documents in, diagnostics, code actions and hovers out.

Buffers are linted off the event loop (a worker thread), a change is linted once typing
pauses (`DEBOUNCE_SECONDS`), and a result for a version the editor has moved past is
dropped: the server never blocks on a slow file and never shows stale findings. A
vocabulary that does not load is shown once, as diagnostics on the vocabulary file at
its `FILE:LINE:COL`, and the server keeps running.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from lint import __version__
from lint.errors import LintError, VocabularyError
from lint.server.buffers import Linted, Linter
from lint.server.features import FIX_ALL, SOURCE, code_actions, diagnostics, hover
from lint.server.notebooks import SYNC, Cell, cell_actions, cell_diagnostics, notebook_json
from lint.server.positions import Positions

DEBOUNCE_SECONDS = 0.15
SETTINGS_FILES = ("vocab.yaml", "pyproject.toml")
_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$")


class VocabLintServer(LanguageServer):
    """pygls' server with the linter's state: loaded vocabularies and pending lints."""

    def __init__(self) -> None:
        super().__init__("vocab-lint", __version__, notebook_document_sync=SYNC)
        self.linter = Linter()
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.broken: set[str] = set()  # vocabulary files that carry load errors now

    def positions(self, text: str) -> Positions:
        return Positions(text, self.workspace.position_codec)

    def opened(self, uri: str) -> bool:
        """Whether the editor opened `uri` (a request about any other is answered with nothing,
        never from the disk)."""
        return uri in self.workspace.text_documents

    def linted(self, uri: str) -> Linted | None:
        """The current buffer of `uri`, linted now (on the calling thread)."""
        if not self.opened(uri):
            return None
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri)
        linted = None if path is None else self.linter.lint(Path(path), document.source)
        if linted is None:
            return None
        # The buffer is the file as stored (a notebook opened as JSON text): findings stand
        # where they are in it, not in a cell.
        return replace(linted, findings=tuple(finding.as_stored() for finding in linted.findings))

    async def publish(self, uri: str) -> None:
        """Lint the buffer in a worker thread and publish, unless the buffer changed meanwhile."""
        document = self.workspace.get_text_document(uri)
        version = document.version
        try:
            linted = await asyncio.to_thread(self.linted, uri)
        except VocabularyError as error:
            self.show_vocabulary_problems(error)
            return
        except LintError as error:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=str(error)))
            return
        if self.workspace.get_text_document(uri).version != version or linted is None:
            return
        found = diagnostics(linted, self.positions(linted.text))
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Lint `uri` after `delay`, replacing a lint still waiting for the same document (a
        notebook's URI lints the notebook)."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        notebook = uri in self.workspace.notebook_documents

        async def later() -> None:
            await asyncio.sleep(delay)
            await (self.publish_notebook(uri) if notebook else self.publish(uri))

        self.pending[uri] = asyncio.ensure_future(later())

    def close(self, uri: str, shown: list[str]) -> None:
        """A document (or notebook) closed: its pending lint is dropped and the diagnostics
        shown on `shown` (it, or its cells) are cleared."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        for document in shown:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=document, diagnostics=[]))

    def cells(self, notebook_uri: str) -> list[Cell]:
        """The notebook's cells as the editor holds them now."""
        notebook = self.workspace.get_notebook_document(notebook_uri=notebook_uri)
        if notebook is None:
            return []
        return [
            Cell(
                cell.document,
                cell.kind == types.NotebookCellKind.Code,
                self.workspace.get_text_document(cell.document).source,
            )
            for cell in notebook.cells
        ]

    def linted_notebook(self, notebook_uri: str, cells: list[Cell]) -> Linted | None:
        """The cells linted as the notebook file they make (on the calling thread)."""
        path = to_fs_path(notebook_uri)
        return None if path is None else self.linter.lint(Path(path), notebook_json(cells))

    async def publish_notebook(self, notebook_uri: str) -> None:
        """Lint a notebook in a worker thread and publish each cell's diagnostics, unless the
        notebook changed meanwhile."""
        notebook = self.workspace.get_notebook_document(notebook_uri=notebook_uri)
        if notebook is None:
            return
        version, cells = notebook.version, self.cells(notebook_uri)
        try:
            linted = await asyncio.to_thread(self.linted_notebook, notebook_uri, cells)
        except VocabularyError as error:
            self.show_vocabulary_problems(error)
            return
        except LintError as error:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=str(error)))
            return
        current = self.workspace.get_notebook_document(notebook_uri=notebook_uri)
        if linted is None or current is None or current.version != version:
            return
        for uri, found in cell_diagnostics(linted, cells, self.positions).items():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found))

    def show_vocabulary_problems(self, error: VocabularyError) -> None:
        """Each problem of a vocabulary that does not load, on the vocabulary file itself."""
        by_file: dict[str, list[types.Diagnostic]] = {}
        for problem in error.problems:
            found = _PROBLEM.match(problem)
            if found is None:
                continue
            line, column = max(int(found["line"]) - 1, 0), max(int(found["column"]) - 1, 0)
            at = types.Range(start=types.Position(line, column), end=types.Position(line, column + 1))
            diagnostic = types.Diagnostic(
                range=at, message=found["message"], severity=types.DiagnosticSeverity.Error, source=SOURCE
            )
            uri = from_fs_path(str(Path(found["file"]).resolve()))
            if uri is not None:
                by_file.setdefault(uri, []).append(diagnostic)
        for uri, found_here in by_file.items():
            self.broken.add(uri)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found_here))

    def reload(self) -> None:
        """A vocabulary or settings file changed: load again and lint every open buffer."""
        self.linter.forget()
        for uri in self.broken:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.broken.clear()
        in_notebooks = {cell.document for nb in self.workspace.notebook_documents.values() for cell in nb.cells}
        for uri in [*self.workspace.notebook_documents, *self.workspace.text_documents]:
            if uri not in in_notebooks:
                self.schedule(uri, 0)


server = VocabLintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: VocabLintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: VocabLintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: VocabLintServer, params: types.DidSaveTextDocumentParams) -> None:
    if params.text_document.uri.endswith(SETTINGS_FILES):
        ls.reload()
    else:
        ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: VocabLintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.close(params.text_document.uri, [params.text_document.uri])


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
async def notebook_did_open(ls: VocabLintServer, params: types.DidOpenNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri, 0)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
async def notebook_did_change(ls: VocabLintServer, params: types.DidChangeNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
async def notebook_did_save(ls: VocabLintServer, params: types.DidSaveNotebookDocumentParams) -> None:
    ls.schedule(params.notebook_document.uri, 0)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
async def notebook_did_close(ls: VocabLintServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.close(params.notebook_document.uri, [cell.uri for cell in params.cell_text_documents])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: VocabLintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.endswith(SETTINGS_FILES) for change in params.changes):
        ls.reload()


@server.feature(types.INITIALIZED)
async def initialized(ls: VocabLintServer, params: types.InitializedParams) -> None:
    """Ask the client to watch the vocabulary and settings files, where it can."""
    watching = ls.client_capabilities.workspace
    dynamic = watching is not None and watching.did_change_watched_files is not None
    if dynamic and watching.did_change_watched_files.dynamic_registration:  # type: ignore[union-attr]
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in SETTINGS_FILES]
        registration = types.Registration(
            id="vocab-lint-settings",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False),
)
async def code_action(ls: VocabLintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    """Worked out in a worker thread: the event loop keeps answering (hovers, changes, a
    `$/cancelRequest` of this very request) however many findings the range holds."""
    return await asyncio.to_thread(_code_action, ls, params)


def _code_action(ls: VocabLintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    notebook = ls.workspace.get_notebook_document(cell_uri=params.text_document.uri)
    if notebook is not None:
        return _cell_code_action(ls, notebook, params)
    try:
        linted = ls.linted(params.text_document.uri)
    except LintError:
        return None
    if linted is None:
        return None
    return code_actions(linted, ls.positions(linted.text), params.text_document.uri, params.range)


def _cell_code_action(
    ls: VocabLintServer, notebook: types.NotebookDocument, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    cells = ls.cells(notebook.uri)
    numbers = [number for number, cell in enumerate(cells, 1) if cell.uri == params.text_document.uri]
    try:
        linted = ls.linted_notebook(notebook.uri, cells)
    except LintError:
        return None
    if linted is None or not numbers:
        return None
    text = cells[numbers[0] - 1].text
    return cell_actions(linted, cells, numbers[0], ls.positions(text), params.range)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: VocabLintServer, params: types.HoverParams) -> types.Hover | None:
    if not ls.opened(params.text_document.uri):
        return None
    notebook = ls.workspace.get_notebook_document(cell_uri=params.text_document.uri)
    path = to_fs_path(notebook.uri if notebook is not None else params.text_document.uri)
    if path is None:
        return None
    try:
        engine = ls.linter.engine_for(Path(path)).engine
    except LintError:
        return None
    text = ls.workspace.get_text_document(params.text_document.uri).source
    return hover(engine, ls.positions(text), params.position)


def run() -> None:
    """Serve over standard input and output until the client exits."""
    server.start_io()
