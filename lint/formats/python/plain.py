"""Plain statements: one-line statements read from CPython's tree instead of LibCST's.

LibCST's parse is most of the cost of a file whose every line holds a stale name, and a
line such as `pool = TransportPool(limit=4)  # shared` needs none of what only LibCST
knows. A statement is plain when it stands alone on an ASCII line (nothing after it but a
comment), is an import without parentheses, or an assignment, expression, return,
assertion, deletion or raise whose expressions are names, attributes, calls, operators,
containers and single literals, with no parentheses but its calls' own. CPython's tree
then places every word exactly where `NodeCollector`'s visit of LibCST's tree would, with
the same context: a test compares the two on every plain statement of a sample of the
standard library.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import NamedTuple

from lint.engine.engine import Engine
from lint.findings import Context
from lint.formats.python.chunks import Placed
from lint.vocabulary.model import RetiredName

# The fields that hold expressions, of each node a plain statement may hold (the others
# hold operators, contexts and plain names). A statement of any other kind is not plain.
_STATEMENT_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    ast.Expr: ("value",),
    ast.Assign: ("targets", "value"),
    ast.AugAssign: ("target", "value"),
    ast.AnnAssign: ("target", "annotation", "value"),
    ast.Return: ("value",),
    ast.Assert: ("test", "msg"),
    ast.Delete: ("targets",),
    ast.Raise: ("exc", "cause"),
}
_EXPRESSION_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    ast.Attribute: ("value",),
    ast.Call: ("func", "args", "keywords"),
    ast.keyword: ("value",),
    ast.BinOp: ("left", "right"),
    ast.UnaryOp: ("operand",),
    ast.BoolOp: ("values",),
    ast.Compare: ("left", "comparators"),
    ast.Subscript: ("value", "slice"),
    ast.Slice: ("lower", "upper", "step"),
    ast.Tuple: ("elts",),
    ast.List: ("elts",),
    ast.Set: ("elts",),
    ast.Dict: ("keys", "values"),
    ast.Starred: ("value",),
    ast.Await: ("value",),
    ast.IfExp: ("test", "body", "orelse"),
}
_OUT_OF_ORDER = (ast.Call, ast.Dict, ast.IfExp)  # fields not in source order
# One string literal, not an implicit concatenation and not an f-string: what LibCST calls
# a `SimpleString`. The two alternatives of its body cannot both match a character.
_SIMPLE_STRING = re.compile(r"""(?i:[rub]{0,2})(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")
_KEYWORD_NAMES = {True: "True", False: "False", None: "None"}
_FROM_MODULE = re.compile(r"from[ \t\f]+\.*[ \t\f]*([\w.]+)[ \t\f]+import\b")
_AS_NAME = re.compile(r"[ \t\f]+as[ \t\f]+(\w+)")


def plain_nodes(statement: ast.stmt, line: str, engine: Engine, triggers: frozenset[str]) -> list[Placed] | None:
    """The nodes of a plain statement worth matching, as `NodeCollector` would place them:
    every comment, and each name, attribute, keyword and string holding a trigger word.
    None when the statement, standing on `line` (with or without its ending), is not plain."""
    plain_kind = type(statement) in _STATEMENT_FIELDS or isinstance(statement, (ast.Import, ast.ImportFrom))
    if not plain_kind or statement.end_lineno != statement.lineno or not line.isascii():
        return None
    start, end = statement.col_offset, statement.end_col_offset or 0
    after = line[end:].rstrip("\r\n")
    rest = after.lstrip(" \t\f")
    if line[:start].strip(" \t\f") or (rest and not rest.startswith("#")):
        return None  # another statement shares the line (`a = 1; b = 2`, `if x: y = 1`)
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return None  # a lone string may be a docstring, which depends on where it stands
    reader = _Reader(line, statement.lineno, engine, triggers)
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        if "(" in line[start:end] or not reader.read_import(statement):
            return None
    # A parenthesised expression belongs to LibCST: its node owns the parentheses.
    elif not reader.read(statement) or line.count("(", start, end) != reader.calls:
        return None
    if rest:
        reader.add(rest, Context.COMMENT, end + len(after) - len(rest))
    return reader.placed


class _Reader:
    """Reads one plain statement's tree in source order."""

    def __init__(self, line: str, number: int, engine: Engine, triggers: frozenset[str]) -> None:
        self.line = line
        self.number = number
        self.engine = engine
        self.triggers = triggers
        self.placed: list[Placed] = []
        self._callees: list[str] = []
        self.calls = 0

    def add(self, text: str, context: Context, column: int, *, module_path: bool = False) -> None:
        """Keep a comment, or a node holding a trigger word."""
        wanted = holds_trigger(text, self.triggers)
        if wanted or context is Context.COMMENT:
            self._place(text, context, column, wanted=wanted, module_path=module_path)

    def _place(
        self,
        text: str,
        context: Context,
        column: int,
        *,
        member: RetiredName | None = None,
        wanted: bool = True,
        module_path: bool = False,
    ) -> None:
        self.placed.append(Placed(text, context, self.number, column, module_path, member, wanted))

    def read(self, statement: ast.stmt) -> bool:
        """Each node in source order (an attribute's name after its value's, as it is
        written); False at the first that makes the statement not plain.

        A loop, not a recursion: one line may chain thousands of operators."""
        pending: list[ast.AST | _Leave] = [*reversed(_children(statement, _STATEMENT_FIELDS[type(statement)]))]
        while pending:
            node = pending.pop()
            if isinstance(node, ast.Name):
                self.add(node.id, Context.IDENTIFIER, node.col_offset)
                continue
            if isinstance(node, ast.Constant):
                if not self._constant(node):
                    return False
                continue
            if isinstance(node, _Leave):
                node.leave()
                continue
            fields = _EXPRESSION_FIELDS.get(type(node))
            if fields is None:
                return False
            if isinstance(node, ast.keyword):
                self._keyword(node)
            elif isinstance(node, ast.Call):
                if not self._call(node):
                    return False
                pending.append(_Leave(self._callees.pop))
            elif isinstance(node, ast.Attribute):
                pending.append(_Leave(partial(self._attribute, node)))
            pending.extend(reversed(_children(node, fields)))
        return True

    def read_import(self, statement: ast.Import | ast.ImportFrom) -> bool:
        """An import's module paths and names as written; False where spacing parts a dotted
        name (`a . b`), which LibCST's node writes as it stands."""
        if isinstance(statement, ast.ImportFrom) and statement.module is not None:
            written = _FROM_MODULE.match(self.line, statement.col_offset)
            if written is None or written.group(1) != statement.module:
                return False
            self.add(statement.module, Context.IMPORT, written.start(1), module_path=True)
        for alias in statement.names:
            if alias.name == "*":
                continue
            if self.line[alias.col_offset : alias.col_offset + len(alias.name)] != alias.name:
                return False
            self.add(alias.name, Context.IMPORT, alias.col_offset, module_path=isinstance(statement, ast.Import))
            if alias.asname:
                written = _AS_NAME.match(self.line, alias.col_offset + len(alias.name))
                if written is None or written.group(1) != alias.asname:
                    return False
                self.add(alias.asname, Context.IMPORT, written.start(1))
        return True

    def _call(self, node: ast.Call) -> bool:
        """Note the function a call's keywords belong to; False when a space parts it from `(`."""
        func_end = node.func.end_col_offset or 0
        if self.line[func_end : func_end + 1] != "(":
            return False
        self.calls += 1
        self._callees.append(self.line[node.func.col_offset : func_end])
        return True

    def _constant(self, node: ast.Constant) -> bool:
        """Read a literal; False for a string that is not one simple literal."""
        if isinstance(node.value, (str, bytes)):
            literal = self.line[node.col_offset : node.end_col_offset]
            if not _SIMPLE_STRING.fullmatch(literal):
                return False
            if isinstance(node.value, str):
                self.add(literal, Context.STRING, node.col_offset)
            else:
                self._place(literal, Context.STRING, node.col_offset, wanted=False)  # bytes: placed, not matched
        elif node.value is None or isinstance(node.value, bool):
            self.add(_KEYWORD_NAMES[node.value], Context.IDENTIFIER, node.col_offset)  # a `Name` to LibCST
        return True

    def _keyword(self, node: ast.keyword) -> None:
        if node.arg is None:
            return  # `**options`
        callee = self._callees[-1]
        for retired in self.engine.member_names.get(node.arg, ()):
            owner = member_owner(retired)
            if callee == owner or callee.endswith("." + owner):
                self._place(node.arg, Context.KEYWORD, node.col_offset, member=retired)
                return
        self.add(node.arg, Context.KEYWORD, node.col_offset)

    def _attribute(self, node: ast.Attribute) -> None:
        member = node.attr
        column = (node.end_col_offset or 0) - len(member)
        for retired in self.engine.member_names.get(member, ()):
            owner = member_owner(retired)
            if self.line[node.col_offset : node.end_col_offset].endswith(f"{owner}.{member}"):
                # A dotted member name (`Owner.member`) spans two nodes: report it as one attribute.
                self._place(f"{owner}.{member}", Context.ATTRIBUTE, column - len(owner) - 1)
                return
        self.add(member, Context.ATTRIBUTE, column)


class _Leave(NamedTuple):
    """What to do once a node's children are read."""

    leave: Callable[[], object]


def _children(node: ast.AST, fields: tuple[str, ...]) -> list[ast.AST]:
    """A plain node's expressions and keywords, from its `fields`, in source order."""
    children: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name)
        if type(value) is list:
            children.extend(item for item in value if item is not None)  # a `Dict`'s `**` key
        elif value is not None:
            children.append(value)
    if isinstance(node, _OUT_OF_ORDER):
        children.sort(key=_column)
    return children


def _column(node: ast.AST) -> int:
    return getattr(node, "col_offset", 0)


@lru_cache(maxsize=4096)
def holds_trigger(text: str, triggers: frozenset[str]) -> bool:
    """Whether `text` holds a trigger word (remembered: a file repeats its names)."""
    lowered = text.lower()
    return any(word in lowered for word in triggers)


def member_owner(retired: RetiredName) -> str:
    """`Settings` of a retired member name such as `Settings.timeout`."""
    owner_member = retired.owner_and_member
    assert owner_member is not None  # the engine lists only member names
    return owner_member[0]
