"""Prose words: words that describe an old design ("throttling"), kept out of current prose.

Reported as `prose-word` in prose contexts only (an identifier holding the word is a
removed name's business, if anything's), never in history; no fix: the sentence needs
rewriting, not a word swapped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lint.engine.entries.base import Entry, EntryRules, markdown_text
from lint.findings import Context, Hit
from lint.rules import Rule
from lint.vocabulary.model import AnyEntry, ProseWord, Vocabulary

if TYPE_CHECKING:
    from lint.engine.matcher import Match
    from lint.engine.scope import FileScope


class ProseWordRules(EntryRules):
    """Words of an old design in current prose."""

    def applies(
        self, entry: Entry, context: Context, scope: FileScope, historical: bool, *, resolved: bool, in_code: bool
    ) -> bool:
        return not historical and context.is_prose and not in_code

    def can_report(self, entry: Entry, *, in_code: bool) -> bool:
        return not in_code

    def hit(self, match: Match[Entry], context: Context) -> Hit | None:
        item = match.payload.item
        assert isinstance(item, ProseWord)
        message = f"'{match.text}' describes the old design" + (f"; {item.message}" if item.message else "")
        return Hit(match.start, match.end, match.text, Rule.PROSE_WORD, item.id, message)

    def names(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, ProseWord)
        return [item.word, *item.forms]

    def explain(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, ProseWord)
        lines = [f"{item.word} ({item.id}): word to keep out of current prose"]
        if item.forms:
            lines.append("Forms: " + ", ".join(item.forms))
        if item.message:
            lines.append(f"Instead: {item.message}")
        return lines

    def hover(self, vocabulary: Vocabulary, item: AnyEntry, *, avoided: bool) -> str:
        assert isinstance(item, ProseWord)
        message = f"\n\n{markdown_text(item.message)}" if item.message else ""
        return f"**{markdown_text(item.word)}** describes the old design.{message}"


PROSE_WORDS = ProseWordRules()
