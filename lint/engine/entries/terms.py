"""Terms: the canonical vocabulary.

A term is matched three ways. Its canonical spellings (name and aliases) make a finding
only when a hyphenated term is written with other separators in prose ("read ahead cache"
for "read-ahead cache": `non-canonical-term`, fixable). Its `avoid` variants are reported
in prose, comments and docstrings (`non-canonical-term`, fixed to the term in the
variant's style). Its internal code names are reported in the prose of public docs
(`internal-term-in-public-docs`): a setting the user cannot set must not be presented.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from lint.engine.entries.base import Entry, EntryRules, Kind, markdown_code, markdown_text
from lint.findings import Context, Hit
from lint.rules import Rule
from lint.text.words import restyle, split_words
from lint.vocabulary.model import AnyEntry, Audience, Term, Vocabulary

if TYPE_CHECKING:
    from lint.engine.matcher import Match
    from lint.engine.scope import FileScope

# Where an internal code name is presented to users as if it were theirs to set.
INTERNAL_NAME_CONTEXTS = frozenset(
    {
        Context.PROSE,
        Context.HEADING,
        Context.LINK_TEXT,
        Context.INLINE_CODE,
        Context.CODE_BLOCK,
        Context.JSX_ATTRIBUTE,
        Context.ROLE,
    }
)


class TermRules(EntryRules):
    """Canonical spellings, avoided variants and internal code names of terms."""

    def applies(
        self, entry: Entry, context: Context, scope: FileScope, historical: bool, *, resolved: bool, in_code: bool
    ) -> bool:
        if entry.kind is Kind.CANONICAL:
            return True
        if entry.kind is Kind.AVOID:
            return context.is_prose or context in (Context.COMMENT, Context.DOCSTRING)
        return scope.audience is Audience.PUBLIC and context in INTERNAL_NAME_CONTEXTS

    def can_report(self, entry: Entry, *, in_code: bool) -> bool:
        if entry.kind is Kind.CANONICAL:
            return not in_code and isinstance(entry.item, Term) and "-" in entry.item.name
        if entry.kind is Kind.INTERNAL_NAME:
            return not in_code
        return True

    def hit(self, match: Match[Entry], context: Context) -> Hit | None:
        entry = match.payload
        term = entry.item
        assert isinstance(term, Term)
        if entry.kind is Kind.AVOID:
            replacement = restyle(term.name, match.text, prose=True)
            message = f"'{match.text}' is not the canonical term; say '{term.name}'"
            return Hit(match.start, match.end, match.text, Rule.NON_CANONICAL_TERM, term.id, message, replacement, True)
        if entry.kind is Kind.INTERNAL_NAME:
            if re.search(r"[\s-]", match.text):
                return None  # written as prose words, not as the identifier
            message = f"'{match.text}' is an internal name ({term.name}); user docs must not present it as a setting"
            return Hit(match.start, match.end, match.text, Rule.INTERNAL_TERM_IN_PUBLIC_DOCS, term.id, message)
        if context.is_prose and misspelled(match.text, term):
            replacement = restyle(term.name, match.text, prose=True)
            message = f"'{match.text}' is written '{term.name}'"
            return Hit(match.start, match.end, match.text, Rule.NON_CANONICAL_TERM, term.id, message, replacement, True)
        return None

    def names(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, Term)
        return list(item.spellings())

    def explain(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, Term)
        lines = [f"{item.name} ({item.id}): canonical term", "", item.definition, ""]
        if item.owner:
            lines.append(f"Owner: {item.owner}")
        if item.code_names:
            lines.append("Code names: " + ", ".join(f"{c.name} ({c.audience.value})" for c in item.code_names))
        if item.aliases:
            lines.append("Also written: " + ", ".join(item.aliases))
        if item.avoid:
            lines.append("Avoid: " + ", ".join(item.avoid))
        if item.see_also:
            lines.append("See also: " + ", ".join(item.see_also))
        lines.append(f"Audience: {item.audience.value}")
        return lines

    def hover(self, vocabulary: Vocabulary, item: AnyEntry, *, avoided: bool) -> str:
        assert isinstance(item, Term)
        categories = {c.id: c.title for c in vocabulary.categories}
        name, category = markdown_text(item.name), markdown_text(categories.get(item.category, item.category))
        lines = [f"**{name}** · {category}", "", markdown_text(item.definition)]
        if avoided:
            lines[:0] = [f"Say **{name}** (this spelling is to be avoided).", ""]
        if item.code_names:
            lines += ["", "Code names: " + ", ".join(markdown_code(c.name) for c in item.code_names)]
        if item.aliases:
            lines += ["", "Also written: " + ", ".join(markdown_text(alias) for alias in item.aliases)]
        if item.see_also:
            names = {t.id: t.name for t in vocabulary.terms}
            lines += ["", "See also: " + ", ".join(markdown_text(names.get(i, i)) for i in item.see_also)]
        return "\n".join(lines)


TERMS = TermRules()


def misspelled(text: str, term: Term) -> bool:
    """A hyphenated canonical term written with other separators ("read ahead cache").

    Identifier spellings in prose (`read_ahead_cache`, `ReadAheadCache`) are code,
    not misspelt prose.
    """
    if "-" not in term.name or "_" in text or re.search(r"[a-z][A-Z]", text):
        return False
    written = _separators(text)
    return all(_separators(spelling) != written for spelling in term.prose_spellings())


@lru_cache(maxsize=4096)
def _separators(text: str) -> tuple[str, ...]:
    """The joins between words ("-" or " "), whatever the inflection or line wrapping."""
    words = split_words(text)
    return tuple("-" if "-" in text[a.end : b.start] else " " for a, b in pairwise(words))
