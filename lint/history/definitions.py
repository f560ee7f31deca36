"""What a Python file defines, read with LibCST: the names a rename leaves behind.

Modules (from the file's path: a `src/` layout and `__init__.py` are understood),
classes, functions and methods, module-level names, class attributes and dataclass or
pydantic fields, `self.` attributes, and the parameters of public functions.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst


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


def module_path(path: str) -> str | None:
    """The dotted module of a `.py` path (`src/pkg/mod.py` -> `pkg.mod`), or None."""
    if not path.endswith(".py"):
        return None
    parts = path[: -len(".py")].split("/")
    if parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)


def definitions(path: str, text: str) -> list[Definition]:
    """Everything `path` defines (empty when it does not parse)."""
    module = module_path(path)
    if module is None:
        return []
    try:
        tree = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, ValueError):
        return []
    collector = _Collector(module, path)
    tree.visit(collector)
    return [Definition(module.rpartition(".")[2], "module", module.rpartition(".")[0], path), *collector.found]


def defined_names(text: str) -> set[str]:
    """A fast, coarser answer for files that did not change: every name `text` binds."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
            names.update(argument.arg for argument in [*node.args.args, *node.args.kwonlyargs])
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return names


class _Collector(cst.CSTVisitor):
    def __init__(self, module: str, path: str) -> None:
        super().__init__()
        self.path = path
        self.scopes: list[tuple[str, str]] = [("module", module)]  # (kind, dotted name)
        self.found: list[Definition] = []

    def add(self, name: str, kind: str, owner: str) -> None:
        self.found.append(Definition(name, kind, owner, self.path))

    @property
    def owner(self) -> str:
        return self.scopes[-1][1]

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self.scopes[-1][0] != "function":
            self.add(node.name.value, "class", self.owner)
        self.scopes.append(("class", f"{self.owner}.{node.name.value}"))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        kind, owner = self.scopes[-1]
        name = node.name.value
        if kind != "function":
            self.add(name, "method" if kind == "class" else "function", owner)
            if not name.startswith("_") or name == "__init__":
                parameters = [*node.params.params, *node.params.kwonly_params]
                for parameter in parameters:
                    if parameter.name.value not in ("self", "cls"):
                        self.add(parameter.name.value, "parameter", f"{owner}.{name}")
        self.scopes.append(("function", f"{owner}.{name}"))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target(target.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def _target(self, target: cst.BaseExpression) -> None:
        kind, owner = self.scopes[-1]
        if isinstance(target, cst.Name) and kind in ("module", "class"):
            self.add(target.value, "variable" if kind == "module" else "attribute", owner)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self":
            classes = [dotted for scope_kind, dotted in self.scopes if scope_kind == "class"]
            if classes:
                self.add(target.attr.value, "attribute", classes[-1])
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)
