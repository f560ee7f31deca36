"""Python-Markdown extension `lint.markdown_extension`: link term mentions to the glossary.

Works wherever Python-Markdown runs (MkDocs, Zensical, plain `markdown`), with or without
the MkDocs plugin. The first mention of each term on a page (or every mention) becomes a
link to its glossary entry, with the definition as its `title`; Material for MkDocs shows
it as a tooltip when the `content.tooltips` feature is on. Code, links and headings are
never touched.

```yaml
markdown_extensions:
  - lint.markdown_extension:
      vocabulary: vocab.yaml         # default: found as `vocab-lint check` finds it
      glossary_url: /glossary.md     # MkDocs: with validation.links.absolute_links: relative_to_docs
      mode: first                    # or: every
      enabled: true
```
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from lint.engine.matcher import Matcher
from lint.engine.words import plural_forms, word_tuple
from lint.vocabulary.model import Term, Vocabulary

SKIPPED_TAGS = frozenset({"code", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "kbd", "abbr"})
TOOLTIP_LENGTH = 160


def short_definition(term: Term) -> str:
    """The first sentence of a definition, trimmed for a tooltip."""
    text = " ".join(term.definition.split())
    first = text.split(". ", 1)[0].rstrip(".") + "."
    return first if len(first) <= TOOLTIP_LENGTH else first[: TOOLTIP_LENGTH - 1].rstrip() + "…"


class GlossaryLinker(Treeprocessor):
    """Wraps term mentions in links to the glossary."""

    def __init__(self, md: Markdown, vocabulary: Vocabulary, url: str, every: bool) -> None:
        super().__init__(md)
        self.url = url
        self.every = every
        self.matcher: Matcher[Term] = Matcher()
        for term in vocabulary.terms:
            for spelling in term.prose_spellings():
                for words in (word_tuple(spelling), *plural_forms(word_tuple(spelling))):
                    self.matcher.add_phrase(words, term)

    def run(self, root: ET.Element) -> None:
        linked: set[str] = set()
        self._walk(root, linked)

    def _walk(self, element: ET.Element, linked: set[str]) -> None:
        if element.tag in SKIPPED_TAGS:
            return
        element.text = self._link_text(element, element.text, 0, linked)
        index = 0
        while index < len(element):
            child = element[index]
            self._walk(child, linked)
            before = len(element)
            child.tail = self._link_text(element, child.tail, index + 1, linked)
            index += 1 + len(element) - before

    def _link_text(self, parent: ET.Element, text: str | None, position: int, linked: set[str]) -> str | None:
        """Link mentions in `text`; new elements go into `parent` at `position`; returns the leading text."""
        if not text:
            return text
        chosen = []
        for match in self.matcher.find(text):
            if self.every or match.payload.id not in linked:
                linked.add(match.payload.id)
                chosen.append(match)
        if not chosen:
            return text
        leading = text[: chosen[0].start]
        for offset, match in enumerate(chosen):
            link = ET.Element("a", {"href": f"{self.url}#{match.payload.id}", "title": short_definition(match.payload)})
            link.set("class", "vocab-term")
            link.text = match.text
            following = chosen[offset + 1].start if offset + 1 < len(chosen) else len(text)
            link.tail = text[match.end : following]
            parent.insert(position + offset, link)
        return leading


class GlossaryLinkExtension(Extension):
    """Registers the linker; options: vocabulary, glossary_url, mode, enabled."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "vocabulary": ["", "Vocabulary file (default: found as `vocab-lint check` finds it)"],
            "glossary_url": ["/glossary.md", "URL (or absolute docs path) of the glossary page"],
            "mode": ["first", "'first' mention of each term on a page, or 'every' mention"],
            "enabled": [True, "Turn the linking on or off"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.getConfig("enabled"):
            return
        from lint.config import load_settings_and_vocabulary

        path = self.getConfig("vocabulary")
        _, vocabulary = load_settings_and_vocabulary(Path.cwd(), Path(path) if path else None)
        every = self.getConfig("mode") == "every"
        linker = GlossaryLinker(md, vocabulary, self.getConfig("glossary_url"), every)
        # After inline parsing and toc (5), before MkDocs resolves relative links (0).
        md.treeprocessors.register(linker, "vocab_glossary_links", 4)


def makeExtension(**kwargs: Any) -> GlossaryLinkExtension:
    """Entry point used by `markdown_extensions: [lint.markdown_extension]`."""
    return GlossaryLinkExtension(**kwargs)
