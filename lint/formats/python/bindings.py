"""What a Python scope binds, read from the file's own tree: which names a module,
function, class, lambda or comprehension binds and how (imported, assigned, a parameter,
declared global or nonlocal), the full name an import binds a local name to, and which
statement bound it last above a line.

The tree is the outline CPython already parsed for the file; a scope's bindings are read
only when a reference inside it is resolved, from its own statements and their targets
(not every expression: a walrus is looked for only in a source that writes `:=`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from enum import Flag, auto
from functools import cached_property


class Bound(Flag):
    """How a scope binds a name (none: it only reads it)."""

    NOTHING = 0
    IMPORTED = auto()
    ASSIGNED = auto()  # also `def`, `class`, `for`, `with ... as`, `except ... as`, `del`, a capture
    PARAMETER = auto()
    GLOBAL = auto()  # `global name`: the module's
    NONLOCAL = auto()  # `nonlocal name`: an enclosing function's


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Scope:
    """One module, function, class, lambda or comprehension: the names it binds."""

    def __init__(self, node: ast.AST, *, walrus: bool) -> None:
        self.node = node
        self.is_class = isinstance(node, ast.ClassDef)
        body = getattr(node, "body", [])
        self.body: list[ast.stmt] = body if isinstance(body, list) else []
        self.walrus = walrus  # whether the source writes `:=` at all
        self._bound: dict[str, Bound] | None = None
        self._imports: dict[str, set[str | None]] | None = None

    @cached_property
    def statements(self) -> list[ast.stmt]:
        """The scope's own statements (`own_statements`), read once."""
        return own_statements(self.body)

    def bound(self, name: str) -> Bound:
        """How this scope binds `name`."""
        if self._bound is None:
            self._bound = _bindings(self.node, self.statements, walrus=self.walrus)
        return self._bound.get(name, Bound.NOTHING)

    def imports_of(self, name: str) -> set[str | None]:
        """The full names the scope's own import statements bind `name` to (None: relative)."""
        if self._imports is None:
            self._imports = {}
            for statement in self.statements:
                if isinstance(statement, (ast.Import, ast.ImportFrom)):
                    for alias in statement.names:
                        local, target = binding(statement, alias)
                        self._imports.setdefault(local, set()).add(target)
        return self._imports.get(name, set())

    def imported_only(self, name: str) -> list[str]:
        """The one full name `name` stands for when only imports bind it; none if also bound
        another way, or by two imports of different names."""
        if self.bound(name) & (Bound.ASSIGNED | Bound.PARAMETER) or not self.bound(name) & Bound.IMPORTED:
            return []
        targets = self.imports_of(name)
        if len(targets) != 1 or None in targets:
            return []
        return [str(next(iter(targets)))]

    def import_before(self, name: str, line: int) -> list[str]:
        """The full name `name` holds at `line` of straight-line code when its one import is the
        last statement before the line that binds it (`@dag(...)` above `dag = build()`)."""
        targets = self.imports_of(name)
        if len(targets) != 1 or None in targets:
            return []
        last: ast.stmt | None = None
        for statement in self.statements:
            above = statement.lineno < line and (last is None or statement.lineno > last.lineno)
            if above and binds(statement, name):
                last = statement
        return [str(next(iter(targets)))] if isinstance(last, (ast.Import, ast.ImportFrom)) else []


def _bindings(node: ast.AST, statements: list[ast.stmt], *, walrus: bool) -> dict[str, Bound]:
    """Every name a scope binds (by its node and its own statements), and how."""
    bound: dict[str, Bound] = {}

    def add(name: str, how: Bound) -> None:
        bound[name] = bound.get(name, Bound.NOTHING) | how

    if isinstance(node, _FUNCTIONS):
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            add(argument.arg, Bound.PARAMETER)
        for star in (arguments.vararg, arguments.kwarg):
            if star is not None:
                add(star.arg, Bound.PARAMETER)
    if isinstance(node, _COMPREHENSIONS):
        for generator in node.generators:
            for name in _stored(generator.target):
                add(name, Bound.ASSIGNED)
    for statement in statements:
        for name, how in _statement_bindings(statement):
            add(name, how)
    if walrus and not isinstance(node, _COMPREHENSIONS):  # a comprehension's `:=` binds in the scope around it
        roots: list[ast.AST] = [node.body] if isinstance(node, ast.Lambda) else list(_own_expressions(statements))
        for root in roots:
            for target in _walrus_targets(root):
                add(target, Bound.ASSIGNED)
    return bound


def _statement_bindings(statement: ast.stmt) -> Iterator[tuple[str, Bound]]:
    """The names one statement binds by itself (not the statements of its blocks)."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        for alias in statement.names:
            if alias.name != "*":
                yield binding(statement, alias)[0], Bound.IMPORTED
    elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield statement.name, Bound.ASSIGNED
    elif isinstance(statement, (ast.Global, ast.Nonlocal)):
        how = Bound.GLOBAL if isinstance(statement, ast.Global) else Bound.NONLOCAL
        yield from ((name, how) for name in statement.names)
    else:
        for target in _targets(statement):
            yield from ((name, Bound.ASSIGNED) for name in _stored(target))
        for handler in getattr(statement, "handlers", []):
            if handler.name:
                yield handler.name, Bound.ASSIGNED
        for case in getattr(statement, "cases", []):
            yield from ((name, Bound.ASSIGNED) for name in _captured(case.pattern))


def _targets(statement: ast.stmt) -> list[ast.expr]:
    """What an assignment-like statement stores into."""
    if isinstance(statement, (ast.Assign, ast.Delete)):
        return statement.targets
    if isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        return [statement.target]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [item.optional_vars for item in statement.items if item.optional_vars is not None]
    type_alias = getattr(ast, "TypeAlias", None)  # `type X = ...`, from Python 3.12
    if type_alias is not None and isinstance(statement, type_alias):
        return [statement.name]
    return []


def _stored(target: ast.expr) -> Iterator[str]:
    """The names a target binds (`a, (b, *c)`; not `a.b` or `a[0]`)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _stored(element)
    elif isinstance(target, ast.Starred):
        yield from _stored(target.value)


def _captured(pattern: ast.pattern) -> Iterator[str]:
    """The names a `case` pattern captures."""
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest


def _own_expressions(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """The expressions of a scope's own statements (a nested function's defaults and
    decorators too: they are evaluated here)."""
    for statement in statements:
        yield from (child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt))


def _walrus_targets(root: ast.AST) -> Iterator[str]:
    """`name` of each `(name := ...)` in an expression, comprehensions included (their `:=`
    binds in the enclosing scope), lambdas not (theirs binds in the lambda)."""
    pending = [] if isinstance(root, ast.Lambda) else [root]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            yield node.target.id
        pending.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.Lambda))


def own_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements of a scope's body, inside its `if`, `try`, `with`, `match` and loop blocks
    too, not inside the functions and classes it defines (in no particular order)."""
    found: list[ast.stmt] = []
    pending = list(body)
    while pending:
        statement = pending.pop()
        found.append(statement)
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            pending.extend(getattr(statement, field, ()))
        for block in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
            pending.extend(block.body)
    return found


def binds(statement: ast.stmt, name: str) -> bool:
    """Whether the statement itself (not a block inside it) binds `name`."""
    if any(bound == name and how in _BINDING for bound, how in _statement_bindings(statement)):
        return True
    # `(name := ...)` in the statement's own expressions; its blocks are statements of their own.
    own = (child for child in ast.iter_child_nodes(statement) if not isinstance(child, ast.stmt))
    return any(target == name for child in own for target in _walrus_targets(child))


_BINDING = Bound.IMPORTED | Bound.ASSIGNED


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
