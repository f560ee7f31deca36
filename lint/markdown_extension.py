"""The old import path of the term-linking extension, kept for `markdown_extensions` lists."""

from lint.site.markdown_extension import GlossaryLinkExtension, makeExtension

__all__ = ["GlossaryLinkExtension", "makeExtension"]
