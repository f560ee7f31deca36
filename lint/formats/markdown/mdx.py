"""MDX (Fern, Docusaurus, Mintlify): JSX components, props, expressions and `{/* */}` comments.

markdown-it reads CommonMark, where a line starting with `<Note>` opens an HTML block whose
text is never scanned. `read_mdx` rewrites an MDX page into text of the same length that
markdown-it reads as the Markdown MDX means:

- JSX tags (`<Note>`, `</Tabs>`, `<Card title="..." />`, spanning lines or not) become
  spaces, so component bodies are Markdown like the rest of the page;
- `{/* ... */}` becomes `<!-- ... -->`, so the directives and history markers of the
  contract work exactly as in Markdown (the comment must start with a space, as
  formatters write it; otherwise it is blanked);
- `{expressions}` and `import`/`export` blocks (to the next blank line, as MDX reads them)
  become spaces.

What was blanked is returned as spans to scan on their own: string props are
`jsx-attribute` (`href`/`src` values are `link-target`), string literals inside
expression props too, the code of expressions is `identifier`, and import/export lines
are `import` (a JavaScript module path: reported, never rewritten). Fenced code blocks
and inline code are left as they are, except a fence indented four spaces or more inside
a component (CommonMark would not see a fence there): its lines are blanked and its body
is returned as one `code-block` span.
"""

from __future__ import annotations

import re

from lint.findings import Context
from lint.scan.segments import Span

_FENCE = re.compile(r"([ \t]*)(`{3,}|~{3,})")
_STATEMENT = re.compile(r"(?:import|export)\b")
_TAG_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_:][\w:.-]*")
_LINK_PROPS = frozenset({"href", "src"})
_QUOTES = "\"'`"


def read_mdx(text: str) -> tuple[str, list[Span]]:
    """The same-length text for markdown-it, and the spans of props, expressions and imports."""
    reader = _Reader(text)
    reader.read()
    return "".join(reader.chars), reader.spans


class _Reader:
    """One pass over an MDX page, outside fenced code and inline code."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = list(text)
        self.spans: list[Span] = []
        self.last_comment_end = text.rfind("*/}")
        self.closings = Closings(text)

    def blank(self, start: int, end: int) -> None:
        for index in range(start, end):
            if self.chars[index] not in "\r\n":
                self.chars[index] = " "

    def read(self) -> None:
        text, index = self.text, 0
        fence: tuple[str, int, bool] | None = None  # marker, where its body starts, indented deep
        line_start = True
        while index < len(text):
            if line_start:
                line_end = _line_end(text, index)
                line = text[index:line_end]
                opened = _FENCE.match(line)
                if fence is None and opened:
                    deep = len(opened.group(1).expandtabs(4)) >= 4
                    fence = (opened.group(2)[0] * 3, line_end + 1, deep)
                    if deep:
                        self.blank(index, line_end)
                    index = line_end + 1
                    continue
                if fence is not None:
                    marker, body, deep = fence
                    if line.strip().startswith(marker):
                        if deep:
                            self.spans.append(Span(body, index, Context.CODE_BLOCK))
                            self.blank(body, line_end)
                        fence = None
                    index = line_end + 1
                    continue
                if _STATEMENT.match(line):
                    end = _esm_end(text, line_end)
                    self.spans.append(Span(index, end, Context.IMPORT))
                    self.blank(index, end)
                    index = end + 1
                    continue
            line_start = text[index] == "\n"
            index = self.step(index)

    def step(self, index: int) -> int:
        """Read what starts at `index`; the index after it."""
        text, char = self.text, self.text[index]
        if char == "\\":
            return index + 2
        if char == "`":
            return _after_code_span(text, index)
        if text.startswith("{/*", index):
            return self.comment(index)
        if char == "{":
            end = self.closings.after(index)
            if end is None:
                return index + 1
            self.expression(index + 1, end - 1, Context.STRING)
            self.blank(index, end)
            return end
        if char == "<" and index + 1 < len(text) and (text[index + 1].isalpha() or text[index + 1] in "/>"):
            end = self.tag(index)
            return index + 1 if end is None else end
        return index + 1

    def comment(self, index: int) -> int:
        # Past the page's last `*/}` no comment closes: not searched again from each `{/*`.
        end = self.text.find("*/}", index + 3) if index + 3 <= self.last_comment_end else -1
        if end == -1:
            return index + 1
        if self.text[index + 3 : index + 4] in (" ", "\n"):
            self.chars[index : index + 4] = "<!--"
            self.chars[end : end + 3] = "-->"
        else:
            self.blank(index, end + 3)
        return end + 3

    def tag(self, index: int) -> int | None:
        """Blank one JSX tag and collect its props; None when `<` opens no tag."""
        text = self.text
        cursor = index + 1
        if text[cursor] == "/":
            cursor += 1
        name = _TAG_NAME.match(text, cursor)
        if name is not None:
            if text.startswith("//", name.end()):
                return None  # an autolink such as <https://...>
            cursor = name.end()
        elif text[cursor] != ">":
            return None
        spans: list[Span] = []
        while cursor < len(text):
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
            if text.startswith("/>", cursor) or text.startswith(">", cursor):
                end = cursor + (2 if text[cursor] == "/" else 1)
                self.spans.extend(spans)
                self.blank(index, end)
                return end
            attribute = _ATTRIBUTE_NAME.match(text, cursor)
            if text.startswith("{", cursor):
                closing = self.closings.after(cursor)
                if closing is None:
                    return None
                spans.extend(_expression_spans(text, cursor + 1, closing - 1, Context.JSX_ATTRIBUTE))
                cursor = closing
                continue
            if attribute is None:
                return None
            cursor = attribute.end()
            if not text.startswith("=", cursor):
                continue
            cursor += 1
            value = self.value(cursor, attribute.group().lower(), spans)
            if value is None:
                return None
            cursor = value
        return None

    def value(self, cursor: int, name: str, spans: list[Span]) -> int | None:
        """Collect one prop value's spans; the index after the value, or None."""
        text = self.text
        if cursor < len(text) and text[cursor] in "\"'":
            closing = text.find(text[cursor], cursor + 1)
            if closing == -1:
                return None
            context = Context.LINK_TARGET if name in _LINK_PROPS else Context.JSX_ATTRIBUTE
            spans.append(Span(cursor + 1, closing, context))
            return closing + 1
        if text.startswith("{", cursor):
            balanced = self.closings.after(cursor)
            if balanced is not None:
                spans.extend(_expression_spans(text, cursor + 1, balanced - 1, Context.JSX_ATTRIBUTE))
            return balanced
        return None

    def expression(self, start: int, end: int, strings: Context) -> None:
        self.spans.extend(_expression_spans(self.text, start, end, strings))


def imported_names(text: str) -> frozenset[str]:
    """The JavaScript names the page's `import`/`export` blocks mention."""
    blocks = [text[span.start : span.end] for span in read_mdx(text)[1] if span.context is Context.IMPORT]
    return frozenset(name for block in blocks for name in _JS_NAME.findall(block))


_JS_NAME = re.compile(r"[A-Za-z_$][\w$]*")


def _esm_end(text: str, line_end: int) -> int:
    """The end of the `import`/`export` block whose first line ends at `line_end`: as MDX
    reads it, the block runs on to the next blank line (`import {\n  A,\n} from "a"`)."""
    while line_end < len(text):
        next_end = _line_end(text, line_end + 1)
        if not text[line_end + 1 : next_end].strip():
            return line_end
        line_end = next_end
    return line_end


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end == -1 else end


def _after_code_span(text: str, index: int) -> int:
    """The index after an inline code span opened at `index` (or after the backticks)."""
    run = index
    while run < len(text) and text[run] == "`":
        run += 1
    ticks = text[index:run]
    closing = text.find(ticks, run)
    if closing == -1 or text.find("\n\n", run, closing) != -1:  # a span never crosses a paragraph
        return run
    return closing + len(ticks)


class Closings:
    """Where the `}` that closes each `{` of a page is (string literals skipped).

    Read from one `{`, the page also tells where every `{` met on the way closes (the first
    point where the depth falls below its own), or that none does; each is kept. Asked
    about every `{` of a page that never closes, the page is still read in linear time.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._known: dict[int, int | None] = {}

    def after(self, index: int) -> int | None:
        """The index after the `}` that closes the `{` at `index`, or None."""
        if index not in self._known:
            self._read(index)
        return self._known[index]

    def _read(self, index: int) -> None:
        text, known = self._text, self._known
        opened: list[int] = []
        cursor = index
        while cursor < len(text):
            char = text[cursor]
            if char in _QUOTES:
                closing = string_end(text, cursor)
                if closing is None:
                    break
                cursor = closing
                continue
            if char == "{":
                if cursor in known:
                    after = known[cursor]  # read before, from this same point: skip over it
                    if after is None:
                        break
                    cursor = after
                    continue
                opened.append(cursor)
            elif char == "}":
                known[opened.pop()] = cursor + 1
                if not opened:
                    return
            cursor += 1
        for start in opened:
            known[start] = None


def string_end(text: str, index: int) -> int | None:
    """The index after the string literal that starts at `index`."""
    quote, cursor = text[index], index + 1
    while cursor < len(text):
        if text[cursor] == "\\":
            cursor += 2
            continue
        if text[cursor] == quote:
            return cursor + 1
        if text[cursor] == "\n" and quote != "`":
            return None
        cursor += 1
    return None


def _expression_spans(text: str, start: int, end: int, strings: Context) -> list[Span]:
    """String literals of an expression in `strings`, the code around them as `identifier`."""
    spans: list[Span] = []
    code_start, cursor = start, start
    while cursor < end:
        if text[cursor] in _QUOTES:
            closing = string_end(text, cursor)
            if closing is None or closing > end:
                break
            if cursor > code_start:
                spans.append(Span(code_start, cursor, Context.IDENTIFIER))
            spans.append(Span(cursor + 1, closing - 1, strings))
            code_start = cursor = closing
            continue
        cursor += 1
    if end > code_start:
        spans.append(Span(code_start, end, Context.IDENTIFIER))
    return [span for span in spans if text[span.start : span.end].strip()]
