"""Kinds of vocabulary entry, each in one module: where it applies, what a match of it
means, how `explain` and the editor's hover show it.

`Entry` is what the matcher carries for a phrase: the kind of phrase (`Kind`; a term is
matched by its canonical spellings, its avoided variants and its internal code names) and
the vocabulary entry it belongs to. `rules_for(item)` is the one place that picks a kind's
rules by the type of its entry.
"""

from __future__ import annotations

from lint.engine.entries.base import Entry, EntryRules, Kind
from lint.engine.entries.conflations import CONFLATIONS
from lint.engine.entries.moved_modules import MOVED_MODULES
from lint.engine.entries.prose_words import PROSE_WORDS
from lint.engine.entries.retired import RETIRED
from lint.engine.entries.terms import TERMS
from lint.vocabulary.model import AnyEntry, Conflation, MovedModule, ProseWord, RetiredName, Term

__all__ = ["ENTRY_RULES", "Entry", "EntryRules", "Kind", "rules_for"]

ENTRY_RULES: dict[type, EntryRules] = {
    Term: TERMS,
    RetiredName: RETIRED,
    ProseWord: PROSE_WORDS,
    MovedModule: MOVED_MODULES,
    Conflation: CONFLATIONS,
}


def rules_for(item: AnyEntry) -> EntryRules:
    """The rules of an entry's kind."""
    return ENTRY_RULES[type(item)]
