"""Markdown (`.md`, `.markdown`) and MDX (`.mdx`): markdown-it tokens, raw HTML, JSX."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lint.formats.format import Format, TextFilter

if TYPE_CHECKING:
    from lint.engine.engine import Engine
    from lint.engine.scope import FileScope
    from lint.findings import Finding


class MarkdownFormat(Format):
    """A CommonMark page: prose contexts, fenced Python read as code, HTML-comment directives."""

    name = "markdown"
    suffixes = frozenset({".md", ".markdown"})
    directive_comment = "<!-- {} -->"
    directive_governs_block = True

    def prefilter(self, engine: Engine) -> TextFilter:
        return engine.docs_prefilter

    def scan(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        if not engine.docs_may_have_findings(text):
            return []
        from lint.formats.markdown.scanner import scan_markdown

        return scan_markdown(text, path, engine, scope)


class MdxFormat(MarkdownFormat):
    """An MDX page: Markdown with JSX components, expressions and `{/* */}` directives."""

    name = "mdx"
    suffixes = frozenset({".mdx"})
    directive_comment = "{{/* {} */}}"


MARKDOWN = MarkdownFormat()
MDX = MdxFormat()
