"""Conflation rules: sentences that link two terms the vocabulary keeps apart.

Not matched phrase by phrase: `lint.engine.conflations` reads sentences for claims. Here
is only how `vocab-lint explain` shows a rule.
"""

from __future__ import annotations

from lint.engine.entries.base import EntryRules
from lint.vocabulary.model import AnyEntry, Conflation


class ConflationRules(EntryRules):
    """Pairs of term groups that no sentence may link."""

    def explain(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, Conflation)
        return [
            f"{item.id}: conflation rule",
            item.message,
            "Links: " + ", ".join(item.first) + "  <->  " + ", ".join(item.second),
            "Unless negated by: " + ", ".join(item.negations),
        ]


CONFLATIONS = ConflationRules()
