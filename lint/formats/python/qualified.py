"""Qualified names in Python code: references that the file's imports resolve to an entry.

`import numpy as N; N.float_`, `from numpy import float_` and its later bare uses,
`from numpy import float_ as F` and its later uses of `F`, and `numpy.float_` split over
lines all name `numpy.float_`; a parameter `float_`, or pandas' own `find_common_type`,
does not. A reference in the `except ImportError:` block of a `try` that imports, or in
a branch of an `if` whose branches import the same names, is a fallback for older
versions, and says so.

Scopes follow the compiler's rules (`bindings`), read from CPython's `ast` of the file,
already parsed for its outline: the import statements, the references with their
positions, and what each enclosing function or class binds. Only statements that hold a
member spelling are walked, and only the scopes around a resolved name are read; LibCST
is not needed to resolve a name.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from lint.engine.qualified import QualifiedNames
from lint.findings import Context
from lint.formats.python.bindings import Bound, Scope, binding, own_statements
from lint.formats.python.module_moves import ModuleMove, chain_moves, module_moves
from lint.formats.python.splits import Moved, split_statement
from lint.text.lines import LineIndex, split_lines
from lint.vocabulary.model import RetiredName

_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
_EVALUATED_OUTSIDE = ("decorator_list", "bases", "keywords")


@dataclass(frozen=True)
class Reference:
    """A written member (`float_` of `np.float_`) that resolves to a qualified entry."""

    retired: RetiredName
    written: str
    context: Context
    line: int  # 1-based
    column: int  # 0-based, in characters
    attribute: bool
    alias: bool = False  # `F` of `from numpy import float_ as F`: the user's name for the entry
    fallback: str = ""  # where it stands as a fallback for older versions (empty: it does not)
    new_module: str | None = None  # `M` of `from M import X`, where every name moved to this module
    new_name: str | None = None  # `X` there (and its uses), renamed as it moved
    statements: str | None = None  # the import statements a statement whose names part ways splits into
    moved: tuple[Moved, ...] = ()  # the names that move there


@dataclass(frozen=True)
class Resolved:
    """The references found, and where attribute chains ending in a member start (code, not text)."""

    references: list[Reference]
    chain_starts: set[tuple[int, int]]  # (1-based line, 0-based column)


def resolve_references(source: str, outline: ast.Module, lines: set[int], names: QualifiedNames) -> Resolved:
    """References on `lines` (1-based) of `source` that name a qualified entry, and then on
    the lines that use a name an import bound to one with `as`.

    Raises RecursionError on a tree nested too deep to walk.
    """
    resolver = _Resolver(source, names, lines)
    module = [Scope(outline, walrus=":=" in source)]
    resolver.walk(outline.body, module)
    if resolver.aliases:
        spelled = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(resolver.aliases))) + r")\b")
        index = LineIndex(source)
        more = {index.position(m.start())[0] for m in spelled.finditer(source)} - set(resolver.wanted)
        if more:
            resolver.wanted = sorted(more)
            resolver.walk(outline.body, module)  # the module's imports are read once
    _add_module_moves(source, resolver, module[0], names)
    renamed = {name: new for name, new in resolver.renamed.items() if name not in resolver.kept}
    references: dict[tuple[int, int, Context], Reference] = {}  # the second pass re-reads a `with`'s header
    for found in resolver.found:
        if found.context is Context.IDENTIFIER and not found.alias and found.written in renamed:
            found = replace(found, new_name=renamed[found.written])
        references.setdefault((found.line, found.column, found.context), found)
    return Resolved(list(references.values()), resolver.chain_starts)


class _Resolver:
    """Walks the statements that hold a wanted line, with the stack of scopes around them."""

    def __init__(self, source: str, names: QualifiedNames, lines: set[int]) -> None:
        self.source = source
        self.lines = split_lines(source)
        self.names = names
        self.wanted = sorted(lines)
        self.found: list[Reference] = []
        self.chain_starts: set[tuple[int, int]] = set()
        self.aliases: set[str] = set()  # local names an import bound to an entry with `as`
        self.renamed: dict[str, str] = {}  # names a moved import binds, and their new names
        self.kept: set[str] = set()  # names an import that is not rewritten binds
        self.read_modules: set[tuple[str, str]] = set()  # (name, module) of `name.member`, `name.sub.member`
        self.fallbacks: list[tuple[int, int, str]] = []  # line spans of fallback blocks, and which

    def walk(self, body: list[ast.stmt], scopes: list[Scope]) -> None:
        """Visit the statements of `body` that hold a wanted line."""
        for statement in body:
            if self._holds(statement):
                self._visit(statement, scopes)

    def _holds(self, statement: ast.stmt) -> bool:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
        last = statement.end_lineno or statement.lineno
        position = bisect_left(self.wanted, first)
        return position < len(self.wanted) and self.wanted[position] <= last

    def _visit(self, node: ast.AST, scopes: list[Scope]) -> None:
        """Every reference in `node`, entering the scopes it opens."""
        pending: list[tuple[ast.AST, list[Scope]]] = [(node, scopes)]
        while pending:
            current, stack = pending.pop()
            if isinstance(current, _SCOPES):
                inner = self._enter(current, stack)
                for child in ast.iter_child_nodes(current):
                    if isinstance(child, ast.stmt) and not self._holds(child):
                        continue
                    # Decorators, defaults, annotations and base classes are evaluated outside.
                    outside = child is getattr(current, "args", None) or child is getattr(current, "returns", None)
                    outside = outside or any(child in getattr(current, key, ()) for key in _EVALUATED_OUTSIDE)
                    pending.append((child, stack if outside else inner))
                continue
            self._reference(current, stack)
            if isinstance(current, (ast.Try, ast.If)):
                self.fallbacks.extend(_import_fallbacks(current))
            if isinstance(current, ast.Attribute):
                pending.append((current.value, stack))
                continue
            # Statements of a block that hold no wanted line are never walked.
            pending.extend(
                (child, stack)
                for child in ast.iter_child_nodes(current)
                if not isinstance(child, ast.stmt) or self._holds(child)
            )

    def _enter(self, node: ast.AST, stack: list[Scope]) -> list[Scope]:
        return [*stack, Scope(node, walrus=stack[0].walrus)]

    def _reference(self, node: ast.AST, stack: list[Scope]) -> None:
        members = self.names.lowered_members
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full_name = f"{node.module}.{alias.name}"
                package = self.names.removed_package_of(full_name) if self.names.removed_packages else None
                if package is not None:
                    self.aliases.add(alias.asname or alias.name)  # its uses are uses of the package
                    if package.old == full_name:  # `from pkg import legacy`: no module path to match
                        self._add(full_name, alias.name, Context.IMPORT, alias.lineno, alias.col_offset)
                elif alias.asname and self.names.lookup(full_name) is not None:
                    self.aliases.add(alias.asname)
            if self._moved_import(node):
                return
            self.kept.update(alias.asname or alias.name for alias in node.names)
            for alias in node.names:
                if alias.name.lower() in members:
                    full_name = f"{node.module}.{alias.name}"
                    self._add(full_name, alias.name, Context.IMPORT, alias.lineno, alias.col_offset)
        elif isinstance(node, ast.Attribute) and node.attr.lower() in members:
            dotted = _dotted(node)
            if dotted is None or node.end_lineno is None or node.end_col_offset is None:
                return
            start_line = self.lines[node.lineno - 1] if node.lineno <= len(self.lines) else ""
            self.chain_starts.add((node.lineno, _characters(start_line, node.col_offset)))
            root, _, rest = dotted.partition(".")
            for target in self._resolve(root, stack, node.lineno):
                line = self.lines[node.end_lineno - 1] if node.end_lineno <= len(self.lines) else ""
                column = _characters(line, node.end_col_offset) - len(node.attr)
                self._add(f"{target}.{rest}", node.attr, Context.ATTRIBUTE, node.end_lineno, None, column)
                if _moves_away(
                    self.names, f"{target}.{rest}"
                ):  # did the module `pod_generator` of `pod_generator.X` move?
                    self.read_modules.add((root, f"{target}.{rest}".rpartition(".")[0]))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and _named(node.id, members, self.aliases):
            for target in self._resolve(node.id, stack, node.lineno):
                self._add(target, node.id, Context.IDENTIFIER, node.lineno, node.col_offset)
        elif isinstance(node, ast.Call) and self.names.lowered_parameters:
            for keyword in node.keywords:
                if keyword.arg is not None and keyword.arg.lower() in self.names.lowered_parameters:
                    for callee in self._callee(node.func, stack):
                        full_name = f"{callee}({keyword.arg})"
                        self._add(full_name, keyword.arg, Context.KEYWORD, keyword.lineno, keyword.col_offset)

    def _moved_import(self, node: ast.ImportFrom) -> bool:
        """Report a `from M import X, Y` whose every name moved to one module N as one reference
        at `M`, fixed to `N` (aliases stay), and each name renamed as it moved (`X` to `Z`) at
        the import, fixed to `Z`, as are the uses of the name it binds; one where some names
        stay, or go to different modules, as one reference over the statement, fixed by
        splitting it (`splits`). Whether it did."""
        module = str(node.module)
        moved: dict[str, Moved] = {}
        retired_names: list[RetiredName] = []
        for alias in node.names:
            retired = self.names.lookup(f"{module}.{alias.name}")
            if retired is None:
                continue  # it stays
            new_module, _, member = (retired.fix_target or "").rpartition(".")
            if not member.isidentifier() or not new_module or new_module == module:
                return False  # advice, or renamed where it is: one reference per name
            moved[alias.name] = Moved(alias.name, alias.asname, new_module, member)
            retired_names.append(retired)
        line = self.lines[node.lineno - 1] if node.lineno <= len(self.lines) else ""
        written = _MODULE_AFTER_FROM.match(line, _characters(line, node.col_offset))
        if not moved or written is None or written.group(1) != module:
            return False  # `from pkg . ops import X`: spelt in pieces, left as advice
        fallback = _fallback_at(self.fallbacks, node.lineno)
        if len(moved) < len(node.names) or len({m.module for m in moved.values()}) > 1:
            indent = line[: written.start()]
            split = None if fallback or indent.strip() else split_statement(self.source, node, moved, indent)
            if split is None:
                return False  # a fallback, after another statement on its line, a comment inside: per name
            reference = Reference(retired_names[0], split[0], Context.IMPORT, node.lineno, len(indent), False)
            self.found.append(replace(reference, statements=split[1], moved=tuple(moved.values())))
        else:
            new_module = next(iter(moved.values())).module
            reference = Reference(retired_names[0], module, Context.IMPORT, node.lineno, written.start(1), False)
            self.found.append(replace(reference, fallback=fallback, new_module=new_module))
            for alias, retired in zip(node.names, retired_names, strict=True):
                if moved[alias.name].member != alias.name:
                    reference = Reference(retired, alias.name, Context.IMPORT, alias.lineno, 0, attribute=False)
                    column = _characters(self.lines[alias.lineno - 1], alias.col_offset)
                    self.found.append(
                        replace(reference, column=column, fallback=fallback, new_name=moved[alias.name].member)
                    )
        for alias in node.names:
            where = moved.get(alias.name)
            if where is not None and where.member != alias.name and not alias.asname and not fallback:
                self.renamed[alias.name] = where.member
            elif where is None:
                self.kept.add(alias.asname or alias.name)
        return True

    def _callee(self, function: ast.expr, stack: list[Scope]) -> list[str]:
        """The full name of a called name or attribute chain (`Client`, `pkg.Client`, `m.Client`)."""
        if isinstance(function, ast.Name):
            return self._resolve(function.id, stack, function.lineno)
        dotted = _dotted(function) if isinstance(function, ast.Attribute) else None
        if dotted is None:
            return []
        root, _, rest = dotted.partition(".")
        return [f"{target}.{rest}" for target in self._resolve(root, stack, function.lineno)]

    def _add(
        self, full_name: str, written: str, context: Context, line: int, byte_column: int | None, column: int = 0
    ) -> None:
        retired = self.names.lookup(full_name)
        if retired is None:
            return
        # `F` of `as F`: found, but the user's own name (a keyword is the parameter's own).
        alias = not full_name.endswith(("." + written, f"({written})"))
        if alias and (context is not Context.IDENTIFIER or written not in self.aliases):
            return
        if byte_column is not None:
            column = _characters(self.lines[line - 1] if line <= len(self.lines) else "", byte_column)
        attribute = context is Context.ATTRIBUTE
        fallback = _fallback_at(self.fallbacks, line)
        self.found.append(Reference(retired, written, context, line, column, attribute, alias, fallback))

    def _resolve(self, name: str, stack: list[Scope], line: int) -> list[str]:
        """What `name` is bound to where it is read (at `line`): one full name, or none when
        unknown or ambiguous. Code that runs as the module loads (not in a function) reads the
        binding made last above it."""
        for scope in reversed(stack[1:]):
            if scope.is_class and scope is not stack[-1]:
                continue  # a class body's names are not visible in its methods
            bound = scope.bound(name)
            if bound & Bound.GLOBAL:
                break
            if bound and not bound & Bound.NONLOCAL:
                return scope.imported_only(name)
        module = stack[0]
        bound = module.bound(name)
        if bound & (Bound.IMPORTED | Bound.ASSIGNED):
            targets = module.imported_only(name)
            loading = all(scope.is_class for scope in stack[1:])
            if not targets and loading and bound & Bound.IMPORTED and bound & Bound.ASSIGNED:
                return module.import_before(name, line)
            return targets
        # Never bound here: a module written as the vocabulary's alias (a snippet that skips its imports).
        return [self.names.unaliased(name)]


def _add_module_moves(source: str, resolver: _Resolver, module: Scope, names: QualifiedNames) -> None:
    """References that fix a module imported by name (`from pkg import mod`, `import pkg.mod as
    m`, or a plain `import pkg.mod` read as `pkg.mod.member`) at its import, and each such
    chain at its `pkg.mod`, in place of the advice on its member."""
    read = resolver.read_modules
    roots = {root: dotted for root, dotted in read if not dotted.startswith(root + ".")}
    moves: list[tuple[ModuleMove, list[tuple[int, RetiredName]]]] = [
        (m, []) for m in module_moves(source, resolver.lines, module, roots, names)
    ]
    chains = {dotted for root, dotted in read if dotted.startswith(root + ".")}
    moves += [(c.move, c.uses) for c in chain_moves(source, resolver.lines, module, chains, names)]
    index: LineIndex | None = None
    replaced: set[tuple[int, int]] = set()  # the members of rewritten chains
    for move, uses in moves:
        if _fallback_at(resolver.fallbacks, move.line):
            continue
        found = [Reference(move.retired, move.written, Context.IMPORT, move.line, move.column, attribute=False)]
        for start, retired in uses:
            index = index or LineIndex(source)
            line, column = index.position(start)
            replaced.add((line, column + len(move.written)))
            found.append(Reference(retired, move.written, Context.ATTRIBUTE, line, column - 1, attribute=True))
        resolver.found += [replace(reference, new_module=move.new) for reference in found]
    if replaced:
        resolver.found = [
            r for r in resolver.found if r.context is not Context.ATTRIBUTE or (r.line, r.column) not in replaced
        ]


def _moves_away(names: QualifiedNames, full_name: str) -> bool:
    """Whether the entry `full_name` names has one replacement, in another module."""
    retired = names.lookup(full_name)
    target = retired.fix_target if retired is not None else None
    return target is not None and target.rpartition(".")[0] != full_name.rpartition(".")[0]


def _fallback_at(fallbacks: list[tuple[int, int, str]], line: int) -> str:
    """Which fallback block `line` stands in (empty: none)."""
    return next((which for first, last, which in fallbacks if first <= line <= last), "")


def _named(name: str, members: frozenset[str], aliases: set[str]) -> bool:
    """A name that may resolve to an entry: a member's spelling, or an alias bound to one."""
    return name.lower() in members or name in aliases


_MODULE_AFTER_FROM = re.compile(r"from\s+([A-Za-z_][\w.]*)\s+import\b")
_EXCEPT_IMPORT_ERROR = "the fallback of a `try` that imports first (`except ImportError`)"
_VERSION_GATE = "a branch of a version gate (an `if` whose branches import the same names)"
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _import_fallbacks(statement: ast.Try | ast.If) -> list[tuple[int, int, str]]:
    """The line spans of blocks that import for older versions: the `except ImportError:`
    blocks of a `try` that imports, and both blocks of an `if` whose two branches import the
    same names (`if np_version >= "1.25": from numpy.exceptions import X else: from numpy
    import X`): a fix there would undo the gate."""
    if isinstance(statement, ast.If):
        if not statement.orelse or not _imported_names(statement.body) & _imported_names(statement.orelse):
            return []
        return [(*_span(block), _VERSION_GATE) for block in (statement.body, statement.orelse)]
    if not _imported_names(statement.body):
        return []
    spans = []
    for handler in statement.handlers:
        caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(kind, ast.Name) and kind.id in _IMPORT_ERRORS for kind in caught):
            spans.append((handler.lineno, handler.end_lineno or handler.lineno, _EXCEPT_IMPORT_ERROR))
    return spans


def _imported_names(block: list[ast.stmt]) -> set[str]:
    """The local names the import statements of a block bind."""
    imports = [node for node in own_statements(block) if isinstance(node, (ast.Import, ast.ImportFrom))]
    return {binding(node, alias)[0] for node in imports for alias in node.names}


def _span(block: list[ast.stmt]) -> tuple[int, int]:
    return block[0].lineno, block[-1].end_lineno or block[-1].lineno


def _dotted(node: ast.Attribute) -> str | None:
    """`np.linalg.norm` for a chain of attributes on a name; None for `f().x`."""
    parts = [node.attr]
    value = node.value
    while isinstance(value, ast.Attribute):
        parts.append(value.attr)
        value = value.value
    if not isinstance(value, ast.Name):
        return None
    parts.append(value.id)
    return ".".join(reversed(parts))


def _characters(line: str, byte_offset: int) -> int:
    """`ast` columns count UTF-8 bytes; positions count characters."""
    if line.isascii():
        return byte_offset
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))
