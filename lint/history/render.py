"""Suggestions written as a fragment of `vocab.yaml` (to review and paste) or as JSON (for tools)."""

from __future__ import annotations

import json

from lint.files.discovery import printable_path
from lint.history.mention import Mention
from lint.history.suggest import Suggestions
from lint.text.words import word_tuple


def _where(mention: Mention) -> str:
    if mention.first is None:
        return "no remaining mention"
    path, line = mention.first
    where = printable_path(path)  # a file name may hold a line break: in a comment it would start a line of YAML
    return f"{mention.count} remaining mention{'s' if mention.count != 1 else ''}, first at {where}:{line}"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def as_yaml(suggestions: Suggestions) -> str:
    """`removed:` and `moved_modules:` entries, each after a comment with its rank and a place."""
    lines = ["# Drafted by `vocab-lint vocab suggest`: review every entry before pasting it into vocab.yaml."]
    if suggestions.removed:
        lines += ["removed:"]
        for rank, removal in enumerate(suggestions.removed, 1):
            sure = f", {removal.confidence} confidence" if removal.confidence else ", no replacement found"
            owner = printable_path(removal.owner)
            lines.append(f"  # {rank}. {removal.kind} of {owner}: {_where(removal.mentions)}{sure}")
            lines.append(f"  - name: {_quoted(removal.name)}")
            if removal.exact:
                lines.append("    case: exact  # its words still name something else")
            if removal.replacement is not None and removal.confidence == "high":
                lines.append(f"    replacement: {_quoted(removal.replacement)}")
            elif removal.replacement is not None:
                lines.append(f"    # replacement: {_quoted(removal.replacement)}  (a guess: uncomment once checked)")
            lines.append(f"    message: {_quoted(f'{removal.name} was removed from {removal.owner}')}")
            if removal.mentions.line_text:
                lines.append(f"    examples: {{flag: [{_quoted(removal.mentions.line_text)}]}}")
    if suggestions.moved:
        lines += ["moved_modules:"]
        for rank, move in enumerate(suggestions.moved, 1):
            lines.append(f"  # {rank}. {_where(move.mentions)}")
            lines.append(f"  - old: {_quoted(move.old)}")
            lines.append(f"    new: {_quoted(move.new)}")
    replacements = sorted({r.replacement for r in suggestions.removed if r.replacement and r.confidence == "high"})
    if replacements:
        lines += ["terms:", "  # The names the entries above point to: say what each one means."]
        for name in replacements:
            prose = " ".join(word_tuple(name))
            lines.append(f"  - name: {_quoted(prose)}")
            lines.append("    category: renamed")
            lines.append(f"    definition: {_quoted(f'TODO: what {name} is.')}")
            lines.append(f"    code_names: [{_quoted(name)}]")
    if not suggestions.removed and not suggestions.moved:
        lines.append("# Nothing to suggest: no name defined then is missing now.")
    return "\n".join(lines) + "\n"


def _place(mention: Mention) -> dict[str, object] | None:
    """Where the first remaining mention stands, for JSON."""
    return None if mention.first is None else {"path": mention.first[0], "line": mention.first[1]}


def as_json(suggestions: Suggestions) -> str:
    """The same suggestions as one JSON object."""
    data = {
        "removed": [
            {
                "name": r.name,
                "kind": r.kind,
                "owner": r.owner,
                "replacement": r.replacement,
                "confidence": r.confidence,
                "case": "exact" if r.exact else "any",
                "mentions": r.mentions.count,
                "test_only": r.test_only,
                "first_mention": _place(r.mentions),
            }
            for r in suggestions.removed
        ],
        "moved_modules": [{"old": m.old, "new": m.new, "mentions": m.mentions.count} for m in suggestions.moved],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
