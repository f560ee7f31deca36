"""Qualified names in Python code: references that the file's imports resolve to an entry.

`import numpy as N; N.float_`, `from numpy import float_` and its later bare uses, and
`numpy.float_` split over lines all name `numpy.float_`; a local `float_`, or pandas' own
`find_common_type`, does not. LibCST's `QualifiedNameProvider` does the scope analysis.

Only the top-level statements holding a member spelling are parsed (the scanner's
chunks). So that each chunk still sees the module's imports, the module-level imports of
the listed modules are read once per file from CPython's `ast` and written above the
chunk; a name the module also binds another way gets a stub binding there too, so that
LibCST sees the ambiguity and the reference is left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

from lint.engine.qualified import QualifiedNames
from lint.findings import Context
from lint.vocabulary.model import RetiredName


@dataclass(frozen=True)
class Reference:
    """A written member (`float_` of `np.float_`) that resolves to a qualified entry."""

    retired: RetiredName
    written: str
    context: Context
    line: int  # 1-based, in the chunk
    column: int  # 0-based
    attribute: bool


@dataclass(frozen=True)
class _Import:
    first: int
    last: int
    text: str
    names: frozenset[str]


class ModuleImports:
    """The module-level imports of the vocabulary's modules, and other module-level bindings."""

    def __init__(self, outline: ast.Module | None, roots: frozenset[str]) -> None:
        self._imports: list[_Import] = []
        self._other: dict[str, list[int]] = {}
        for statement in _module_level(outline.body if outline is not None else []):
            first, last = statement.lineno, statement.end_lineno or statement.lineno
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                if _imports_from(statement, roots):
                    names = frozenset((alias.asname or alias.name).split(".")[0] for alias in statement.names)
                    self._imports.append(_Import(first, last, ast.unparse(statement), names))
                continue
            for name in _bound_names(statement):
                self._other.setdefault(name, []).append(first)

    def header(self, first: int, last: int) -> str:
        """Lines to write above the chunk of lines `first`..`last`: the imports outside it, and stubs."""
        lines = []
        for found in self._imports:
            if found.last < first or found.first > last:
                lines.append(found.text)
                bound_elsewhere = [name for name in found.names if _outside(self._other.get(name), first, last)]
                lines += [f"{name} = None" for name in sorted(bound_elsewhere)]
        return "".join(line + "\n" for line in lines)


def _outside(lines: list[int] | None, first: int, last: int) -> bool:
    return bool(lines) and any(line < first or line > last for line in lines or ())


def _module_level(statements: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements run at module level: top-level ones and those inside `if`, `try`, `with` blocks."""
    for statement in statements:
        yield statement
        if isinstance(statement, (ast.If, ast.For, ast.While, ast.With, ast.AsyncWith)):
            yield from _module_level([*statement.body, *getattr(statement, "orelse", [])])
        elif isinstance(statement, ast.Try | getattr(ast, "TryStar", ast.Try)):
            handlers = [s for handler in statement.handlers for s in handler.body]
            yield from _module_level([*statement.body, *handlers, *statement.orelse, *statement.finalbody])


def _imports_from(statement: ast.Import | ast.ImportFrom, roots: frozenset[str]) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return statement.level == 0 and (statement.module or "").split(".")[0] in roots
    return any(alias.name.split(".")[0] in roots for alias in statement.names)


def _bound_names(statement: ast.stmt) -> Iterator[str]:
    """Names a module-level statement binds (not inside its functions or classes)."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield statement.name
        return
    if isinstance(statement, (ast.If, ast.For, ast.While, ast.With, ast.AsyncWith, ast.Try)):
        return  # their bodies are visited as module-level statements of their own
    pending: list[ast.AST] = [statement]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id
        if not isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            pending.extend(ast.iter_child_nodes(node))


def resolve_references(chunk: str, header: str, names: QualifiedNames) -> list[Reference]:
    """References in `chunk` (with `header` written above it) that name a qualified entry."""
    wrapper = MetadataWrapper(cst.parse_module(header + chunk), unsafe_skip_copy=True)
    resolver = _Resolver(names, header.count("\n"))
    wrapper.visit(resolver)
    return resolver.found


class _Resolver(cst.CSTVisitor):
    """Finds member spellings whose qualified names are entries, below the header's lines."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider)

    def __init__(self, names: QualifiedNames, header_lines: int) -> None:
        super().__init__()
        self.names = names
        self.header_lines = header_lines
        self.found: list[Reference] = []
        self._attributes: set[int] = set()

    def _add(self, node: cst.Name, full_name: str, context: Context, *, attribute: bool) -> None:
        retired = self.names.lookup(full_name)
        if retired is None or not full_name.endswith("." + node.value):
            return
        position = self.get_metadata(PositionProvider, node).start
        if position.line > self.header_lines:
            line = position.line - self.header_lines
            self.found.append(Reference(retired, node.value, context, line, position.column, attribute))

    def visit_Import(self, node: cst.Import) -> bool:
        return False  # `import numpy.float_` cannot name an attribute

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = get_full_name_for_node(node.module) if node.module is not None else None
        if module is None or node.relative or isinstance(node.names, cst.ImportStar):
            return False
        for alias in node.names:
            if isinstance(alias.name, cst.Name) and alias.name.value.lower() in self.names.lowered_members:
                self._add(alias.name, f"{module}.{alias.name.value}", Context.IMPORT, attribute=False)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._attributes.add(id(node.attr))
        if node.attr.value.lower() not in self.names.lowered_members:
            return
        qualified = self._qualified(node)
        if not qualified:
            root = node.value
            while isinstance(root, cst.Attribute):
                root = root.value
            dotted = get_full_name_for_node(node)
            if isinstance(root, cst.Name) and not self._qualified(root) and dotted is not None:
                qualified = {self.names.unaliased(dotted)}  # a module used without an import (a snippet)
        if len(qualified) == 1:
            self._add(node.attr, qualified.pop(), Context.ATTRIBUTE, attribute=True)

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self._attributes or node.value.lower() not in self.names.lowered_members:
            return
        qualified = self._qualified(node)
        if len(qualified) == 1:
            self._add(node, qualified.pop(), Context.IDENTIFIER, attribute=False)

    def _qualified(self, node: cst.CSTNode) -> set[str]:
        """The full names `node` may refer to (several when the module binds it more than one way)."""
        return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
