"""Moved modules: an old dotted module path and its new home.

Matched as whole dotted (or slashed) segments wherever a path is written: imports,
strings, comments, docs, link targets; not in identifiers, attributes or keywords (a
module path is not a name there). Reported as `moved-module`, fixable when there is one
new home (a slashed path is fixed with slashes); never in history. A module with no new
home (`new: []`) was removed, with every module under it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lint.engine.entries.base import Entry, EntryRules, markdown_code
from lint.findings import Context, Hit
from lint.rules import Rule
from lint.vocabulary.model import AnyEntry, MovedModule, Vocabulary

if TYPE_CHECKING:
    from lint.engine.matcher import Match
    from lint.engine.scope import FileScope


class MovedModuleRules(EntryRules):
    """Old module paths."""

    def applies(
        self, entry: Entry, context: Context, scope: FileScope, historical: bool, *, resolved: bool, in_code: bool
    ) -> bool:
        return not historical and context not in (Context.IDENTIFIER, Context.ATTRIBUTE, Context.KEYWORD)

    def can_report(self, entry: Entry, *, in_code: bool) -> bool:
        return True

    def hit(self, match: Match[Entry], context: Context) -> Hit | None:
        item = match.payload.item
        assert isinstance(item, MovedModule)
        new = item.new[0] if len(item.new) == 1 else None
        if new is not None and "/" in match.text:
            new = new.replace(".", "/")
        where = " or ".join(f"'{n}'" for n in item.new)
        fate = f"moved to {where}" if item.new else "was removed"
        message = f"module '{item.old}' {fate}" + (f": {item.message}" if item.message else "")
        return Hit(match.start, match.end, match.text, Rule.MOVED_MODULE, item.id, message, new, new is not None)

    def names(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, MovedModule)
        return [item.old]

    def explain(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, MovedModule)
        return [f"{item.old} ({item.id}): moved module", "New home: " + (" or ".join(item.new) or "none (removed)")]

    def hover(self, vocabulary: Vocabulary, item: AnyEntry, *, avoided: bool) -> str:
        assert isinstance(item, MovedModule)
        if not item.new:
            return f"**{markdown_code(item.old)}** was removed, with every module under it."
        return f"**{markdown_code(item.old)}** moved to " + " or ".join(markdown_code(n) for n in item.new) + "."


MOVED_MODULES = MovedModuleRules()
