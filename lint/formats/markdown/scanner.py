"""Scan Markdown (CommonMark plus MkDocs/Material and MDX syntax) with markdown-it-py.

Block tokens say what each part of a page is (heading, paragraph, table, code block, front
matter, HTML); `markdown_source` finds every inline piece at its exact offset. Python code
blocks go through the Python scanner, their findings moved to the page's lines. Prose is
cut into sentences for conflation rules. Historical sections and `<!-- vocab-lint: ... -->`
directives apply before findings are reported.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Finding
from lint.formats.markdown.html import comment_spans, html_spans
from lint.formats.markdown.mdx import read_mdx
from lint.formats.markdown.source import align_inline, definition_spans, prepare
from lint.scan.embedded import PYTHON_LANGUAGES, conflation_findings, looks_like_pycon, python_block_findings
from lint.scan.segments import Segment, Span, segment_findings
from lint.scan.suppressions import Directive, Suppressions, Verb, parse_directive
from lint.text.lines import LineIndex


@lru_cache(maxsize=2)
def markdown_parser(mdx: bool = False) -> MarkdownIt:
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Escapes and entities stay tokens of their own (`text_special`), so the text around
    # them is found in the source as written; joined, the decoded run was nowhere in it.
    # Reference definitions (`[id]: target "title"`) become tokens, their targets and titles scanned.
    parser = MarkdownIt("commonmark", {"inline_definitions": True})
    parser.enable("table").enable("strikethrough").disable("text_join")
    for plugin in (front_matter_plugin, footnote_plugin, deflist_plugin, admon_plugin):
        parser.use(plugin)
    if mdx:
        parser.disable("code")  # MDX has no indented code: component bodies are indented freely
    return parser


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    title: str


def scan_markdown(text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
    """All findings of one Markdown page, suppressions and history applied."""
    return _Page(text, path, engine, scope).scan()


def _headings(tokens: list[Token]) -> list[Heading]:
    """The page's headings in order, with their lines and levels."""
    headings = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            headings.append(Heading(token.map[0] + 1, int(token.tag[1:]), title))
    return headings


_LEAVES = frozenset({"inline", "fence", "code_block", "html_block", "front_matter"})


def given_up_spans(tokens: list[Token], source: LineIndex) -> Iterator[tuple[int, int]]:
    """Lines the parser gave up on, to be read as prose all the same.

    Containers nested past markdown-it's limit (ten list markers on a line, twenty `>`)
    yield no tokens for their content; those lines would otherwise never be scanned.
    """
    limit = int(markdown_parser().options["maxNesting"])
    if not any(token.level >= limit - 1 for token in tokens):
        return
    covered: set[int] = set()
    for token in tokens:
        if token.map and (token.type in _LEAVES or token.nesting == 0):
            covered.update(range(token.map[0], token.map[1]))
    for line in range(len(source)):
        start = source.start(line + 1)
        text = source.text[start : source.start(line + 2)].rstrip("\r\n")
        if line not in covered and text.strip():
            yield start, start + len(text)


class _Page:
    """One Markdown page being scanned."""

    def __init__(self, text: str, path: str, engine: Engine, scope: FileScope) -> None:
        self.source = LineIndex(text)
        mdx = path.lower().endswith(".mdx")
        self.prepared, self.blanked = prepare(text)  # spans blanked for markdown-it, scanned on their own
        if mdx:
            self.prepared, jsx = read_mdx(self.prepared)
            self.blanked += jsx
        self.tokens = markdown_parser(mdx).parse(self.prepared)
        self.path = path
        self.engine = engine
        self.scope = scope
        self.findings: list[Finding] = []
        self.directives: list[tuple[Directive, tuple[int, int]]] = []
        self.historical_lines: set[int] = set()

    # Structure -------------------------------------------------------------------------

    def _mark_history(self, comment_spans: list[tuple[Span, tuple[int, int]]]) -> None:
        names = [name.lower() for name in self.engine.vocabulary.paths.historical_headings]
        comments = [(self.source.position(s.start)[0], self.source.text[s.start : s.end]) for s, _ in comment_spans]
        self.historical_lines.update(historical_lines(_headings(self.tokens), comments, names, len(self.source)))

    # Scan --------------------------------------------------------------------------------

    def scan(self) -> list[Finding]:
        blocks = enumerate(self.tokens)
        html = {i: html_spans(self.prepared, *self._region(t)) for i, t in blocks if t.type == "html_block" and t.map}
        comment_spans = list(self._comment_spans(html))
        self._mark_history(comment_spans)
        for span, block in comment_spans:
            self._comment(span, block)
        row: tuple[list[int] | None, int] = (None, 0)  # the lines of the last inline, and where its text ended
        for index, token in enumerate(self.tokens):
            if token.type == "front_matter" and token.map:
                self._front_matter(token)
            elif token.type == "inline" and token.map:
                heading = index > 0 and self.tokens[index - 1].type == "heading_open"
                # The cells of a table row share its lines: each is looked for after the last.
                after = row[1] if token.map == row[0] else None
                row = (token.map, self._inline(token, Context.HEADING if heading else Context.PROSE, after))
            elif token.type in ("fence", "code_block") and token.map:
                self._code(token)
            elif html.get(index):
                self._spans(html[index])
            elif token.type == "definition" and token.map:
                self._spans(definition_spans(self.prepared, *self._region(token), token.meta["label"]))
        self._given_up()
        for span in self.blanked:
            segment = self._segment(span.start, span.end, span.context, original=True)
            self._emit(replace(segment, module_path=span.context is Context.IMPORT))
        return self._suppress()

    def _given_up(self) -> None:
        for start, end in given_up_spans(self.tokens, self.source):
            self._emit(self._segment(start, end, Context.PROSE))

    def _segment(self, start: int, end: int, context: Context, *, original: bool = False) -> Segment:
        """The text at a span: as markdown-it read it (JSX and expressions blanked), or the original."""
        line, column = self.source.position(start)
        text = self.source.text if original else self.prepared
        return Segment(text[start:end], context, line, column - 1)

    def _emit(self, segment: Segment) -> None:
        historical = segment.line in self.historical_lines
        found = segment_findings(segment, self.engine, self.scope, self.path, historical=historical)
        self.findings.extend(finding for finding in found if self._written(finding))

    def _written(self, finding: Finding) -> bool:
        """Whether the finding's text stands in the page as written: a phrase read across what
        was blanked for markdown-it (`throttle<div>manager` of an MDX page, the tag blanked)
        is not, and a fix there would delete the tag."""
        start = self.source.offset(finding.line, finding.column)
        end = self.source.offset(finding.end_line, finding.end_column)
        return start is None or end is None or self.source.text[start:end] == finding.matched

    def _region(self, token: Token) -> tuple[int, int]:
        assert token.map is not None
        first, last = token.map
        return self.source.start(first + 1), self.source.start(max(last, first + 1) + 1)

    def _front_matter(self, token: Token) -> None:
        assert token.map is not None
        for line in range(token.map[0] + 1, token.map[1] - 1):
            start, end = self.source.start(line + 1), self.source.start(line + 2)
            self._emit(self._segment(start, end, Context.FRONT_MATTER))

    def _inline(self, token: Token, base: Context, after: int | None) -> int:
        """Scan an inline token's text (found from `after` on, when given); where it ends."""
        start, limit = self._region(token)
        start = start if after is None else max(start, after)
        spans = align_inline(token, self.prepared, start, limit, base)
        for span in spans:
            if span.context is not Context.HTML_COMMENT:
                segment = self._segment(span.start, span.end, span.context)
                self._emit(replace(segment, label=True) if span.label else segment)
        end = spans[-1].end if spans else start
        self._conflations(spans, start, end)  # past the last span all is blank: no sentence there
        return end

    def _spans(self, spans: list[Span]) -> None:
        """Scan spans found in a block's own text (raw HTML, a reference definition)."""
        for span in spans:
            self._emit(self._segment(span.start, span.end, span.context))
        if spans:
            self._conflations(spans, spans[0].start, spans[-1].end)

    def _conflations(self, spans: list[Span], start: int, limit: int) -> None:
        """Conflation rules over each sentence of the block, code spans included."""
        self.findings += conflation_findings(
            self.source.text,
            self.source,
            spans,
            start,
            limit,
            self.engine,
            self.path,
            self.historical_lines,
        )

    def _code(self, token: Token) -> None:
        assert token.map is not None
        first_line = token.map[0] + (1 if token.type == "fence" else 0)
        content_lines = token.content.split("\n")
        if content_lines and content_lines[-1] == "":
            content_lines.pop()
        offsets = []
        for index, content in enumerate(content_lines):
            original = self.prepared[
                self.source.start(first_line + index + 1) : self.source.start(first_line + index + 2)
            ].rstrip("\r\n")
            offsets.append(len(original) - len(content) if content and original.endswith(content) else 0)
        language = token.info.strip().split(maxsplit=1)[0].lower() if token.info.strip() else ""
        if language in PYTHON_LANGUAGES:
            self._python_block(
                content_lines, offsets, first_line, pycon=language == "pycon" or looks_like_pycon(content_lines)
            )
            return
        for index, content in enumerate(content_lines):
            if content.strip():
                start = self.source.start(first_line + index + 1) + offsets[index]
                self._emit(self._segment(start, start + len(content), Context.CODE_BLOCK))

    def _python_block(self, lines: list[str], offsets: list[int], first_line: int, *, pycon: bool) -> None:
        block_lines = range(first_line + 1, first_line + len(lines) + 1)
        if any(line in self.historical_lines for line in block_lines):
            return
        self.findings += python_block_findings(
            lines, offsets, first_line, self.path, self.engine, self.scope, pycon=pycon
        )

    # Comments and suppressions ---------------------------------------------------------------

    def _comment_spans(self, html: dict[int, list[Span]]) -> Iterator[tuple[Span, tuple[int, int]]]:
        """Every HTML comment with the line range (1-based) of the block it governs (`html`:
        what a reader sees of each HTML block, by index)."""
        governed: dict[int, tuple[int, int]] | None = None
        for index, token in enumerate(self.tokens):
            if token.type == "html_block" and token.map:
                governed = blocks_after_comments(self.tokens, html) if governed is None else governed
                for start, end in comment_spans(self.prepared, *self._region(token)):
                    yield Span(start, end, Context.HTML_COMMENT), governed[index]
            elif token.type == "inline" and token.map and "<!--" in token.content:
                start, limit = self._region(token)
                for span in align_inline(token, self.prepared, start, limit, Context.PROSE):
                    if span.context is Context.HTML_COMMENT:
                        yield span, (token.map[0] + 1, token.map[1])

    def _comment(self, span: Span, block: tuple[int, int]) -> None:
        text = self.source.text[span.start : span.end]
        closed = self.prepared.endswith("-->", span.start, span.end)  # an unclosed comment is only text
        parsed = parse_directive(text) if closed else None
        line, column = self.source.position(span.start)
        if parsed is None:
            self._emit(self._segment(span.start, span.end, Context.HTML_COMMENT))
            return
        verb, ids = parsed
        if verb in (Verb.HISTORICAL, Verb.NOLINK):
            return  # a section's history is read with the headings; `nolink` is the glossary's
        end_line, end_column = self.source.position(span.end)
        end = end_column if end_line == line else column + len(text.split("\n", 1)[0])
        directive = Directive(verb, ids, line, column, end, text.split("\n", 1)[0], Context.HTML_COMMENT)
        self.directives.append((directive, block))

    def _suppress(self) -> list[Finding]:
        suppressions = Suppressions(self.engine.aliases)
        for directive, (first, last) in self.directives:
            if directive.verb is Verb.ALLOW:
                suppressions.allow(directive, first, last)
        suppressions.regions([d for d, _ in self.directives], len(self.source))
        return suppressions.apply(self.findings, self.path)


def historical_lines(
    headings: list[Heading], comments: list[tuple[int, str]], names: list[str], last_line: int
) -> set[int]:
    """The lines of the sections under a historical heading (`names`) and after a
    `historical` directive (`comments`: line and text), each to the next heading of its
    level or above.

    Where each section ends is looked up in a table of the next heading of each level, and
    the sections are merged before their lines are listed: each line is listed once,
    however many sections repeat or nest.
    """
    next_at_or_above = [[len(headings)] * (len(headings) + 1) for _ in range(7)]  # [level][index]
    for index in range(len(headings) - 1, -1, -1):
        for level in range(7):
            found = index if headings[index].level <= level else next_at_or_above[level][index + 1]
            next_at_or_above[level][index] = found

    def section_end(first_after: int, level: int) -> int:
        found = next_at_or_above[min(level, 6)][first_after]
        return headings[found].line - 1 if found < len(headings) else last_line

    ranges = []
    for index, heading in enumerate(headings):
        title = heading.title.strip().lower()
        if any(title == name or title.startswith((name + " ", name + ":")) for name in names):
            ranges.append((heading.line, section_end(index + 1, heading.level)))
    lines = [heading.line for heading in headings]
    for line, comment in comments:
        parsed = parse_directive(comment)
        if parsed is not None and parsed[0] is Verb.HISTORICAL:
            above = bisect_left(lines, line) - 1
            ranges.append((line, section_end(bisect_right(lines, line), headings[above].level if above >= 0 else 0)))
    marked: set[int] = set()
    reached = 0
    for first, last in sorted(ranges):
        marked.update(range(max(first, reached + 1), last + 1))
        reached = max(reached, last)
    return marked


def blocks_after_comments(tokens: list[Token], html: dict[int, list[Span]]) -> dict[int, tuple[int, int]]:
    """For each HTML block (by index), the lines (1-based, inclusive) of the block after it:
    the next block at its level or above that is not an HTML block of comments and tags only
    (`html`: what a reader sees of each HTML block). A comment in an HTML block with text
    governs that block.

    Found in one pass from the end, keeping the nearest such block of each level (a page of
    ten thousand directive lines looked ahead past all the others from each).
    """
    nearest: dict[int, int] = {}  # by level: the index of the first such block after the current one
    governed: dict[int, tuple[int, int]] = {}
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.type == "html_block" and not html.get(index):
            after = [found for level, found in nearest.items() if level <= token.level]
            block_map = tokens[min(after)].map if after else None
            if block_map is not None:
                governed[index] = (block_map[0] + 1, block_map[1])
            else:
                line = (token.map or [0, 0])[1] + 1
                governed[index] = (line, line)
        elif token.map and token.nesting >= 0:
            nearest[token.level] = index
            if token.type == "html_block":
                governed[index] = (token.map[0] + 1, token.map[1])
    return governed
