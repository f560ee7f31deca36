"""Markdown (`.md`, `.markdown`) and MDX (`.mdx`): markdown-it tokens, raw HTML, JSX."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lint.findings import Context
from lint.formats.format import PageFormat

if TYPE_CHECKING:
    from lint.engine.engine import Engine
    from lint.engine.scope import FileScope
    from lint.findings import Edit, Finding


class MarkdownFormat(PageFormat):
    """A CommonMark page: prose contexts, fenced Python read as code, HTML-comment directives."""

    name = "markdown"
    suffixes = frozenset({".md", ".markdown"})
    directive_comment = "<!-- {} -->"

    def scan_page(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        from lint.formats.markdown.scanner import scan_markdown

        return scan_markdown(text, path, engine, scope)


class MdxFormat(MarkdownFormat):
    """An MDX page: Markdown with JSX components, expressions and `{/* */}` directives."""

    name = "mdx"
    suffixes = frozenset({".mdx"})
    directive_comment = "{{/* {} */}}"

    def fix_refusal(self, original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
        """A JavaScript name the page imports is not renamed in its expressions: the import
        (a module's export, never rewritten) would no longer bind it."""
        from lint.formats.markdown.mdx import imported_names

        renamed = [edit for edit in edits if edit.finding.context is Context.IDENTIFIER]
        if not renamed:
            return None
        imported = imported_names(original)
        for edit in renamed:
            name = _word_at(original, edit.start, edit.end)
            if name in imported:
                return f"'{name}' is imported by the page; renaming its uses without its import would break the page"
        return None


def _word_at(text: str, start: int, end: int) -> str:
    """The whole JavaScript name holding `text[start:end]`."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "_$"):
        end += 1
    return text[start:end]


MARKDOWN = MarkdownFormat()
MDX = MdxFormat()
