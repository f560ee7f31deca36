"""The LibCST side of the Python scanner: which nodes hold a vocabulary word, and where.

`NodeCollector` visits a parsed module and keeps the nodes worth matching (names,
attributes, keywords, imports, strings, docstrings, comments) with their contexts;
`place_nodes` finds each one's exact line and column in the source, in visiting order;
`chunk_nodes` does both for one chunk of a file. Only this module (with the walk it uses)
imports LibCST on the check path, and only when a file has a statement worth parsing.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lint.engine.engine import Engine
from lint.findings import Context
from lint.formats.python.chunks import ChunkSyntaxError, Placed
from lint.formats.python.plain import holds_trigger, member_owner
from lint.formats.python.walk import walk
from lint.text.lines import LineIndex
from lint.vocabulary.model import RetiredName

_ChunkKey = tuple[str, bool, frozenset[str], str]
_CHUNKS: OrderedDict[_ChunkKey, tuple[Placed, ...]] = OrderedDict()
CHUNK_CACHE_SIZE = 4096


def chunk_nodes(text: str, docstring: bool, engine: Engine, triggers: frozenset[str]) -> tuple[Placed, ...]:
    """The placed nodes of one chunk, remembered by its text (an editor re-lints a buffer on
    every pause in typing; only the statements that changed are parsed again).

    Raises `ChunkSyntaxError` where LibCST cannot parse the chunk."""
    key = (text, docstring, triggers, engine.vocabulary.digest)
    cached = _CHUNKS.get(key)
    if cached is not None:
        _CHUNKS.move_to_end(key)
        return cached
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise ChunkSyntaxError(exc.message, exc.raw_line, exc.raw_column) from exc
    collector = NodeCollector(module, engine, triggers, module_docstring=docstring)
    walk(module, collector)
    placed = tuple(
        Placed(entry.text, entry.context, line, column, entry.module_path, entry.member, entry.wanted)
        for entry, line, column in place_nodes(text, module, collector.pending)
    )
    _CHUNKS[key] = placed
    if len(_CHUNKS) > CHUNK_CACHE_SIZE:
        _CHUNKS.popitem(last=False)
    return placed


@dataclass(frozen=True)
class Pending:
    """A node worth matching, before its position is known.

    `anchor` is the node's own source text, found in the file in visiting order; the
    segment starts `offset` characters after (or before) the anchor.
    """

    node: cst.CSTNode
    anchor: str
    text: str
    context: Context
    offset: int = 0
    module_path: bool = False
    member: RetiredName | None = None
    wanted: bool = True


class NodeCollector(cst.CSTVisitor):
    """Cuts a module into pending segments with contexts, in source order.

    No position metadata is computed here (it costs three times the parse): positions are
    found afterwards, and only for the nodes that hold a vocabulary word.
    """

    def __init__(
        self, module: cst.Module, engine: Engine, triggers: frozenset[str], *, module_docstring: bool = True
    ) -> None:
        super().__init__()
        self.module_docstring = module_docstring
        self.module = module
        self.engine = engine
        self.triggers = triggers
        self.pending: list[Pending] = []
        self._handled: set[int] = set()
        self._docstrings: set[int] = set()
        self._callees: list[str] = []
        self._import: cst.Import | cst.ImportFrom | None = None  # the import being visited

    def _add(self, node: cst.CSTNode, text: str, context: Context, *, module_path: bool = False) -> None:
        wanted = holds_trigger(text, self.triggers)
        # Every comment is placed, for its directives; only those with a vocabulary word are matched.
        if wanted or context is Context.COMMENT:
            self.pending.append(Pending(node, text, text, context, module_path=module_path, wanted=wanted))

    def _add_name(self, node: cst.CSTNode, context: Context, *, module_path: bool = False) -> None:
        self._handled.add(id(node))
        self._add(node, self.module.code_for_node(node), context, module_path=module_path)

    # Docstrings -------------------------------------------------------------------------

    def _mark_docstring(self, body: object) -> None:
        statements = getattr(body, "body", body)
        if not isinstance(statements, (list, tuple)) or not statements:
            return
        first = statements[0]
        if isinstance(first, cst.SimpleStatementLine) and first.body and isinstance(first.body[0], cst.Expr):
            value = first.body[0].value
            parts = value.children if isinstance(value, cst.ConcatenatedString) else [value]
            self._docstrings.update(id(part) for part in parts if isinstance(part, cst.SimpleString))

    def visit_Module(self, node: cst.Module) -> None:
        if self.module_docstring:
            self._mark_docstring(node.body)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._mark_docstring(node.body)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._mark_docstring(node.body)

    # Imports ----------------------------------------------------------------------------

    # A module path names a file: renaming it without moving the file would break the
    # import, so only moved-module findings (whose new home exists) are fixable there.
    # An import's names are taken whole, alias by alias; its comments (inside a
    # from-import's parentheses) are visited in their places.

    def visit_Import(self, node: cst.Import) -> None:
        self._import = node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._import = node
        if node.module is not None:
            self._add_name(node.module, Context.IMPORT, module_path=True)

    def leave_Import(self, original_node: cst.Import) -> None:
        self._import = None

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self._import = None

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        self._add_name(node.name, Context.IMPORT, module_path=isinstance(self._import, cst.Import))
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            self._add_name(node.asname.name, Context.IMPORT)

    # Names, attributes, keywords ----------------------------------------------------------
    # An attribute name follows its value in the source, so it is taken when the attribute
    # is left, after the value's names.

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._handled.add(id(node.attr))

    def leave_Attribute(self, original_node: cst.Attribute) -> None:
        if self._import is not None:
            return  # part of a module path, taken whole
        member = original_node.attr.value
        for retired in self.engine.member_names.get(member, ()):
            owner = member_owner(retired)
            written = self.module.code_for_node(original_node)
            if "\n" not in written and written.endswith(f"{owner}.{member}"):
                # A dotted member name (`Owner.member`) spans two nodes: report it as one attribute.
                text = f"{owner}.{member}"
                self.pending.append(Pending(original_node.attr, member, text, Context.ATTRIBUTE, -len(owner) - 1))
                return
        self._add(original_node.attr, member, Context.ATTRIBUTE)

    def visit_Call(self, node: cst.Call) -> None:
        self._callees.append(self.module.code_for_node(node.func))

    def leave_Call(self, original_node: cst.Call) -> None:
        self._callees.pop()

    def visit_Arg(self, node: cst.Arg) -> None:
        keyword = node.keyword
        if keyword is None:
            return
        self._handled.add(id(keyword))
        callee = self._callees[-1] if self._callees else ""
        for retired in self.engine.member_names.get(keyword.value, ()):
            owner = member_owner(retired)
            if callee == owner or callee.endswith("." + owner):
                self.pending.append(Pending(keyword, keyword.value, keyword.value, Context.KEYWORD, member=retired))
                return
        self._add(keyword, keyword.value, Context.KEYWORD)

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self._handled and self._import is None:
            self._add(node, node.value, Context.IDENTIFIER)

    # Strings and comments ---------------------------------------------------------------

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "b" in node.prefix.lower():
            # Bytes are not matched, but placed all the same: the next node's anchor (`b`,
            # or a string of the same text) must not be found inside them.
            self.pending.append(Pending(node, node.value, node.value, Context.STRING, wanted=False))
            return
        context = Context.DOCSTRING if id(node) in self._docstrings else Context.STRING
        self._add(node, node.value, context)

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._add(node, node.value, Context.STRING)

    def visit_Comment(self, node: cst.Comment) -> None:
        self._add(node, node.value, Context.COMMENT)


def place_nodes(source: str, module: cst.Module, pending: list[Pending]) -> list[tuple[Pending, int, int]]:
    """(entry, 1-based line, 0-based column) of each pending node.

    Nodes were visited in source order and no two anchors overlap, so each anchor is the
    next occurrence of its text after the previous one;
    if one cannot be found that way, LibCST's position metadata decides instead.
    """
    lines = LineIndex(source)
    placed = []
    cursor = 0
    for entry in pending:
        found = source.find(entry.anchor, cursor)
        while found != -1 and not _fits(source, found, entry):
            found = source.find(entry.anchor, found + 1)
        if found == -1:
            return _place_by_metadata(module, pending)
        cursor = found + len(entry.anchor)
        offset = found + entry.offset
        line, column = lines.position(offset)
        placed.append((entry, line, column - 1))
    return placed


def _fits(source: str, found: int, entry: Pending) -> bool:
    """Whether the anchor found at `found` is a whole token of its kind, not part of another."""
    after = source[found + len(entry.anchor) : found + len(entry.anchor) + 1]
    if entry.context is Context.COMMENT:
        return after in ("", "\n", "\r")
    if entry.context in (Context.STRING, Context.DOCSTRING):
        return True
    before = source[found - 1 : found] if found else ""
    return not (before.isidentifier() or before.isdigit() or after.isidentifier() or after.isdigit())


def _place_by_metadata(module: cst.Module, pending: list[Pending]) -> list[tuple[Pending, int, int]]:
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return [(e, positions[e.node].start.line, positions[e.node].start.column + e.offset) for e in pending]
