"""Conflations: sentences that link two terms the vocabulary keeps apart.

One pass of one matcher finds every phrase of every conflation rule in a sentence; a rule
fires when both of its sides occur, outside longer canonical terms, and nothing in the
sentence denies the link (a negation word) or names an `unless` phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lint.engine.matcher import Match, Matcher
from lint.engine.words import Word, split_words, word_tuple
from lint.findings import Hit
from lint.rules import Rule
from lint.vocabulary.model import Conflation

Group = tuple[int, str]
Spans = Callable[[str, list[Word]], list[tuple[int, int]]]


class Conflations:
    """The compiled conflation rules of a vocabulary."""

    def __init__(self, conflations: tuple[Conflation, ...]) -> None:
        self.conflations = conflations
        self.matcher: Matcher[Group] = Matcher()
        for index, conflation in enumerate(conflations):
            for group, phrases in (
                ("first", conflation.first),
                ("second", conflation.second),
                ("unless", conflation.unless),
            ):
                for phrase in phrases:
                    self.matcher.add_phrase(word_tuple(phrase), (index, group))

    def first_phrases(self) -> list[tuple[str, ...]]:
        """The phrases of every rule's first side: a page without one cannot conflate."""
        return self.matcher.subset(lambda payload: payload[1] == "first").phrases

    def may_fire(self, text: str, words: list[Word]) -> bool:
        """Whether some rule has both sides somewhere in `text` (a whole-file filter)."""
        found = {match.payload for match in self.matcher.candidates(text, words=words)}
        return any((i, "first") in found and (i, "second") in found for i in range(len(self.conflations)))

    def hits(self, sentence: str, canonical_spans: Spans) -> list[Hit]:
        """Conflation findings for one sentence of prose.

        One pass finds every phrase of every rule. A phrase counts only where it is not part
        of a longer canonical term, so "adaptive" inside "adaptive request-domain limit"
        links nothing; `canonical_spans` finds those terms.
        """
        words = split_words(sentence)
        found = self.matcher.candidates(sentence, words=words)
        if not found:
            return []
        groups: dict[Group, list[Match[Group]]] = {}
        for match in found:
            groups.setdefault(match.payload, []).append(match)
        canonical: list[tuple[int, int]] | None = None
        hits: list[Hit] = []
        lowered = sentence.lower().replace("\u2019", "'")
        for index, conflation in enumerate(self.conflations):
            first, second = groups.get((index, "first"), []), groups.get((index, "second"), [])
            if not first or not second or groups.get((index, "unless")):
                continue
            if canonical is None:
                canonical = canonical_spans(sentence, words)
            first = [m for m in first if _standalone(m, canonical)]
            second = [m for m in second if _standalone(m, canonical)]
            if not first or not second or _negated(lowered, conflation):
                continue
            start = min(first[0].start, second[0].start)
            end = max(first[0].end, second[0].end)
            hits.append(Hit(start, end, sentence[start:end], Rule.CONFLATED_TERMS, conflation.id, conflation.message))
        return hits


def _standalone(match: Match[Group], canonical: list[tuple[int, int]]) -> bool:
    return not any(
        start <= match.start and match.end <= end and end - start > match.end - match.start for start, end in canonical
    )


def _negated(lowered_sentence: str, conflation: Conflation) -> bool:
    return _negation_pattern(conflation.negations).search(lowered_sentence) is not None


@lru_cache(maxsize=256)
def _negation_pattern(negations: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a rule's negation words, each as a whole word."""
    words = "|".join(re.escape(word.lower()) for word in negations)
    return re.compile(rf"(?<![\w'])(?:{words})(?![\w'])")
