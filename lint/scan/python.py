"""Scan Python source with LibCST, knowing where each word stands.

Only files that pass the prefilter get here. The visitor reads names, attributes, keyword
arguments, imports, strings, docstrings and comments, asks the rule engine about each, and
turns offsets into exact 1-based positions. A file LibCST cannot parse (a syntax error,
Python 2, a template, nesting past the recursion limit) is scanned token by token instead,
with a `parse-error` warning, so no removed name is missed.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from lint.engine.engine import SUPPRESSION_MARKER, Engine, FileScope
from lint.findings import Context, Finding
from lint.lines import LineIndex
from lint.rules import Rule
from lint.scan.segments import Segment, hit_to_finding, segment_findings
from lint.scan.suppressions import Directive, Suppressions, Verb, parse_directive
from lint.vocabulary.model import RetiredName


@dataclass(frozen=True)
class _Pending:
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


class _Collector(cst.CSTVisitor):
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
        self.pending: list[_Pending] = []
        self._handled: set[int] = set()
        self._docstrings: set[int] = set()
        self._callees: list[str] = []

    def _wanted(self, text: str) -> bool:
        lowered = text.lower()
        return any(word in lowered for word in self.triggers)

    def _add(self, node: cst.CSTNode, text: str, context: Context, *, module_path: bool = False) -> None:
        wanted = self._wanted(text)
        # Every comment is placed, for its directives; only those with a vocabulary word are matched.
        if wanted or context is Context.COMMENT:
            self.pending.append(_Pending(node, text, text, context, module_path=module_path, wanted=wanted))

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

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            self._import_alias(alias, module_path=True)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.module is not None:
            self._add_name(node.module, Context.IMPORT, module_path=True)
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self._import_alias(alias, module_path=False)
        return False

    def _import_alias(self, alias: cst.ImportAlias, *, module_path: bool) -> None:
        self._add_name(alias.name, Context.IMPORT, module_path=module_path)
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            self._add_name(alias.asname.name, Context.IMPORT)

    # Names, attributes, keywords ----------------------------------------------------------
    # An attribute name follows its value in the source, so it is taken when the attribute
    # is left, after the value's names.

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._handled.add(id(node.attr))

    def leave_Attribute(self, original_node: cst.Attribute) -> None:
        member = original_node.attr.value
        for retired in self.engine.member_names.get(member, ()):
            owner = _owner(retired)
            written = self.module.code_for_node(original_node)
            if "\n" not in written and written.endswith(f"{owner}.{member}"):
                # A dotted member name (`Owner.member`) spans two nodes: report it as one attribute.
                text = f"{owner}.{member}"
                self.pending.append(_Pending(original_node.attr, member, text, Context.ATTRIBUTE, -len(owner) - 1))
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
            owner = _owner(retired)
            if callee == owner or callee.endswith("." + owner):
                self.pending.append(_Pending(keyword, keyword.value, keyword.value, Context.KEYWORD, member=retired))
                return
        self._add(keyword, keyword.value, Context.KEYWORD)

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self._handled:
            self._add(node, node.value, Context.IDENTIFIER)

    # Strings and comments ---------------------------------------------------------------

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "b" in node.prefix.lower():
            return
        context = Context.DOCSTRING if id(node) in self._docstrings else Context.STRING
        self._add(node, node.value, context)

    def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
        self._add(node, node.value, Context.STRING)

    def visit_Comment(self, node: cst.Comment) -> None:
        self._add(node, node.value, Context.COMMENT)


def _place(source: str, module: cst.Module, pending: list[_Pending]) -> list[tuple[_Pending, int, int]]:
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


def _fits(source: str, found: int, entry: _Pending) -> bool:
    """Whether the anchor found at `found` is a whole token of its kind, not part of another."""
    after = source[found + len(entry.anchor) : found + len(entry.anchor) + 1]
    if entry.context is Context.COMMENT:
        return after in ("", "\n", "\r")
    if entry.context in (Context.STRING, Context.DOCSTRING):
        return True
    before = source[found - 1 : found] if found else ""
    return not (before.isidentifier() or before.isdigit() or after.isidentifier() or after.isdigit())


def _place_by_metadata(module: cst.Module, pending: list[_Pending]) -> list[tuple[_Pending, int, int]]:
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return [(e, positions[e.node].start.line, positions[e.node].start.column + e.offset) for e in pending]


class NestingTooDeep(ValueError):
    """The source nests deeper than the parsers can take without exhausting the C stack."""


def _outline(source: str) -> ast.Module | None:
    """CPython's own parse of the file: the outline of its top-level statements.

    It refuses what would crash LibCST's native parser (thousands of nested brackets) with
    a clean error. Any other syntax error gives None and is left to LibCST, which knows
    newer grammar than the running Python.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the user's invalid escapes are not our warnings
            return ast.parse(source)
    except (RecursionError, MemoryError) as exc:
        raise NestingTooDeep("nesting too deep for the parser") from exc
    except SyntaxError as exc:
        if "too many nested" in str(exc.msg) or "too complex" in str(exc.msg):
            raise NestingTooDeep("nesting too deep for the parser") from exc
        return None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Chunk:
    """Consecutive top-level statements (1-based lines, inclusive) parsed on their own."""

    first: int
    last: int
    starts_module: bool


def _chunks(outline: ast.Module, needed: set[int]) -> tuple[list[_Chunk], set[int]]:
    """The statements that hold a needed line, merged; and needed lines outside statements.

    Lines outside every top-level statement are blank or hold only a comment.
    """
    spans = []
    for index, statement in enumerate(outline.body):
        decorators = getattr(statement, "decorator_list", [])
        first = min([statement.lineno, *(d.lineno for d in decorators)])
        spans.append(_Chunk(first, statement.end_lineno or statement.lineno, index == 0))
    chosen: list[_Chunk] = []
    covered: set[int] = set()
    for span in spans:
        if any(span.first <= line <= span.last for line in needed):
            if chosen and span.first <= chosen[-1].last:
                chosen[-1] = _Chunk(chosen[-1].first, max(chosen[-1].last, span.last), chosen[-1].starts_module)
            else:
                chosen.append(span)
        covered.update(range(span.first, span.last + 1))
    return chosen, needed - covered


def _owner(retired: RetiredName) -> str:
    owner_member = retired.owner_and_member
    assert owner_member is not None
    return owner_member[0]


def python_segments(
    source: str, engine: Engine
) -> tuple[list[Segment], list[Segment], list[tuple[Segment, RetiredName]]]:
    """Segments, comments and member keywords (`timeout=` of `Settings(...)`) of `source`.

    Only nodes holding a word of a candidate phrase of the whole file become segments.
    Raises on a parse failure.
    """
    outline = _outline(source)
    triggers, needed = engine.trigger_words(source)
    lines = source.splitlines(keepends=True)
    if outline is None:
        pieces = [(_Chunk(1, len(lines), True), source)]
        loose: set[int] = set()
    else:
        # Only the top-level statements that hold a candidate (or a directive) are given to
        # LibCST; the rest of the file costs nothing more.
        needed |= {number for number, line in enumerate(lines, 1) if SUPPRESSION_MARKER in line}
        chunks, loose = _chunks(outline, needed)
        pieces = [(chunk, "".join(lines[chunk.first - 1 : chunk.last])) for chunk in chunks]
    segments: list[Segment] = []
    comments: list[Segment] = []
    members: list[tuple[Segment, RetiredName]] = []
    for chunk, text in pieces:
        module = cst.parse_module(text)
        collector = _Collector(module, engine, triggers, module_docstring=chunk.starts_module)
        module.visit(collector)
        for entry, line, column in _place(text, module, collector.pending):
            segment = Segment(entry.text, entry.context, line + chunk.first - 1, column, entry.module_path)
            if entry.member is not None:
                members.append((segment, entry.member))
            elif entry.wanted:
                segments.append(segment)
            if entry.context is Context.COMMENT:
                comments.append(segment)
    for number in sorted(loose):
        text = lines[number - 1].rstrip("\r\n") if number <= len(lines) else ""
        hash_at = text.find("#")
        if hash_at != -1:
            comment = Segment(text[hash_at:], Context.COMMENT, number, hash_at)
            segments.append(comment)
            comments.append(comment)
    return segments, comments, members


def token_segments(source: str) -> tuple[list[Segment], list[Segment]]:
    """Segments from Python's tokenizer, for source LibCST cannot parse.

    Whatever the tokenizer cannot reach (after an unterminated string, say) is scanned as
    plain lines, with the `identifier` context.
    """
    segments: list[Segment] = []
    comments: list[Segment] = []
    kinds = {tokenize.NAME: Context.IDENTIFIER, tokenize.STRING: Context.STRING, tokenize.COMMENT: Context.COMMENT}
    reached = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            reached = token.end[0]
            context = kinds.get(token.type)
            if context is None:
                continue
            segment = Segment(token.string, context, token.start[0], token.start[1])
            segments.append(segment)
            if context is Context.COMMENT:
                comments.append(segment)
    except (tokenize.TokenError, SyntaxError):
        lines = source.splitlines()
        segments.extend(
            Segment(text, Context.IDENTIFIER, number, 0) for number, text in enumerate(lines[reached:], reached + 1)
        )
    return segments, comments


MAX_PARSED_CHARS = 2_000_000


class TooLarge(ValueError):
    """A source too large to give to LibCST (its syntax tree would take gigabytes)."""


def scan_python(source: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
    """All findings of one Python source, suppressions applied."""
    findings: list[Finding] = []
    try:
        if len(source) > MAX_PARSED_CHARS:
            raise TooLarge(f"larger than {MAX_PARSED_CHARS // 1_000_000} million characters")
        segments, comments, member_keywords = python_segments(source, engine)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as exc:
        findings.append(_parse_error(exc, path, source, engine))
        segments, comments = token_segments(source)
        member_keywords = []
    for segment in segments:
        # A directive names the ids it allows; its own text is not a finding.
        if segment.context is not Context.COMMENT or parse_directive(segment.text) is None:
            findings.extend(segment_findings(segment, engine, scope, path))
    for segment, retired in member_keywords:
        hit = engine.member_hit(retired, segment.text, scope)
        if hit is not None:
            findings.append(hit_to_finding(hit, segment, path))
    return apply_python_suppressions(findings, comments, source, path, engine)


def apply_python_suppressions(
    findings: list[Finding], comments: list[Segment], source: str, path: str, engine: Engine
) -> list[Finding]:
    """Apply `# vocab-lint:` directives: end of line, own line (next line), off/on regions."""
    lines = source.splitlines()
    suppressions = Suppressions(engine.aliases)
    directives = []
    for comment in comments:
        parsed = parse_directive(comment.text)
        if parsed is None:
            continue
        verb, ids = parsed
        end_column = comment.column + len(comment.text) + 1
        directive = Directive(verb, ids, comment.line, comment.column + 1, end_column, comment.text, Context.COMMENT)
        directives.append(directive)
        if verb is Verb.ALLOW:
            own_line = not lines[comment.line - 1][: comment.column].strip()
            target = _next_code_line(lines, comment.line) if own_line else comment.line
            suppressions.allow(directive, target, target)
    suppressions.regions(directives, len(lines))
    return suppressions.apply(findings, path)


def _next_code_line(lines: list[str], after: int) -> int:
    """The first line after `after` that holds code (not blank, not only a comment)."""
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return after + 1


def _parse_error(exc: Exception, path: str, source: str, engine: Engine) -> Finding:
    if isinstance(exc, cst.ParserSyntaxError):
        line, column = exc.raw_line, exc.raw_column + 1
        reason = exc.message
    else:
        line, column = 1, 1
        reason = "nesting too deep for the parser" if isinstance(exc, RecursionError) else str(exc)
    line = max(1, min(line, source.count("\n") + 1))
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        rule=Rule.PARSE_ERROR,
        severity=Rule.PARSE_ERROR.default_severity,
        term="python",
        matched="",
        context=Context.IDENTIFIER,
        message=f"could not parse as Python ({reason}); scanned token by token instead",
    )
