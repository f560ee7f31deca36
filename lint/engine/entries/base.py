"""What every kind of vocabulary entry answers, and the matcher's payload."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from lint.findings import Context, Hit
from lint.vocabulary.model import AnyEntry, MovedModule, ProseWord, RetiredName, Term

if TYPE_CHECKING:
    from lint.engine.matcher import Match
    from lint.engine.scope import FileScope
    from lint.vocabulary.model import Vocabulary


class Kind(Enum):
    """What a matched phrase stands for."""

    RETIRED = "retired"
    CANONICAL = "canonical"
    AVOID = "avoid"
    PROSE_WORD = "prose-word"
    INTERNAL_NAME = "internal-name"
    MOVED = "moved"


@dataclass(frozen=True)
class Entry:
    """A matcher payload: the kind of phrase and the vocabulary entry it belongs to."""

    kind: Kind
    item: Term | RetiredName | ProseWord | MovedModule

    @property
    def id(self) -> str:
        """The entry id reported as `term` and named by suppressions."""
        return self.item.id


class EntryRules:
    """The rules of one kind of entry. The defaults are those of an entry the matcher never
    carries (a conflation rule, found by sentences instead)."""

    def applies(
        self, entry: Entry, context: Context, scope: FileScope, historical: bool, *, resolved: bool, in_code: bool
    ) -> bool:
        """Whether a phrase of this entry, found in `context` of a file of `scope`, is its
        concern (`historical`: the text is history; `resolved`: the file's imports resolved
        a qualified name to it; `in_code`: the text is part of Python source, which a docs
        context can be too: a role in a docstring)."""
        return False

    def can_report(self, entry: Entry, *, in_code: bool) -> bool:
        """Whether a phrase of this kind can ever become a finding in code (or in docs):
        the second filter of a file asks only for such phrases."""
        return False

    def hit(self, match: Match[Entry], context: Context) -> Hit | None:
        """The finding a match makes in `context`, if any (a correct spelling makes none)."""
        return None

    def names(self, item: AnyEntry) -> list[str]:
        """The spellings by which `vocab-lint explain` finds the entry."""
        return []

    def explain(self, item: AnyEntry) -> list[str]:
        """The lines `vocab-lint explain` prints for the entry (before its examples)."""
        raise NotImplementedError

    def hover(self, vocabulary: Vocabulary, item: AnyEntry, *, avoided: bool) -> str:
        """The entry as an editor's hover shows it, in Markdown (`avoided`: the word under
        the cursor is a spelling to avoid)."""
        return ""


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def markdown_text(text: str) -> str:
    """Vocabulary text as inert Markdown: every ASCII punctuation mark escaped (CommonMark
    lets any be), so a definition can hold no image, link, HTML or emphasis an editor would
    render or fetch."""
    return "".join("\\" + c if c in _PUNCTUATION else c for c in " ".join(text.split()))


def markdown_code(text: str) -> str:
    """A name as a Markdown code span, fenced past any backticks it holds."""
    longest = 0
    current = 0
    for character in text:
        current = current + 1 if character == "`" else 0
        longest = max(longest, current)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{' '.join(text.split())}{padding}{fence}"
