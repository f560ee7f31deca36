"""Conflations: sentences that claim a link between two terms the vocabulary keeps apart.

Co-occurrence is not a claim: "set `max_workers` to an upper bound and let autoscaling find
the level" names both terms and relates them correctly. A rule fires on the claim:

1. the sentence is cut into clauses (at `;`, `:`, parentheses, dashes, arrows, and words
   such as "but", "while", "whereas", "and let", "so that", ", which");
2. in one clause, the second side is predicated of the first: the first comes before the
   second (its subject or object: "`max_workers` autoscales", "raise `cache_size` to
   increase the thread count"), or the second directly modifies the first ("an
   autoscaling `max_workers`"), or the clause matches one of the rule's `claims`;
3. nothing in that clause denies the link (a negation word) or names an `unless` phrase.

Phrases inside a longer canonical term count for nothing ("autoscaling" inside
"autoscaling group").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import cached_property, lru_cache

from lint.engine.matcher import SPLIT_WHOLE_LENGTH, Match, Matcher
from lint.engine.prefilter import Prefilter
from lint.findings import Hit
from lint.rules import Rule
from lint.text.claims import FIRST, SECOND, compile_claim
from lint.text.patterns import TextPattern
from lint.text.words import Word, split_words, word_tuple
from lint.vocabulary.model import Conflation

Group = tuple[int, str]
Spans = Callable[[str, list[Word] | None], list[tuple[int, int]]]

# A run of spaces before a conjunction is read from its start (or from where a dash's
# break left off), never again from each space inside it: linear in the run.
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]{}]|[\u2013\u2014]|\s-{1,2}\s|->|=>|\u2192|\u21d2"
    r"|,?(?:(?<!\s)|(?<=\s-\s)|(?<=\s--\s))\s+"
    r"(?:but|while|whereas|although|though|because|so that|and let|and then|unless|if|when)\b"
    r"|,\s+(?:and|or|so|which|where|who)\b",
    re.IGNORECASE,
)
# What may stand between a modifier and the noun it modifies: markup and at most one word.
# `_` is both markup and part of a word; as one pattern (markup*, then word+ markup+) a run
# of underscores backtracked in time cubic in its length, so the gap is read in steps.
_MARKUP = re.compile(r"[\s`*_\"']*")
_WORD = re.compile(r"[\w-]*")
_ONLY_MARKUP = re.compile(r"[\s`*_\"']+")
_PRONOUN = re.compile(r"\b(?:it|this)\b(?!')", re.IGNORECASE)


def clauses(sentence: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the clauses of a sentence."""
    bounds, start = [], 0
    for found in _CLAUSE_BREAK.finditer(sentence):
        bounds.append((start, found.start()))
        start = found.end()
    bounds.append((start, len(sentence)))
    return [(a, b) for a, b in bounds if sentence[a:b].strip()]


class Conflations:
    """The compiled conflation rules of a vocabulary."""

    def __init__(self, conflations: tuple[Conflation, ...]) -> None:
        self.conflations = conflations
        self.matcher: Matcher[Group] = Matcher()
        self.claims = [tuple(compile_claim(claim) for claim in c.claims) for c in conflations]
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

    @cached_property
    def _sides(self) -> list[tuple[Prefilter, Prefilter]]:
        """Per rule, a prefilter for each side: one leftmost search each, no word splitting."""
        return [
            (Prefilter(word_tuple(p) for p in c.first), Prefilter(word_tuple(p) for p in c.second))
            for c in self.conflations
        ]

    def may_fire(self, text: str) -> bool:
        """Whether some rule has both sides somewhere in `text` (a whole-file filter).

        A page full of canonical terms (which are every rule's sides) is split into words
        only when some rule's two sides both pass their prefilters.
        """
        lowered = text.lower().encode("utf-8", "surrogatepass")
        if not any(first.found(text, lowered) and second.found(text, lowered) for first, second in self._sides):
            return False
        found = {match.payload for match in self.matcher.walk(text)}
        return any((i, "first") in found and (i, "second") in found for i in range(len(self.conflations)))

    def hits(self, sentence: str, canonical_spans: Spans) -> list[Hit]:
        """Conflation findings for one sentence of prose; `canonical_spans` finds canonical
        terms (in text order, never overlapping)."""
        # Sides are looked for only near their anchors: most sentences hold none, and are
        # never split into words. A sentence that does is split once for the canonical terms
        # (a long one, a page of one line, only near their anchors).
        found = list(self.matcher.walk(sentence))
        if not found:
            return []
        canonical = canonical_spans(sentence, split_words(sentence) if len(sentence) <= SPLIT_WHOLE_LENGTH else None)
        canonical_starts = [start for start, _ in canonical]
        found = sorted(
            (match for match in found if standalone(match, canonical, canonical_starts)), key=lambda m: m.start
        )
        starts = [match.start for match in found]
        hits: list[Hit] = []
        mentioned: dict[int, Match[Group]] = {}  # the last first side named by an earlier clause
        for start, end in clauses(sentence):
            groups: dict[Group, list[Match[Group]]] = {}
            for match in found[bisect_left(starts, start) : bisect_left(starts, end)]:
                if match.end <= end:
                    groups.setdefault(match.payload, []).append(match)
            for index, conflation in enumerate(self.conflations):
                first, second = groups.get((index, "first"), []), groups.get((index, "second"), [])
                earlier = mentioned.get(index)
                if first:
                    mentioned[index] = first[-1]
                elif earlier is not None and second and _PRONOUN.search(sentence, start, second[0].start):
                    first = [earlier]  # "the record window; raise it for more concurrency"
                if not first or not second or groups.get((index, "unless")):
                    continue
                claim = self.claim(sentence, (start, end), first, second, index)
                if claim is not None and not _negated(sentence[start:end], conflation):
                    a, b = claim
                    hits.append(Hit(a, b, sentence[a:b], Rule.CONFLATED_TERMS, conflation.id, conflation.message))
        return hits

    def claim(
        self, sentence: str, clause: tuple[int, int], first: list[Match[Group]], second: list[Match[Group]], index: int
    ) -> tuple[int, int] | None:
        """The span of the claim that links the sides in this clause, or None.

        The first side, then what is said of it (a second side after it), or a second side
        just before it as a modifier ("an adaptive max_parallel_requests"): of the first
        sides in order, the first that has either, with the earliest such second side.
        Both sides come in order of start.
        """
        starts = [s.start for s in second]
        by_end = sorted(range(len(second)), key=lambda i: second[i].end)
        ends = [second[i].end for i in by_end]
        for f in first:
            # Where a modifier may end: the gap up to the first side fits the modifier
            # pattern from any point on once it fits from one, so walk ends back from it.
            modifier: int | None = None
            position = bisect_right(ends, f.start) - 1
            while position >= 0 and modifier_gap(sentence, ends[position], f.start):
                modifier = by_end[position] if modifier is None else min(modifier, by_end[position])
                position -= 1
            if modifier is not None:
                return second[modifier].start, f.end
            after = bisect_left(starts, f.end)
            if after < len(second):
                return f.start, second[after].end
        if (
            first
            and second
            and self.claims[index]
            and matches_claim(sentence, clause, first, second, self.claims[index])
        ):
            return min(m.start for m in first + second), max(m.end for m in first + second)
        return None


def modifier_gap(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is markup, optionally then one word and more markup."""
    word = _MARKUP.match(text, start, end).end()  # type: ignore[union-attr]  # `*` always matches
    if word == end:
        return True
    after = _WORD.match(text, word, end).end()  # type: ignore[union-attr]
    if after == word:
        return False
    if after < end:
        return _ONLY_MARKUP.fullmatch(text, after, end) is not None
    return text[end - 1] == "_"  # the word's trailing underscores are the markup after it


def matches_claim(
    sentence: str,
    clause: tuple[int, int],
    first: list[Match[Group]],
    second: list[Match[Group]],
    claims: tuple[TextPattern, ...],
) -> bool:
    """Whether the clause, with its sides replaced by stand-ins, matches a claim template."""
    start, end = clause
    marked = []
    cursor = start
    firsts = {id(match) for match in first}
    for match in sorted([*first, *second], key=lambda m: m.start):
        if match.start < cursor:
            continue
        marked.append(sentence[cursor : match.start].lower())
        marked.append(FIRST if id(match) in firsts else SECOND)
        cursor = match.end
    marked.append(sentence[cursor:end].lower())
    text = " ".join("".join(marked).replace("`", " ").split())
    return any(claim.search(text) is not None for claim in claims)


def standalone(match: Match[Group], canonical: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a phrase stands alone, not inside a longer canonical term (`canonical` is in
    text order and never overlaps, `starts` its starts: one span can hold the match)."""
    index = bisect_right(starts, match.start) - 1
    if index < 0:
        return True
    start, end = canonical[index]
    return not (match.end <= end and end - start > match.end - match.start)


def _negated(clause: str, conflation: Conflation) -> bool:
    return _negation_pattern(conflation.negations).search(clause.lower().replace("\u2019", "'")) is not None


@lru_cache(maxsize=256)
def _negation_pattern(negations: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a rule's negation words, each as a whole word."""
    words = "|".join(re.escape(word.lower()) for word in negations)
    return re.compile(rf"(?<![\w'])(?:{words})(?![\w'])")
