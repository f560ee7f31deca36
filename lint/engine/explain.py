"""`vocab-lint explain ID`: what the vocabulary says about one id or name."""

from __future__ import annotations

import difflib

from lint.engine.entries import rules_for
from lint.errors import LintError
from lint.text.words import word_tuple
from lint.vocabulary.model import AnyEntry, Vocabulary


def find_entry(vocabulary: Vocabulary, key: str) -> AnyEntry:
    """The entry whose id or any spelling of whose name is `key`."""
    entries = vocabulary.entries()
    words = word_tuple(key)
    for entry in entries:
        if entry.id == key or (words and words in {word_tuple(n) for n in rules_for(entry).names(entry)}):
            return entry
    options = [entry.id for entry in entries]
    close = difflib.get_close_matches(key, options, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise LintError(f"no vocabulary entry is named '{key}'{hint}")


def explain(vocabulary: Vocabulary, key: str) -> str:
    """A short, readable account of one entry."""
    entry = find_entry(vocabulary, key)
    lines = rules_for(entry).explain(entry)
    if entry.examples.flag or entry.examples.pass_:
        lines.append("")
        lines.append("Examples:")
        lines += [f"  flagged: {text}" for text in entry.examples.flag]
        lines += [f"  fine:    {text}" for text in entry.examples.pass_]
    lines.append(f"Declared at: {entry.origin}")
    return "\n".join(lines)
