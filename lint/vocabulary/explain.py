"""`vocab-lint explain ID`: what the vocabulary says about one id or name."""

from __future__ import annotations

import difflib

from lint.engine.words import word_tuple
from lint.errors import LintError
from lint.vocabulary.model import AnyEntry, MovedModule, ProseWord, RetiredName, Term, Vocabulary


def find_entry(vocabulary: Vocabulary, key: str) -> AnyEntry:
    """The entry whose id or any spelling of whose name is `key`."""
    entries = vocabulary.entries()
    words = word_tuple(key)
    for entry in entries:
        if entry.id == key or (words and words in {word_tuple(n) for n in _names(entry)}):
            return entry
    options = [entry.id for entry in entries]
    close = difflib.get_close_matches(key, options, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise LintError(f"no vocabulary entry is named '{key}'{hint}")


def _names(entry: AnyEntry) -> list[str]:
    if isinstance(entry, Term):
        return list(entry.spellings())
    if isinstance(entry, RetiredName):
        return [entry.name]
    if isinstance(entry, ProseWord):
        return [entry.word, *entry.forms]
    if isinstance(entry, MovedModule):
        return [entry.old]
    return []


def explain(vocabulary: Vocabulary, key: str) -> str:
    """A short, readable account of one entry."""
    entry = find_entry(vocabulary, key)
    lines: list[str] = []
    if isinstance(entry, Term):
        lines += [f"{entry.name} ({entry.id}): canonical term", "", entry.definition, ""]
        if entry.owner:
            lines.append(f"Owner: {entry.owner}")
        if entry.code_names:
            lines.append("Code names: " + ", ".join(f"{c.name} ({c.audience.value})" for c in entry.code_names))
        if entry.aliases:
            lines.append("Also written: " + ", ".join(entry.aliases))
        if entry.avoid:
            lines.append("Avoid: " + ", ".join(entry.avoid))
        if entry.see_also:
            lines.append("See also: " + ", ".join(entry.see_also))
        lines.append(f"Audience: {entry.audience.value}")
    elif isinstance(entry, RetiredName):
        lines.append(f"{entry.name} ({entry.id}): {entry.kind.value} name")
        lines.append("Replacement: " + (" or ".join(entry.replacements) if entry.replacements else "none"))
        if entry.fix_target:
            lines.append(f"Safe fix: rename to {entry.fix_target} (in the style of the text it replaces)")
        if entry.message:
            lines.append(f"Note: {entry.message}")
        lines.append(f"Applies to: {entry.scope.value}")
        if entry.allowed_paths:
            lines.append("Allowed in: " + ", ".join(entry.allowed_paths))
    elif isinstance(entry, ProseWord):
        lines.append(f"{entry.word} ({entry.id}): word to keep out of current prose")
        if entry.forms:
            lines.append("Forms: " + ", ".join(entry.forms))
        if entry.message:
            lines.append(f"Instead: {entry.message}")
    elif isinstance(entry, MovedModule):
        lines.append(f"{entry.old} ({entry.id}): moved module")
        lines.append("New home: " + " or ".join(entry.new))
    else:
        lines.append(f"{entry.id}: conflation rule")
        lines.append(entry.message)
        lines.append("Links: " + ", ".join(entry.first) + "  <->  " + ", ".join(entry.second))
        lines.append("Unless negated by: " + ", ".join(entry.negations))
    if entry.examples.flag or entry.examples.pass_:
        lines.append("")
        lines.append("Examples:")
        lines += [f"  flagged: {text}" for text in entry.examples.flag]
        lines += [f"  fine:    {text}" for text in entry.examples.pass_]
    lines.append(f"Declared at: {entry.origin}")
    return "\n".join(lines)
