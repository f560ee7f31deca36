"""What a Python file defines: the names a rename leaves behind.

Classes, functions and methods, module-level names, class attributes and dataclass or
pydantic fields, `self.` attributes, and the parameters of public functions; never a
function nested in another, a local, or a parameter of a private function (they are no
one's vocabulary, and a name they share says nothing about whether a public one is gone).
Read with `ast`: a revision holds hundreds of files and only their outline is needed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

# Kinds that stand for the same thing to a reader: a name lives on while one of its family does.
FAMILIES = {
    "class": "top",
    "function": "top",
    "variable": "top",
    "method": "member",
    "attribute": "member",
    "parameter": "parameter",
    "module": "module",
}


@dataclass(frozen=True)
class Definition:
    """One defined name and where it belongs."""

    name: str
    kind: str  # module, class, function, method, variable, attribute, parameter
    owner: str  # the dotted module, class or function it is defined in
    path: str

    @property
    def qualified(self) -> str:
        """`package.module.Class.name`."""
        return f"{self.owner}.{self.name}" if self.owner else self.name

    @property
    def family(self) -> str:
        """`top`, `member`, `parameter` or `module`: what a same-named definition keeps alive."""
        return FAMILIES[self.kind]


def definitions(path: str, text: str, module: str | None) -> list[Definition]:
    """Everything `path`, the file of `module`, defines (empty when it does not parse, or when
    no import reaches it: `module` None, a script such as `fern/scripts/build-docs.py`)."""
    if module is None:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    collector = _Collector(module, path)
    collector.visit(tree)
    package, _, name = module.rpartition(".")
    return [Definition(name, "module", package, path), *collector.found]


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, path: str) -> None:
        self.path = path
        self.scopes: list[tuple[str, str]] = [("module", module)]  # (kind, dotted name)
        self.found: list[Definition] = []

    def add(self, name: str, kind: str, owner: str) -> None:
        self.found.append(Definition(name, kind, owner, self.path))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        kind, owner = self.scopes[-1]
        if kind == "function":
            return
        self.add(node.name, "class", owner)
        self.scopes.append(("class", f"{owner}.{node.name}"))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        kind, owner = self.scopes[-1]
        if kind == "function":
            return
        self.add(node.name, "method" if kind == "class" else "function", owner)
        if not node.name.startswith("_") or node.name == "__init__":
            for argument in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                if argument.arg not in ("self", "cls"):
                    self.add(argument.arg, "parameter", f"{owner}.{node.name}")
        if kind == "class":
            self._self_attributes(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def _self_attributes(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """`self.name = ...` anywhere in a method (nested blocks included) defines an attribute."""
        classes = [dotted for kind, dotted in self.scopes if kind == "class"]
        if not classes:
            return
        for node in _statements(function.body):
            for target in _targets(node):
                for element in _elements(target):
                    if (
                        isinstance(element, ast.Attribute)
                        and isinstance(element.value, ast.Name)
                        and element.value.id == "self"
                    ):
                        self.add(element.attr, "attribute", classes[-1])

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._bind(node.target)

    def _bind(self, target: ast.expr) -> None:
        kind, owner = self.scopes[-1]
        for element in _elements(target):
            if isinstance(element, ast.Name):
                self.add(element.id, "variable" if kind == "module" else "attribute", owner)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a block and the blocks inside it (not the expressions: most of a tree)."""
    for statement in body:
        yield statement
        for block in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(statement, block, None)
            if isinstance(inner, list):
                yield from _statements(inner)


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return [node.target]
    return []


def _elements(target: ast.expr) -> list[ast.expr]:
    """The names a target binds: `a, (b, c) = ...` binds three."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return [inner for element in target.elts for inner in _elements(element)]
    if isinstance(target, ast.Starred):
        return _elements(target.value)
    return [target]
