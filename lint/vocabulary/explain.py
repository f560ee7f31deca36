"""`vocab-lint explain ID`: what the vocabulary says about one id or name."""

from __future__ import annotations

import difflib

from lint.errors import LintError
from lint.text.words import word_tuple
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
        if entry.fix_target and entry.qualified:
            parent, _, old = entry.name.rpartition(".")
            new = entry.fix_target.removeprefix(parent + ".")
            lines.append(f"Safe fix: {old} becomes {new} where it is written; the module or alias before it stays")
        elif entry.fix_target:
            lines.append(f"Safe fix: rename to {entry.fix_target} (in the style of the text it replaces)")
        if entry.message:
            lines.append(f"Note: {entry.message}")
        lines.append("Matches: " + _how_it_matches(entry))
        lines.append(f"Applies to: {entry.scope.value}")
        if entry.contexts:
            lines.append("Contexts: " + ", ".join(sorted(context.value for context in entry.contexts)))
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


def _how_it_matches(entry: RetiredName) -> str:
    if entry.pattern is not None:
        return f"the regular expression {entry.pattern}"
    if entry.qualified:
        how = "references that the file's imports resolve to it in Python code; its dotted spellings elsewhere"
    elif entry.exact_case:
        how = "its spelling as a whole token"
    else:
        return "its words in any spelling style"
    return how + (", exactly as written" if entry.exact_case else ", in any case")
