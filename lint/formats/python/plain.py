"""Plain statements: simple statements read from CPython's tree instead of LibCST's.

LibCST's parse is most of the cost of a file whose every line holds a stale name (and its
import alone costs each worker a fifth of a second), and a statement such as
`pool = TransportPool(limit=4)  # shared` needs none of what only LibCST knows. A statement
is plain when it stands alone on its ASCII lines (nothing before it, nothing after it but a
comment) and is an import, or an assignment, expression, return, assertion, deletion or
raise whose expressions are names, attributes, calls, operators, containers and literals
(a docstring, a triple-quoted string, an implicit concatenation, not an f-string), with no
parentheses but its calls' own and a from-import's. It may span lines: a comment inside it is a `#` outside its string
literals, whose spans the tree gives. CPython's tree then places every word exactly where
`NodeCollector`'s visit of LibCST's tree would, with the same context: a test compares the
two on every plain statement of a sample of the standard library.
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
# a `SimpleString`. No two alternatives of a body match the same character; inside triple
# quotes, a quote is one not followed by two more; a backslash escapes a line ending too.
_SIMPLE_STRING = re.compile(
    r"(?i:[rub]{0,2})(?:"
    r"'''(?:[^'\\]|\\[\s\S]|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\[\s\S])*'"
    r'|"(?:[^"\\\n]|\\[\s\S])*")'
)
# What may stand between the parts of an implicit concatenation: spaces, line endings
# (inside brackets, or escaped), comments.
_BETWEEN_STRINGS = re.compile(r"(?:[ \t\f\r\n]|\\\r?\n|#[^\r\n]*)*")
_KEYWORD_NAMES = {True: "True", False: "False", None: "None"}
_FROM_MODULE = re.compile(r"from[ \t\f]+\.*[ \t\f]*([\w.]+)[ \t\f]+import\b")
_AS_NAME = re.compile(r"[ \t\f]+as[ \t\f]+(\w+)")


def plain_nodes(
    statement: ast.stmt, lines: list[str], docstring: bool, engine: Engine, triggers: frozenset[str]
) -> list[Placed] | None:
    """The nodes of a plain statement worth matching, as `NodeCollector` would place them:
    every comment, and each name, attribute, keyword and string holding a trigger word.
    None when the statement (of the file's `lines`, kept with their endings) is not plain.
    `docstring`: the statement is its scope's first, so a lone string is the docstring."""
    plain_kind = type(statement) in _STATEMENT_FIELDS or isinstance(statement, (ast.Import, ast.ImportFrom))
    if not plain_kind:
        return None
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    if not all(line.isascii() for line in lines[first - 1 : last]):
        return None
    after = lines[last - 1][statement.end_col_offset or 0 :].strip(" \t\f\r\n")
    if lines[first - 1][: statement.col_offset].strip(" \t\f") or (after and not after.startswith("#")):
        return None  # another statement shares a line (`a = 1; b = 2`, `if x: y = 1`)
    reader = _Reader(lines, engine, triggers)
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        if not reader.read_import(statement):
            return None
    else:
        if docstring and isinstance(statement, ast.Expr):
            reader.docstring = statement.value
        if not reader.read(statement):
            return None
    return reader.placed if reader.read_comments(statement) else None


_Span = tuple[tuple[int, int], tuple[int, int]]  # (line, column) where a node starts and ends


class _Reader:
    """Reads one plain statement's tree in source order."""

    def __init__(self, lines: list[str], engine: Engine, triggers: frozenset[str]) -> None:
        self.lines = lines
        self.engine = engine
        self.triggers = triggers
        self.placed: list[Placed] = []
        self.docstring: ast.expr | None = None
        self._callees: list[str] = []
        self._strings: list[_Span] = []
        self._own_parentheses = 0  # its calls', and a from-import's

    def add(self, text: str, context: Context, line: int, column: int, *, module_path: bool = False) -> None:
        """Keep a comment, or a node holding a trigger word."""
        wanted = holds_trigger(text, self.triggers)
        if wanted or context is Context.COMMENT:
            self._place(text, context, line, column, wanted=wanted, module_path=module_path)

    def _place(
        self,
        text: str,
        context: Context,
        line: int,
        column: int,
        *,
        member: RetiredName | None = None,
        wanted: bool = True,
        module_path: bool = False,
    ) -> None:
        self.placed.append(Placed(text, context, line, column, module_path, member, wanted))

    def read(self, statement: ast.stmt) -> bool:
        """Each node in source order (an attribute's name after its value's, as it is
        written); False at the first that makes the statement not plain.

        A loop, not a recursion: one line may chain thousands of operators."""
        pending: list[ast.AST | _Leave] = [*reversed(_children(statement, _STATEMENT_FIELDS[type(statement)]))]
        while pending:
            node = pending.pop()
            if isinstance(node, ast.Name):
                self.add(node.id, Context.IDENTIFIER, node.lineno, node.col_offset)
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
        name (`a . b`) or a line parts a name from its `as`, which LibCST writes as it stands."""
        first_line = self.lines[statement.lineno - 1]
        if isinstance(statement, ast.ImportFrom):
            written = _FROM_MODULE.match(first_line, statement.col_offset)
            if written is None or written.group(1) != (statement.module or written.group(1)):
                return False
            if statement.module is not None:
                self.add(statement.module, Context.IMPORT, statement.lineno, written.start(1), module_path=True)
            self._own_parentheses = int(first_line.startswith("(", _after_spaces(first_line, written.end())))
        for alias in statement.names:
            if alias.name == "*":
                continue
            line = self.lines[alias.lineno - 1]
            if line[alias.col_offset : alias.col_offset + len(alias.name)] != alias.name:
                return False
            path = isinstance(statement, ast.Import)
            self.add(alias.name, Context.IMPORT, alias.lineno, alias.col_offset, module_path=path)
            if alias.asname:
                written = _AS_NAME.match(line, alias.col_offset + len(alias.name))
                if written is None or written.group(1) != alias.asname:
                    return False
                self.add(alias.asname, Context.IMPORT, alias.lineno, written.start(1))
        return True

    def read_comments(self, statement: ast.stmt) -> bool:
        """Place the comments inside and after the statement (each `#` outside its string
        literals) and order what was placed as it is written; False when the statement holds
        parentheses of its own: a parenthesised expression belongs to LibCST, whose node
        owns the parentheses.

        The literals never overlap, so in order of start they are in order of end too: one
        pass over them, beside the pass over the lines, tells each `#` (linear in both)."""
        first, last = statement.lineno, statement.end_lineno or statement.lineno
        strings = sorted(self._strings)
        parentheses = self._written(statement).count("(") - sum(self._between(*span).count("(") for span in strings)
        open_string = 0  # the first literal that does not end before the `#` looked at
        for number in range(first, last + 1):
            line = self.lines[number - 1].rstrip("\r\n")
            hash_at = line.find("#", statement.col_offset if number == first else 0)
            while hash_at != -1:
                while open_string < len(strings) and strings[open_string][1] <= (number, hash_at):
                    open_string += 1
                if open_string == len(strings) or (number, hash_at) < strings[open_string][0]:
                    break  # outside every literal: a comment
                hash_at = line.find("#", hash_at + 1)
            if hash_at != -1:
                if number < last:  # inside the statement, not after it
                    parentheses -= line.count("(", hash_at)
                self.add(line[hash_at:], Context.COMMENT, number, hash_at)
        self.placed.sort(key=_written_order)
        return parentheses == self._own_parentheses

    def _written(self, node: ast.expr | ast.stmt) -> str:
        """A node's source text, over one line or several."""
        end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
        return self._between((node.lineno, node.col_offset), end)

    def _between(self, start: tuple[int, int], end: tuple[int, int]) -> str:
        (first, column), (last, end_column) = start, end
        if first == last:
            return self.lines[first - 1][column:end_column]
        middle = "".join(self.lines[first : last - 1])
        return self.lines[first - 1][column:] + middle + self.lines[last - 1][:end_column]

    def _call(self, node: ast.Call) -> bool:
        """Note the function a call's keywords belong to; False when a space parts it from `(`."""
        func = node.func
        func_end = func.end_col_offset or 0
        if self.lines[(func.end_lineno or func.lineno) - 1][func_end : func_end + 1] != "(":
            return False
        self._own_parentheses += 1
        self._callees.append(self._written(func))
        return True

    def _constant(self, node: ast.Constant) -> bool:
        """Read a literal; False for a string that is not simple literals (an f-string)."""
        if isinstance(node.value, (str, bytes)):
            literal = self._written(node)
            parts = _string_parts(literal)
            if parts is None:
                return False
            line, column, read = node.lineno, node.col_offset, 0
            for offset, part in parts:  # what LibCST calls a `ConcatenatedString`'s strings
                line, column = _moved(line, column, literal[read:offset])
                end = _moved(line, column, part)
                self._strings.append(((line, column), end))
                if isinstance(node.value, bytes):  # placed, not matched
                    self._place(part, Context.STRING, line, column, wanted=False)
                else:
                    context = Context.DOCSTRING if node is self.docstring else Context.STRING
                    self.add(part, context, line, column)
                (line, column), read = end, offset + len(part)
        elif node.value is None or isinstance(node.value, bool):
            self.add(_KEYWORD_NAMES[node.value], Context.IDENTIFIER, node.lineno, node.col_offset)  # a `Name`
        return True

    def _keyword(self, node: ast.keyword) -> None:
        if node.arg is None:
            return  # `**options`
        callee = self._callees[-1]
        for retired in self.engine.member_names.get(node.arg, ()):
            owner = member_owner(retired)
            if callee == owner or callee.endswith("." + owner):
                self._place(node.arg, Context.KEYWORD, node.lineno, node.col_offset, member=retired)
                return
        self.add(node.arg, Context.KEYWORD, node.lineno, node.col_offset)

    def _attribute(self, node: ast.Attribute) -> None:
        member = node.attr
        line, column = node.end_lineno or node.lineno, (node.end_col_offset or 0) - len(member)
        for retired in self.engine.member_names.get(member, ()):
            owner = member_owner(retired)
            written = self._written(node)
            if "\n" not in written and written.endswith(f"{owner}.{member}"):
                # A dotted member name (`Owner.member`) spans two nodes: report it as one attribute.
                start = column - len(owner) - 1
                self._place(f"{owner}.{member}", Context.ATTRIBUTE, line, start)
                return
        self.add(member, Context.ATTRIBUTE, line, column)


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
        children.sort(key=_position)
    return children


def _string_parts(literal: str) -> list[tuple[int, str]] | None:
    """The simple string literals an implicit concatenation (or a lone literal) is written
    as, with their offsets; None when one part is not simple (an f-string)."""
    parts = []
    at = 0
    while True:
        found = _SIMPLE_STRING.match(literal, at)
        if found is None:
            return None
        parts.append((at, found.group()))
        at = _BETWEEN_STRINGS.match(literal, found.end()).end()  # type: ignore[union-attr]  # matches ""
        if at == len(literal):
            return parts


def _moved(line: int, column: int, text: str) -> tuple[int, int]:
    """Where `text`, written from (line, column), ends."""
    breaks = text.count("\n")
    if not breaks:
        return line, column + len(text)
    return line + breaks, len(text) - text.rfind("\n") - 1


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def _written_order(placed: Placed) -> tuple[int, int]:
    return placed.line, placed.column


def _after_spaces(line: str, column: int) -> int:
    """Where the first character after `column` that is not a space stands."""
    return len(line) - len(line[column:].lstrip(" \t\f"))


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
