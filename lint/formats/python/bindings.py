"""What a Python scope binds: its symbol table, its own statements, and the imports among them.

The compiler's `symtable` says which names a function, class or module binds and how
(imported, assigned, a parameter); the statements say to what: the full name an import
binds a local name to, and which statement bound it last above a line.
"""

from __future__ import annotations

import ast
import symtable
from collections.abc import Iterator


class Scope:
    """One module, function, class or comprehension: its symbol table and its own statements."""

    def __init__(self, table: symtable.SymbolTable, body: list[ast.stmt]) -> None:
        self.table = table
        self.body = body
        self._imports: dict[str, set[str | None]] | None = None

    def imports_of(self, name: str) -> set[str | None]:
        """The full names the scope's own import statements bind `name` to (None: relative)."""
        if self._imports is None:
            self._imports = {}
            for statement in own_statements(self.body):
                if isinstance(statement, (ast.Import, ast.ImportFrom)):
                    for alias in statement.names:
                        local, target = binding(statement, alias)
                        self._imports.setdefault(local, set()).add(target)
        return self._imports.get(name, set())

    def import_before(self, name: str, line: int) -> list[str]:
        """The full name `name` holds at `line` of straight-line code when its one import is the
        last statement before the line that binds it (`@dag(...)` above `dag = build()`)."""
        targets = self.imports_of(name)
        if len(targets) != 1 or None in targets:
            return []
        last: ast.stmt | None = None
        for statement in own_statements(self.body):
            above = statement.lineno < line and (last is None or statement.lineno > last.lineno)
            if above and binds(statement, name):
                last = statement
        return [str(next(iter(targets)))] if isinstance(last, (ast.Import, ast.ImportFrom)) else []


def imported_only(symbol: symtable.Symbol, scope: Scope, name: str) -> list[str]:
    """The one full name a symbol bound only by imports stands for; none if also bound another way."""
    if not symbol.is_imported() or symbol.is_assigned() or symbol.is_parameter():
        return []
    targets = scope.imports_of(name)
    if len(targets) != 1 or None in targets:
        return []
    return [str(next(iter(targets)))]


def own_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of a scope's body, inside its `if`, `try`, `with` and loop blocks too."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from own_statements(getattr(statement, field, []))
        for handler in getattr(statement, "handlers", []):
            yield from own_statements(handler.body)
        for case in getattr(statement, "cases", []):
            yield from own_statements(case.body)


def binds(statement: ast.stmt, name: str) -> bool:
    """Whether the statement itself (not a block inside it) binds `name`."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return any(binding(statement, alias)[0] == name for alias in statement.names)
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return statement.name == name
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        targets = [statement.target]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in statement.items if item.optional_vars is not None]
    if any(isinstance(node, ast.Name) and node.id == name for target in targets for node in ast.walk(target)):
        return True
    # `(name := ...)` in the statement's own expressions; its blocks are statements of their own.
    own = (child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt))
    return any(isinstance(node, ast.NamedExpr) and node.target.id == name for child in own for node in ast.walk(child))


def binding(statement: ast.Import | ast.ImportFrom, alias: ast.alias) -> tuple[str, str | None]:
    """The local name an import binds and the full name it binds it to (None: relative)."""
    if isinstance(statement, ast.Import):
        if alias.asname:
            return alias.asname, alias.name
        root = alias.name.split(".")[0]
        return root, root
    local = alias.asname or alias.name
    if statement.level or not statement.module:
        return local, None
    return local, f"{statement.module}.{alias.name}"
