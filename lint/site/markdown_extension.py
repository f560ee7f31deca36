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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from lint.config import Settings
from lint.engine.hits import misspelled
from lint.engine.matcher import Matcher
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


def short_definition(term: Term) -> str:
    """The first sentence of a definition, cut at a word boundary for a tooltip."""
    text = " ".join(term.definition.split())
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
        _INSIDE_WORD.match(before) or _INSIDE_WORD.match(after) or "_" in written or re.search(r"[a-z][A-Z]", written)
    )


@dataclass
class PageLinks:
    """The page being built: what is linked so far, across every Markdown conversion that
    renders a part of it (mkdocstrings renders each docstring on its own), and whether
    its front matter turned linking off (`glossary_links: false`)."""

    enabled: bool = True
    linked: set[str] = field(default_factory=set)


_PAGE: PageLinks | None = None  # set by the MkDocs plugin around each page; None elsewhere


def begin_page(*, enabled: bool) -> None:
    """A page starts rendering (the plugin calls this from `on_page_markdown`)."""
    global _PAGE
    _PAGE = PageLinks(enabled=enabled)


def end_page() -> None:
    """The page is rendered (`on_page_content`)."""
    global _PAGE
    _PAGE = None


_DIRECTIVE = re.compile(r"<!--\s*vocab-lint:\s*(nolink|allow|off|on)\b")


class ProtectedBlocks(Preprocessor):
    """Finds the text that `vocab-lint: nolink`, `allow` (the next block) and `off`...`on`
    (a region) keep free of links, before Python-Markdown stashes the HTML comments."""

    def run(self, lines: list[str]) -> list[str]:
        blocks: list[str] = []
        current: list[str] | None = None
        region = False
        for line in lines:
            found = _DIRECTIVE.search(line)
            if found is not None:
                verb = found.group(1)
                region = verb == "off" or (region and verb != "on")
                current = [] if verb in ("nolink", "allow") else None
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


@dataclass(frozen=True)
class Mention:
    """A linkable term written at `text[start:end]`."""

    start: int
    end: int
    text: str
    term: Term


class TermFinder:
    """The linkable spellings: prose words joined by spaces or a hyphen, longest first.
    Pages are prose, so the word matcher's identifier spellings (which are never linked)
    need not be looked for.

    One Aho-Corasick pass over the lowered text finds where a phrase's first word stands;
    only there is a regular expression of the phrases starting with that word tried, so
    text without a term costs one pass, not an alternation tried at every position.
    """

    def __init__(self, matcher: Matcher[Term]) -> None:
        self.terms = {words: term for words, term in matcher.items()}
        phrases = sorted(self.terms, key=lambda words: (-sum(map(len, words)), words))
        by_first: dict[str, list[str]] = {}
        for words in phrases:
            by_first.setdefault(words[0], []).append(r"(?:\s+|-)".join(re.escape(word) for word in words))
        self.phrases = phrases
        self.starting = {
            first: re.compile(rf"(?:{'|'.join(alternatives)})(?![\w])", re.IGNORECASE)
            for first, alternatives in by_first.items()
        }
        self.first_words = sorted(by_first)
        self._automaton: Any = None
        self._written: dict[str, Term | None] = {}

    def find(self, text: str) -> list[Mention]:
        """The mentions in `text`, leftmost and longest."""
        if not self.phrases:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a character lower-cases to two: offsets would shift
            return self._mentions(self._whole_pattern.finditer(text))
        if self._automaton is None:
            import ahocorasick_rs

            self._automaton = ahocorasick_rs.AhoCorasick(self.first_words)
        hits = []
        end = 0
        first_words = self._automaton.find_matches_as_indexes(lowered, overlapping=True)
        for index, start, _ in sorted(first_words, key=_leftmost):
            if start < end or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
                continue
            hit = self.starting[self.first_words[index]].match(text, start)
            if hit is not None:
                hits.append(hit)
                end = hit.end()
        return self._mentions(hits)

    @cached_property
    def _whole_pattern(self) -> re.Pattern[str]:
        """Every phrase in one alternation, for the rare text whose lowered form is longer."""
        alternatives = "|".join(r"(?:\s+|-)".join(re.escape(word) for word in words) for words in self.phrases)
        return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)

    def _mentions(self, hits: Iterable[re.Match[str]]) -> list[Mention]:
        found = []
        for hit in hits:
            written = hit.group()
            if written not in self._written:  # a page repeats a few spellings many times
                self._written[written] = self.terms.get(word_tuple(written))
            term = self._written[written]
            if term is not None:
                found.append(Mention(hit.start(), hit.end(), written, term))
        return found


def _leftmost(hit: tuple[int, int, int]) -> tuple[int, int]:
    """Overlapping first-word hits in text order, the longest first where two start together."""
    return hit[1], hit[1] - hit[2]


class GlossaryLinker(Treeprocessor):
    """Wraps term mentions in links to the glossary."""

    def __init__(self, md: Markdown, matcher: Callable[[], TermFinder], url: str, every: bool) -> None:
        super().__init__(md)
        self.url = url
        self.every = every
        self._matcher = matcher
        self.protected: list[str] = []

    @cached_property
    def finder(self) -> TermFinder:
        """Loaded when the first page is rendered: MkDocs loads extensions while it still
        validates its settings, before the plugin has resolved the vocabulary's path."""
        finder: TermFinder = self._matcher()
        return finder

    def run(self, root: ET.Element) -> None:
        page = _PAGE
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
            if not _stands_alone(text, match.start, match.end) or misspelled(match.text, match.term):
                continue  # an identifier, a URL or flag, or a spelling the linter calls wrong
            if self.every or match.term.id not in linked:
                linked.add(match.term.id)
                chosen.append(match)
        if not chosen:
            return text
        leading = text[: chosen[0].start]
        for offset, match in enumerate(chosen):
            link = ET.Element("a", {"href": f"{self.url}#{match.term.id}", "title": short_definition(match.term)})
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
        linker = GlossaryLinker(md, matcher, self.getConfig("glossary_url"), every)
        # After inline parsing and toc (5), before MkDocs resolves relative links (0).
        md.treeprocessors.register(linker, "vocab_glossary_links", 4)
        # Before the raw HTML (comments included) is stashed away (20).
        md.preprocessors.register(ProtectedBlocks(md), "vocab_glossary_protected", 25)


_VOCABULARIES: dict[tuple[str, int, int], Vocabulary] = {}


def load_once(settings: Settings) -> Vocabulary:
    """The vocabulary `settings` name, loaded once per process (the plugin and the extension
    share it) and read again only when its file changes (`mkdocs serve`).

    As `check` does, a vocabulary that passed full validation before (a mark in the
    project's result cache) is loaded without the schema check; any problem falls back to
    the full load, which reports it at its position.
    """
    from lint.cache import ResultCache
    from lint.config import vocabulary_of

    status = settings.vocabulary.stat()
    key = (str(settings.vocabulary.resolve()), status.st_mtime_ns, status.st_size)
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = vocabulary_of(settings, ResultCache(settings.root), quick=True)
    return _VOCABULARIES[key]


@lru_cache(maxsize=16)
def _settings(folder: Path, path: Path | None) -> Settings:
    """Where the vocabulary is, found once per folder and option (not once per page)."""
    from lint.config import find_settings

    return find_settings(folder, path)


_MATCHERS: dict[tuple[str, int, int, tuple[str, ...]], TermFinder] = {}


def term_matcher(path: Path | None, audiences: tuple[str, ...]) -> TermFinder:
    """The phrases to link, compiled once per process for a vocabulary file and audiences.

    MkDocs makes a Markdown instance per page: the vocabulary is read again only when its
    file changes (`mkdocs serve`). A missing file is an error that names it.
    """
    settings = _settings(Path.cwd(), path)
    status = settings.vocabulary.stat()
    key = (str(settings.vocabulary.resolve()), status.st_mtime_ns, status.st_size, audiences)
    if key not in _MATCHERS:
        matcher: Matcher[Term] = Matcher()
        for term in load_once(settings).terms:
            if term.audience.value in audiences:
                for spelling in term.prose_spellings():
                    for words in (word_tuple(spelling), *plural_forms(word_tuple(spelling))):
                        matcher.add_phrase(words, term)
        _MATCHERS[key] = TermFinder(matcher)
    return _MATCHERS[key]


def makeExtension(**kwargs: Any) -> GlossaryLinkExtension:
    """Entry point used by `markdown_extensions: [lint.markdown_extension]`."""
    return GlossaryLinkExtension(**kwargs)
