"""Plain statements: one-line statements read from CPython's tree instead of LibCST's.

LibCST's parse is most of the cost of a file whose every line holds a stale name, and a
line such as `x = ThrottleManager(limit=4)  # throttle` needs none of what only LibCST
knows. A statement is plain when it stands alone on an ASCII line (nothing after it but a
comment), is an assignment, expression, return, assertion, deletion or raise, and its
expressions are names, attributes, calls, operators, containers and single literals, with
no parentheses but its calls' own. CPython's tree then places every word exactly where
`NodeCollector`'s visit of LibCST's tree would, with the same context: a test compares the
two on every plain statement of a sample of the standard library.
"""

from __future__ import annotations

import ast
import re

from lint.engine.engine import Engine
from lint.findings import Context
from lint.scan.python_chunks import Placed
from lint.vocabulary.model import RetiredName

_STATEMENTS = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Assert, ast.Delete, ast.Raise)
_NODES = (
    *_STATEMENTS,
    ast.Name,
    ast.Attribute,
    ast.Call,
    ast.keyword,
    ast.Constant,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.Subscript,
    ast.Slice,
    ast.Tuple,
    ast.List,
    ast.Dict,
    ast.Set,
    ast.Starred,
    ast.Await,
    ast.IfExp,
    ast.expr_context,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)
# One string literal, not an implicit concatenation and not an f-string: what LibCST calls
# a `SimpleString`. The two alternatives of its body cannot both match a character.
_SIMPLE_STRING = re.compile(r"""(?i:[rub]{0,2})(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")
_KEYWORD_NAMES = {True: "True", False: "False", None: "None"}


def is_plain(statement: ast.stmt, line: str) -> bool:
    """Whether `statement`, standing on `line` (its text, with or without its ending), is plain."""
    if not isinstance(statement, _STATEMENTS) or statement.end_lineno != statement.lineno or not line.isascii():
        return False
    start, end = statement.col_offset, statement.end_col_offset or 0
    rest = line[end:].rstrip("\r\n").lstrip(" \t\f")
    if line[:start].strip(" \t\f") or (rest and not rest.startswith("#")):
        return False  # another statement shares the line (`a = 1; b = 2`, `if x: y = 1`)
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return False  # a lone string may be a docstring, which depends on where it stands
    calls = 0
    for node in ast.walk(statement):
        if not isinstance(node, _NODES):
            return False
        if isinstance(node, ast.Call):
            calls += 1
            if line[node.func.end_col_offset or 0 : (node.func.end_col_offset or 0) + 1] != "(":
                return False
        elif isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            literal = line[node.col_offset : node.end_col_offset]
            if not _SIMPLE_STRING.fullmatch(literal):
                return False
    # A parenthesised expression belongs to LibCST: its node owns the parentheses.
    return line.count("(", start, end) == calls


def plain_nodes(statement: ast.stmt, line: str, engine: Engine, triggers: frozenset[str]) -> list[Placed]:
    """The nodes of a plain statement worth matching, as `NodeCollector` would place them:
    every comment, and each name, attribute, keyword and string holding a trigger word."""
    reader = _Reader(line, statement.lineno, engine, triggers)
    reader.read(statement)
    end = statement.end_col_offset or 0
    comment = line[end:].rstrip("\r\n")
    hash_at = comment.find("#")
    if hash_at != -1:
        reader.add(comment[hash_at:], Context.COMMENT, end + hash_at)
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

    def add(self, text: str, context: Context, column: int) -> None:
        """Keep a comment, or a node holding a trigger word."""
        lowered = text.lower()
        wanted = any(word in lowered for word in self.triggers)
        if wanted or context is Context.COMMENT:
            self._place(text, context, column, wanted=wanted)

    def _place(
        self, text: str, context: Context, column: int, *, member: RetiredName | None = None, wanted: bool = True
    ) -> None:
        self.placed.append(Placed(text, context, self.number, column, False, member, wanted))

    def read(self, statement: ast.stmt) -> None:
        """Each node in source order; an attribute's name after its value's, as it is written.

        A loop, not a recursion: one line may chain thousands of operators."""
        pending: list[tuple[ast.AST, bool]] = [(statement, False)]
        while pending:
            node, leaving = pending.pop()
            if leaving:
                if isinstance(node, ast.Attribute):
                    self._attribute(node)
                else:
                    self._callees.pop()
            elif isinstance(node, ast.Name):
                self.add(node.id, Context.IDENTIFIER, node.col_offset)
            elif isinstance(node, ast.Constant):
                self._constant(node)
            else:
                if isinstance(node, ast.keyword):
                    self._keyword(node)
                elif isinstance(node, ast.Call):
                    self._callees.append(self.line[node.func.col_offset : node.func.end_col_offset])
                if isinstance(node, (ast.Attribute, ast.Call)):
                    pending.append((node, True))
                children = [child for child in ast.iter_child_nodes(node) if hasattr(child, "col_offset")]
                children.sort(key=lambda child: child.col_offset, reverse=True)
                pending.extend((child, False) for child in children)

    def _constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self.add(self.line[node.col_offset : node.end_col_offset], Context.STRING, node.col_offset)
        elif node.value is None or isinstance(node.value, bool):
            self.add(_KEYWORD_NAMES[node.value], Context.IDENTIFIER, node.col_offset)  # a `Name` to LibCST

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


def member_owner(retired: RetiredName) -> str:
    """`Settings` of a retired member name such as `Settings.timeout`."""
    owner_member = retired.owner_and_member
    assert owner_member is not None  # the engine lists only member names
    return owner_member[0]
