"""Exact spellings matched as whole tokens: for `case: exact` and qualified names.

Word matching reads `np.NaN` and `np.nan` as the same words; a NumPy rename cannot. A
`TokenPattern` finds literal spellings that are not part of a longer identifier or dotted
name (`np.NaN` in `x = np.NaN + 1`, not in `np.NaNs` or `my_np.NaN`). The regular
expression starts with the literals, and the character before a match is checked in
Python: a leading look-behind would make the engine try every position of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lint.engine.patterns import PatternMatch


class TokenPattern:
    """Literal spellings as whole tokens, case-sensitive unless `exact_case` is false.

    With `members`, a spelling may follow a dot: it is an attribute's member name.
    """

    def __init__(self, spellings: Iterable[str], *, exact_case: bool, members: bool = False) -> None:
        alternatives = "|".join(re.escape(s) for s in sorted(set(spellings), key=len, reverse=True))
        self._regex = re.compile(rf"(?:{alternatives})(?!\w)", 0 if exact_case else re.IGNORECASE)
        self._joiners = "_" if members else "_."

    def finditer(self, text: str) -> Iterator[PatternMatch]:
        """Every whole-token occurrence, in text order."""
        for match in self._regex.finditer(text):
            start = match.start()
            if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in self._joiners):
                yield match

    def search(self, text: str) -> PatternMatch | None:
        """The first whole-token occurrence, or None."""
        return next(self.finditer(text), None)


def dotted_spellings(name: str, module_aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """`numpy.float_` and its spellings through module aliases (`np.float_`)."""
    spellings = [name]
    for module, aliases in module_aliases.items():
        if name.startswith(module + "."):
            spellings += [alias + name[len(module) :] for alias in aliases]
    return spellings
