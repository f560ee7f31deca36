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

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from lint.config import Settings
from lint.engine.entries.terms import misspelled
from lint.engine.matcher import Match, Matcher
from lint.engine.prefilter import Prefilter
from lint.scan.suppressions import Verb, parse_directive
from lint.site import definitions
from lint.text.words import plural_forms, word_tuple
from lint.vocabulary.model import Term, Vocabulary

SKIPPED_TAGS = frozenset(
    {"code", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "kbd", "abbr", "summary", "th", "dt",
     "label", "math", "svg"}
)  # fmt: skip
# Titles of admonitions and collapsibles, content-tab labels and math previews hold no links.
SKIPPED_CLASSES = frozenset({"admonition-title", "tabbed-labels", "arithmatex", "katex", "MathJax"})
TOOLTIP_LENGTH = 160
# A term is linked only where it stands as prose words stand: not inside an identifier, a
# path or URL, a `--flag` or an e-mail address.
_INSIDE_WORD = re.compile(r"[\w/@.:\\-]")
# Words joined as prose joins them: by spaces or hyphens (not `.`, `/` or `_`, as in code).
_PROSE_JOINED = re.compile(r"[\w\s-]+")


def short_definition(term: Term) -> str:
    """The first sentence of a definition as plain text, cut at a word boundary for a tooltip."""
    text = definitions.plain(term.definition)
    first = text.split(". ", 1)[0].rstrip(".") + "."
    if len(first) <= TOOLTIP_LENGTH:
        return first
    cut = first[: TOOLTIP_LENGTH - 1]
    return cut[: cut.rfind(" ")].rstrip(" ,;:") + "…" if " " in cut else cut + "…"


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is written as prose words, not as part of a longer token."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if after == "." and (end + 1 >= len(text) or text[end + 1].isspace()):
        after = " "  # the end of a sentence
    written = text[start:end]
    return not (
        _INSIDE_WORD.match(before)
        or _INSIDE_WORD.match(after)
        or "_" in written
        or not _PROSE_JOINED.fullmatch(written)
        or re.search(r"[a-z][A-Z]", written)
    )


@dataclass
class PageLinks:
    """The page being built: what is linked so far, across every Markdown conversion that
    renders a part of it (mkdocstrings renders each docstring on its own), and whether
    its front matter turned linking off (`glossary_links: false`).

    The MkDocs plugin owns one and hands it to the extension; without the plugin, each
    conversion is a page of its own.
    """

    active: bool = False
    enabled: bool = True
    linked: set[str] = field(default_factory=set)

    def begin(self, *, enabled: bool) -> None:
        """A page starts rendering (the plugin calls this from `on_page_markdown`)."""
        self.active, self.enabled, self.linked = True, enabled, set()

    def end(self) -> None:
        """The page is rendered (`on_page_content`)."""
        self.active, self.enabled, self.linked = False, True, set()


def _directive_verb(line: str) -> Verb | None:
    """The verb of a directive written as an HTML comment on this line, if any."""
    if "<!--" not in line:
        return None
    parsed = parse_directive(line)
    return parsed[0] if parsed is not None else None


class ProtectedBlocks(Preprocessor):
    """Finds the text that `vocab-lint: nolink`, `allow` (the next block) and `off`...`on`
    (a region) keep free of links, before Python-Markdown stashes the HTML comments."""

    def run(self, lines: list[str]) -> list[str]:
        blocks: list[str] = []
        current: list[str] | None = None
        region = False
        for line in lines:
            verb = _directive_verb(line)
            if verb is not None and verb is not Verb.HISTORICAL:
                region = verb is Verb.OFF or (region and verb is not Verb.ON)
                current = [] if verb in (Verb.NOLINK, Verb.ALLOW) else None
                continue
            if region:
                blocks.append(" ".join(line.split()))
            elif current is not None:
                if not line.strip() and current:
                    blocks.append(" ".join(" ".join(current).split()))
                    current = None
                elif line.strip():
                    current.append(line)
        if current:
            blocks.append(" ".join(" ".join(current).split()))
        self.md.vocab_protected = [block for block in blocks if block]  # type: ignore[attr-defined]
        return lines


class TermFinder:
    """The linkable spellings of terms, found as the engine finds phrases: its prefilter
    settles most texts in one pass, and its matcher finds the rest (any spelling style,
    longest first); the linker keeps only those written as prose words."""

    def __init__(self, matcher: Matcher[Term]) -> None:
        self.matcher = matcher
        self.prefilter = Prefilter(matcher.phrases)

    def find(self, text: str) -> list[Match[Term]]:
        """The mentions in `text`, longest first on overlap, in text order."""
        if not self.prefilter.may_match(text):
            return []
        return self.matcher.find(text)


class GlossaryLinker(Treeprocessor):
    """Wraps term mentions in links to the glossary."""

    def __init__(
        self, md: Markdown, matcher: Callable[[], TermFinder], url: str, every: bool, page: PageLinks | None
    ) -> None:
        super().__init__(md)
        self.url = url
        self.every = every
        self._matcher = matcher
        self._page = page
        self.protected: list[str] = []

    @cached_property
    def finder(self) -> TermFinder:
        """Loaded when the first page is rendered: MkDocs loads extensions while it still
        validates its settings, before the plugin has resolved the vocabulary's path."""
        finder: TermFinder = self._matcher()
        return finder

    def run(self, root: ET.Element) -> None:
        page = self._page if self._page is not None and self._page.active else None
        if page is not None and not page.enabled:
            return
        self.protected = getattr(self.md, "vocab_protected", [])
        self._walk(root, page.linked if page is not None else set())

    def _walk(self, element: ET.Element, linked: set[str]) -> None:
        if element.tag in SKIPPED_TAGS or SKIPPED_CLASSES & set((element.get("class") or "").split()):
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
        mentions = self.finder.find(text)
        if not mentions:
            return text  # most text of a page costs one pass
        flat = " ".join(text.split())
        if flat and any(flat in block for block in self.protected):
            return text  # in a `vocab-lint: nolink`, `off` or `allow` block of the source
        chosen = []
        for match in mentions:
            term = match.payload
            if not _stands_alone(text, match.start, match.end) or misspelled(match.text, term):
                continue  # an identifier, a URL or flag, or a spelling the linter calls wrong
            if self.every or term.id not in linked:
                linked.add(term.id)
                chosen.append(match)
        if not chosen:
            return text
        leading = text[: chosen[0].start]
        for offset, match in enumerate(chosen):
            term = match.payload
            link = ET.Element("a", {"href": f"{self.url}#{term.id}", "title": short_definition(term)})
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
            "audiences": [["public"], "Link only terms of these audiences (the ones the glossary page shows)"],
            # Not None: Python-Markdown reads an option whose default is None as a boolean.
            "page": ["", "The MkDocs plugin's PageLinks: first mentions counted across a page's fragments"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.getConfig("enabled"):
            return
        path = self.getConfig("vocabulary")
        audiences = tuple(self.getConfig("audiences"))

        def matcher() -> TermFinder:
            return term_matcher(Path(path) if path else None, audiences)

        every = self.getConfig("mode") == "every"
        page = self.getConfig("page")
        linker = GlossaryLinker(
            md, matcher, self.getConfig("glossary_url"), every, page if isinstance(page, PageLinks) else None
        )
        # After inline parsing and toc (5), before MkDocs resolves relative links (0).
        md.treeprocessors.register(linker, "vocab_glossary_links", 4)
        # Before the raw HTML (comments included) is stashed away (20).
        md.preprocessors.register(ProtectedBlocks(md), "vocab_glossary_protected", 25)


def load_once(settings: Settings) -> Vocabulary:
    """The vocabulary `settings` name, loaded once per process (the plugin and the extension
    share it) and read again only when its file changes (`mkdocs serve`).

    As `check` does, a vocabulary that passed full validation before (a mark in the
    project's result cache) is loaded without the schema check; any problem falls back to
    the full load, which reports it at its position.
    """
    status = settings.vocabulary.stat()
    return _vocabulary(settings, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=8)
def _vocabulary(settings: Settings, modified: int, size: int) -> Vocabulary:
    """A memo of the load, keyed by the file's stat: a changed file is a new key."""
    from lint.cache import ResultCache
    from lint.config import vocabulary_of

    return vocabulary_of(settings, ResultCache(settings.root), quick=True)


@lru_cache(maxsize=16)
def _settings(folder: Path, path: Path | None) -> Settings:
    """Where the vocabulary is, found once per folder and option (not once per page)."""
    from lint.config import find_settings

    return find_settings(folder, path)


def term_matcher(path: Path | None, audiences: tuple[str, ...]) -> TermFinder:
    """The phrases to link, compiled once per process for a vocabulary file and audiences.

    MkDocs makes a Markdown instance per page: the vocabulary is read again only when its
    file changes (`mkdocs serve`). A missing file is an error that names it.
    """
    settings = _settings(Path.cwd(), path)
    status = settings.vocabulary.stat()
    return _finder(settings, status.st_mtime_ns, status.st_size, audiences)


@lru_cache(maxsize=16)
def _finder(settings: Settings, modified: int, size: int, audiences: tuple[str, ...]) -> TermFinder:
    """A memo keyed by the vocabulary file's stat and the audiences linked."""
    matcher: Matcher[Term] = Matcher()
    for term in _vocabulary(settings, modified, size).terms:
        if term.audience.value in audiences:
            for spelling in term.prose_spellings():
                for words in (word_tuple(spelling), *plural_forms(word_tuple(spelling))):
                    matcher.add_phrase(words, term)
    return TermFinder(matcher)


def makeExtension(**kwargs: Any) -> GlossaryLinkExtension:
    """Entry point used by `markdown_extensions: [lint.markdown_extension]`."""
    return GlossaryLinkExtension(**kwargs)
