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
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from lint.engine.engine import SUPPRESSION_MARKER, Engine
from lint.engine.entries import Entry
from lint.engine.matcher import Walk
from lint.engine.scope import FileScope
from lint.findings import Context, Finding, Hit
from lint.formats.python.chunks import Chunk, ChunkSyntaxError, Placed, innermost_chunks
from lint.formats.python.docstrings import docstring_segments
from lint.formats.python.limits import check_parse_cost
from lint.formats.python.plain import plain_nodes
from lint.formats.python.qualified import Reference, Resolved, resolve_references
from lint.formats.python.receivers import outside_own_class
from lint.rules import Rule, Severity
from lint.scan.segments import Segment, hit_to_finding, segment_hits
from lint.scan.suppressions import Directive, Suppressions, Verb, parse_directive
from lint.text.lines import LineIndex, split_lines
from lint.vocabulary.model import RetiredName


class NestingTooDeep(ValueError):
    """The source nests deeper than the parsers can take without exhausting the C stack."""


def _parse_quietly(source: str) -> ast.Module:
    """CPython's parse of `source`; the user's invalid escapes are not our warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def python_outline(source: str) -> ast.Module | None:
    """CPython's own parse of the file: the outline of its top-level statements.

    It refuses what would crash LibCST's native parser (thousands of nested brackets) with
    a clean error. Any other syntax error gives None and is left to LibCST, which knows
    newer grammar than the running Python.
    """
    try:
        return _parse_quietly(source)
    except (RecursionError, MemoryError) as exc:
        raise NestingTooDeep("nesting too deep for the parser") from exc
    except SyntaxError as exc:
        if "too many nested" in str(exc.msg) or "too complex" in str(exc.msg):
            raise NestingTooDeep("nesting too deep for the parser") from exc
        return None
    except ValueError:
        return None


def _as_cpython_says(source: str, error: ChunkSyntaxError) -> ChunkSyntaxError:
    """A file both parsers refuse, reported as CPython reports it: LibCST's native parser
    points past the error (at the next token), CPython at it."""
    try:
        _parse_quietly(source)  # parsed again: only a file both parsers refuse comes here
    except SyntaxError as cpython:
        if cpython.lineno is not None:
            return ChunkSyntaxError(str(cpython.msg), cpython.lineno, max(0, (cpython.offset or 1) - 1))
    except (ValueError, RecursionError, MemoryError):
        pass
    return error


def _qualified_references(
    source: str, index: LineIndex, outline: ast.Module | None, engine: Engine, offsets: list[int] | None
) -> Resolved:
    """Qualified names the file's imports resolve, on the lines that spell a member of one
    (`offsets`: the source's `QualifiedNames.candidate_offsets`, when known)."""
    if outline is None or not engine.qualified:
        return Resolved([], set())
    if offsets is None:
        offsets = engine.qualified.candidate_offsets(source)
    lines = {index.position(offset)[0] for offset in offsets}
    if not lines:
        return Resolved([], set())
    try:
        return resolve_references(source, outline, lines, engine.qualified)
    except (SyntaxError, RecursionError, ValueError, MemoryError):
        return Resolved([], set())  # the spellings are still matched in strings and comments


@dataclass
class _Cut:
    """What the parsed parts of a file hold: segments to match, comments, and resolved names."""

    segments: list[Segment]
    comments: list[Segment]
    members: list[tuple[Segment, RetiredName]]  # `timeout=` of `Settings(...)`
    references: list[Reference]  # qualified names, at their lines in the file
    outline: ast.Module | None = None  # CPython's tree of the file, when it parses


def _undented(source: str, index: LineIndex, lines: list[str], chunk: Chunk, start: tuple[int, int], text: str) -> str:
    """A multi-line node's text as the file writes it (the chunk's lines were dedented)."""
    end_line = start[0] + text.count("\n")
    end_column = len(text.rpartition("\n")[2]) + chunk.removed(lines[end_line - 1])
    begin = index.offset(start[0], start[1] + 1)
    finish = index.offset(end_line, end_column + 1)
    return source[begin:finish] if begin is not None and finish is not None else text


class ProseLines:
    """The lines where a comment or a string may stand (any `#`, any line of a string
    literal). Asked about a few lines of a file, it descends the outline only along the
    nodes that span each one."""

    def __init__(self, outline: ast.Module, lines: list[str]) -> None:
        self.outline = outline
        self._lines = lines
        self._known: dict[int, bool] = {}

    def __contains__(self, line: object) -> bool:
        if not isinstance(line, int) or not 1 <= line <= len(self._lines):
            return False
        if line not in self._known:
            self._known[line] = "#" in self._lines[line - 1] or _string_spans(self.outline, line)
        return self._known[line]


def _string_spans(outline: ast.AST, line: int) -> bool:
    """Whether a string literal of `outline` stands on `line` (a loop, not a recursion: a
    long chain of operators nests deeper than Python's recursion limit)."""
    pending = [outline]
    while pending:
        for child in ast.iter_child_nodes(pending.pop()):
            first = getattr(child, "lineno", None)
            if first is not None:  # a node without a position (`arguments`) is entered
                # A decorated definition starts at its `def` line; its decorators stand above.
                first = min([first, *(decorator.lineno for decorator in getattr(child, "decorator_list", ()))])
                if not first <= line <= (getattr(child, "end_lineno", None) or first):
                    continue
            if isinstance(child, ast.JoinedStr) or (isinstance(child, ast.Constant) and isinstance(child.value, str)):
                return True
            pending.append(child)
    return False


def python_segments(
    source: str, engine: Engine, candidates: Walk[Entry] | None = None, qualified_offsets: list[int] | None = None
) -> _Cut:
    """Segments, comments, member keywords and qualified references of `source`.

    Only nodes holding a word of a candidate phrase of the whole file become segments.
    Raises on a parse failure.
    """
    outline = python_outline(source)
    index = LineIndex(source)
    resolved = _qualified_references(source, index, outline, engine, qualified_offsets)
    lines = split_lines(source, keep_ends=True)
    prose = ProseLines(outline, lines) if outline is not None else None
    triggers, needed = engine.trigger_words(source, candidates, resolved.chain_starts, prose)
    cut = _Cut([], [], [], resolved.references, outline)
    if outline is None:
        pieces = [(Chunk(1, len(lines), 0, True), source)]
        loose: list[int] = []
    else:
        # Only the innermost statements that hold a candidate (or a directive) are read, the
        # plain ones from CPython's tree, the others by LibCST; the rest of the file costs
        # nothing more.
        needed |= {number for number, line in enumerate(lines, 1) if SUPPRESSION_MARKER in line}
        parts = innermost_chunks(outline, needed, lines, partial(plain_nodes, engine=engine, triggers=triggers))
        for placed in parts.plain:
            _keep(cut, placed, Segment(placed.text, placed.context, placed.line, placed.column, placed.module_path))
        pieces = [(chunk, chunk.text(lines)) for chunk in parts.chunks]
        loose = parts.loose
    if pieces:
        # LibCST is imported only for a file with a statement to parse.
        from lint.formats.python.nodes import chunk_nodes
    for chunk, text in pieces:
        try:
            placed_nodes = chunk_nodes(text, chunk.docstring, engine, triggers)
        except ChunkSyntaxError as exc:  # at its line and column in the file, not the chunk
            if outline is None:
                raise _as_cpython_says(source, exc) from exc
            line = min(exc.line + chunk.first - 1, len(lines))
            raise ChunkSyntaxError(exc.message, line, exc.column + chunk.removed(lines[line - 1])) from exc
        for placed in placed_nodes:
            line = placed.line + chunk.first - 1
            column = placed.column + chunk.removed(lines[line - 1])
            written = placed.text
            if chunk.indent and "\n" in written:
                written = _undented(source, index, lines, chunk, (line, column), written)
            _keep(cut, placed, Segment(written, placed.context, line, column, placed.module_path))
    for number in sorted(loose):
        text = lines[number - 1].rstrip("\r\n") if number <= len(lines) else ""
        hash_at = text.find("#")
        if hash_at != -1:
            comment = Segment(text[hash_at:], Context.COMMENT, number, hash_at)
            cut.segments.append(comment)
            cut.comments.append(comment)
    return cut


def _keep(cut: _Cut, placed: Placed, segment: Segment) -> None:
    """File a placed node's segment: to match, as a member keyword, as a comment."""
    if placed.member is not None:
        cut.members.append((segment, placed.member))
    elif placed.wanted:
        cut.segments.append(segment)
    if placed.context is Context.COMMENT:
        cut.comments.append(segment)


def token_segments(source: str, may_match: Callable[[str], bool]) -> tuple[list[Segment], list[Segment]]:
    """Segments from Python's tokenizer, for source LibCST cannot parse: the tokens that
    `may_match` a phrase (asked once per distinct token: a file repeats its names), and
    every comment, for its directives.

    Whatever the tokenizer cannot reach (after an unterminated string, say) is scanned as
    plain lines, with the `identifier` context.
    """
    segments: list[Segment] = []
    comments: list[Segment] = []
    wanted: dict[str, bool] = {}
    kinds = {tokenize.NAME: Context.IDENTIFIER, tokenize.STRING: Context.STRING, tokenize.COMMENT: Context.COMMENT}
    if hasattr(tokenize, "FSTRING_MIDDLE"):  # from Python 3.12, the literal text of an f-string
        kinds[tokenize.FSTRING_MIDDLE] = Context.STRING
    reached = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            reached = token.end[0]
            context = kinds.get(token.type)
            if context is None:
                continue
            text = token.string
            if text not in wanted:
                wanted[text] = may_match(text)
            if wanted[text] or context is Context.COMMENT:
                segment = Segment(text, context, token.start[0], token.start[1])
                if wanted[text]:
                    segments.append(segment)
                if context is Context.COMMENT:
                    comments.append(segment)
    except (tokenize.TokenError, SyntaxError):
        lines = split_lines(source)
        segments.extend(
            Segment(text, Context.IDENTIFIER, number, 0) for number, text in enumerate(lines[reached:], reached + 1)
        )
    return segments, comments


_REMEMBERED_TEXTS = 4096


def scan_python(
    source: str,
    path: str,
    engine: Engine,
    scope: FileScope,
    candidates: Walk[Entry] | None = None,
    qualified_offsets: list[int] | None = None,
) -> list[Finding]:
    """All findings of one Python source, suppressions applied.

    `candidates`, `qualified_offsets`: what the second filter computed for the source already.
    """
    findings: list[Finding] = []
    try:
        check_parse_cost(source)
        cut = python_segments(source, engine, candidates, qualified_offsets)
    except (RecursionError, ValueError) as exc:
        findings.append(_parse_error(exc, path, source, engine))
        cut = _Cut(*token_segments(source, engine.code_prefilter.may_match), [], [])
    comments, member_keywords = cut.comments, cut.members
    segments = [
        part
        for segment in cut.segments
        for part in (docstring_segments(segment) if segment.context is Context.DOCSTRING else (segment,))
    ]
    hits_of: dict[tuple[str, Context, bool], list[Hit]] = {}  # a file repeats its names and comments
    for segment in segments:
        # A directive names the ids it allows; its own text is not a finding.
        if segment.context is Context.COMMENT and parse_directive(segment.text) is not None:
            continue
        key = (segment.text, segment.context, segment.in_code)
        hits = hits_of.get(key)
        if hits is None:
            if len(hits_of) == _REMEMBERED_TEXTS:
                hits_of.clear()
            hits = hits_of[key] = segment_hits(segment, engine, scope)
        findings.extend(hit_to_finding(hit, segment, path) for hit in hits)
    for segment, retired in member_keywords:
        hit = engine.member_hit(retired, segment.text, scope)
        if hit is not None:
            findings.append(hit_to_finding(hit, segment, path))
    for reference in cut.references:
        found = engine.resolved_hit(
            reference.retired, reference.written, reference.context, scope, attribute=reference.attribute
        )
        if found is not None:
            written = Segment(reference.written, reference.context, reference.line, reference.column)
            findings.append(_as_referenced(hit_to_finding(found, written, path), reference))
    if engine.any_receivers and cut.outline is not None:
        findings = outside_own_class(findings, cut.outline, source, engine.any_receivers)
    return apply_python_suppressions(findings, comments, source, path, engine)


def _as_referenced(finding: Finding, reference: Reference) -> Finding:
    """An import whose names all moved to one module is fixed by rewriting its module (and
    each name renamed as it moved, at the import and where it is used); a
    reference through an import alias names the entry the alias stands for (fixing the
    import fixes it); one in a fallback (`except ImportError:`, a version gate) is a
    warning, never fixed: it is how code supports the versions before the replacement."""
    if reference.new_module is not None:
        message = f"{finding.message}; import it from '{reference.new_module}'"
        finding = replace(finding, message=message, replacement=reference.new_module, fixable=True)
    if reference.new_name is not None:
        finding = replace(finding, replacement=reference.new_name, fixable=True)
    if reference.statements is not None:
        where = ", ".join(f"'{moved.name}' from '{moved.module}'" for moved in reference.moved)
        message = f"{finding.message}; the import is split: {where}"
        finding = replace(finding, message=message, replacement=reference.statements, fixable=True)
    if reference.alias:
        message = f"{finding.message} (imported as '{reference.written}')"
        finding = replace(finding, message=message, replacement=None, fixable=False)
    if reference.fallback:
        message = f"{finding.message}; here only as {reference.fallback}"
        finding = replace(finding, message=message, severity=Severity.WARNING, replacement=None, fixable=False)
    return finding


def apply_python_suppressions(
    findings: list[Finding], comments: list[Segment], source: str, path: str, engine: Engine
) -> list[Finding]:
    """Apply `# vocab-lint:` directives: end of line, own line (next line), off/on regions."""
    lines = split_lines(source)
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
    if isinstance(exc, ChunkSyntaxError):
        line, column = exc.line, exc.column + 1
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
