"""The rules: which vocabulary entries apply to a piece of text in a given context.

Scanners cut files into segments (an identifier, a comment, a sentence, a link target),
each with its `Context`; `Engine.hits` returns what the vocabulary says about a segment as
offsets into it. Scanners only map offsets to lines and columns.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import replace

from lint.engine.conflations import Conflations
from lint.engine.entries import Entry, Kind, rules_for
from lint.engine.entries.retired import on_a_receiver, retired_hit, with_edge_underscores
from lint.engine.entries.terms import misspelled
from lint.engine.hits import HitMemo
from lint.engine.matcher import Match, Matcher, Walk
from lint.engine.prefilter import Prefilter
from lint.engine.qualified import QualifiedNames
from lint.engine.scope import FileScope, PathScopes
from lint.engine.tokens import dotted_spellings
from lint.findings import Context, Finding, Hit
from lint.rules import Severity
from lint.text.lines import LineIndex
from lint.text.patterns import TextPattern, compile_pattern
from lint.text.words import Word, plural_forms, word_tuple
from lint.vocabulary.model import (
    Audience,
    RetiredName,
    Term,
    Vocabulary,
)

SUPPRESSION_MARKER = "vocab-lint"


def module_regex(dotted: str) -> re.Pattern[str]:
    """Whole dotted (or slashed) segments: `a.b` matches in `x.a.b.c`, not in `xa.b`."""
    first, *rest = (re.escape(part) for part in dotted.split("."))
    # The guard before the name is looked for after its first part: a pattern that starts
    # with a literal is searched for that literal, not tried at every position.
    body = "".join([first, rf"(?<![A-Za-z0-9_]{first})", *(rf"[./]{part}" for part in rest)])
    return re.compile(rf"{body}(?![A-Za-z0-9_])")


def _add_retired(matcher: Matcher[Entry], vocabulary: Vocabulary) -> tuple[list[TextPattern], list[str], list[str]]:
    """Add every retired name to `matcher`; return its regexes and the prefilter's exact and any-case keys.

    A name spelt exactly (`case: exact`, qualified) is a whole-token pattern, found in the
    prefilter by its member as written; any other name is a phrase of words.
    """
    regexes: list[TextPattern] = []
    exact_keys: list[str] = []
    any_case_keys: list[str] = []
    for retired in vocabulary.retired:
        entry = Entry(Kind.RETIRED, retired)
        if retired.pattern is not None:
            regexes.append(compile_pattern(retired.pattern))
            matcher.add_regex(regexes[-1], entry)
        elif retired.parameter_of:  # a keyword argument, found only by resolving the call it is passed to
            exact_keys.append(retired.parameter_of[1])
        elif retired.any_receiver is not None:  # `*.flag`: the member, kept only after a dot (`on_a_receiver`)
            matcher.add_tokens([retired.any_receiver], entry, exact_case=retired.exact_case, after_dot=True)
            (exact_keys if retired.exact_case else any_case_keys).append(retired.any_receiver)
        elif retired.qualified or retired.exact_case:
            spellings = dotted_spellings(retired.name, vocabulary.module_aliases) if retired.qualified else []
            matcher.add_tokens(spellings or [retired.name], entry, exact_case=retired.exact_case)
            (exact_keys if retired.exact_case else any_case_keys).append(retired.name.rpartition(".")[2])
        else:
            words = word_tuple(retired.name)
            matcher.add_phrase(words, entry)
            for inflected in plural_forms(words) if retired.inflect else []:
                matcher.add_phrase(inflected, entry)
    return regexes, exact_keys, any_case_keys


def _member_names(vocabulary: Vocabulary) -> dict[str, list[RetiredName]]:
    """Dotted member names (`Settings.timeout`) by member: its keyword in a call of the owner."""
    names: dict[str, list[RetiredName]] = {}
    for retired in vocabulary.retired:
        owner_member = retired.owner_and_member
        if owner_member is not None and not retired.qualified:
            names.setdefault(owner_member[1], []).append(retired)
    return names


class Engine:
    """The compiled vocabulary: matchers, prefilter, path scopes and severities."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._hits = HitMemo()
        self.matcher: Matcher[Entry] = Matcher()
        for term in vocabulary.terms:
            self._add_term(term)
        self.qualified = QualifiedNames(vocabulary)
        retired_regexes, exact_keys, any_case_keys = _add_retired(self.matcher, vocabulary)
        for prose_word in vocabulary.prose_words:
            entry = Entry(Kind.PROSE_WORD, prose_word)
            for form in (prose_word.word, *prose_word.forms):
                self.matcher.add_phrase(word_tuple(form), entry)
        for moved in vocabulary.moved_modules:
            self.matcher.add_regex(module_regex(moved.old), Entry(Kind.MOVED, moved))
        self.conflations = Conflations(vocabulary.conflations)
        self.scopes = PathScopes(vocabulary)
        # The second filter asks smaller matchers: only phrases that can become findings.
        self.code_finder = self.matcher.subset(lambda e: rules_for(e.item).can_report(e, in_code=True))
        self.docs_finder = self.matcher.subset(lambda e: rules_for(e.item).can_report(e, in_code=False))
        self.member_names = _member_names(vocabulary)
        # `*.flag` by id: `self.flag` inside a class that still defines `flag` is not a use.
        self.any_receivers = {r.id: r.any_receiver for r in vocabulary.retired if r.any_receiver is not None}
        self.aliases = vocabulary.exact_names()
        members = "|".join(re.escape(member) for member in sorted(self.member_names))
        self._member_keyword = re.compile(rf"(?<![\w.])({members})\s*=(?!=)")
        # The prefilters look for the finders' phrases; a page also needs a conflation's first group.
        first_groups = self.conflations.first_phrases()
        keys = [*self._keys(), *any_case_keys]
        self.code_prefilter = Prefilter(self.code_finder.phrases, retired_regexes, keys, exact_keys)
        self.docs_prefilter = Prefilter([*self.docs_finder.phrases, *first_groups], retired_regexes, keys, exact_keys)

    def resolved_hit(
        self, retired: RetiredName, written: str, context: Context, scope: FileScope, *, attribute: bool
    ) -> Hit | None:
        """The hit for a reference that the file's imports resolve to a qualified entry."""
        if not applies(Entry(Kind.RETIRED, retired), context, scope, scope.historical, resolved=True):
            return None
        replacement = QualifiedNames.member_replacement(retired, attribute=attribute)
        hit = retired_hit(Match(0, len(written), written, Entry(Kind.RETIRED, retired)), retired, prose=False)
        return replace(hit, replacement=replacement, fixable=replacement is not None and retired.safe)

    def member_hit(self, retired: RetiredName, keyword: str, scope: FileScope) -> Hit | None:
        """The hit for `timeout=` in a call of `Settings(...)` (a retired member name `Settings.timeout`)."""
        if not applies(Entry(Kind.RETIRED, retired), Context.KEYWORD, scope, scope.historical):
            return None
        hit = retired_hit(Match(0, len(keyword), keyword, Entry(Kind.RETIRED, retired)), retired, prose=False)
        member = hit.replacement.rpartition(".")[2] if hit.replacement is not None else None
        return Hit(hit.start, hit.end, hit.matched, hit.rule, hit.term, hit.message, member, hit.fixable)

    def _keys(self) -> list[str]:
        return [SUPPRESSION_MARKER, *(max(m.old.split("."), key=len) for m in self.vocabulary.moved_modules)]

    def _add_term(self, term: Term) -> None:
        """Prose spellings of a term and its avoid variants match in the plural too."""
        canonical = Entry(Kind.CANONICAL, term)
        for spelling in term.prose_spellings():
            for words in (word_tuple(spelling), *plural_forms(word_tuple(spelling))):
                self.matcher.add_phrase(words, canonical)
        internal = Entry(Kind.INTERNAL_NAME, term)
        for code_name in term.code_names:
            kind = internal if code_name.audience is Audience.INTERNAL else canonical
            self.matcher.add_phrase(word_tuple(code_name.name), kind)
        avoid = Entry(Kind.AVOID, term)
        for variant in term.avoid:
            for words in (word_tuple(variant), *plural_forms(word_tuple(variant))):
                self.matcher.add_phrase(words, avoid)

    def scope_for(self, path: str) -> FileScope:
        """Historical flag, audience and allowed retired names for a repository path."""
        return self.scopes.scope_for(path)

    def conflation_hits(self, sentence: str) -> list[Hit]:
        """Conflation findings for one sentence of prose."""
        return self.conflations.hits(sentence, self._canonical_spans)

    def _canonical_spans(self, text: str, words: list[Word] | None) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.matcher.find(text, words=words) if m.payload.kind is Kind.CANONICAL]

    # Severities --------------------------------------------------------------------------

    def with_severities(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """The findings after the vocabulary's `severity:` overrides; those turned off are dropped.

        Scanners give a finding its rule's default severity (or a milder one where the place
        says so: a fallback import); this is the one place overrides apply, to every rule alike.
        """
        kept: list[Finding] = []
        for finding in findings:
            override = self.vocabulary.term_severity.get(finding.term) or self.vocabulary.rule_severity.get(
                finding.rule.value
            )
            if override == "off":
                continue
            severity = Severity(override) if override else finding.severity
            kept.append(finding if severity is finding.severity else replace(finding, severity=severity))
        return tuple(kept)

    # Matching ----------------------------------------------------------------------------

    def hits(
        self, text: str, context: Context, scope: FileScope, *, historical: bool = False, in_code: bool = False
    ) -> list[Hit]:
        """What the vocabulary says about `text` standing in `context` of a file (`in_code`:
        Python source, though the context is a docs one)."""
        if historical or scope.historical:
            return []  # history keeps its words: no entry of the vocabulary is a finding there

        def accept(entry: Entry) -> bool:
            return applies(entry, context, scope, False, in_code=in_code)

        matches = [with_edge_underscores(match, text) for match in self.matcher.find(text, accept)]
        kept = [match for match in matches if match is not None and on_a_receiver(match, text, context)]
        hits = [hit for match in kept if (hit := self._hits.hit(match, context)) is not None]
        if context in (Context.LINK_TARGET, Context.FILENAME):
            # A link or a file name points at a file: renaming the text does not move the file.
            return [replace(hit, fixable=False) for hit in hits]
        return hits

    def code_candidates(self, text: str) -> Walk[Entry]:
        """The phrases of a Python file that can become findings, found as far as asked.

        The second filter and the scanner read the same `Walk`: the filter stops at the
        first that counts, the scanner goes on from there.
        """
        return self.code_finder.walk(text)

    def trigger_words(
        self,
        text: str,
        candidates: Walk[Entry] | None = None,
        code_starts: set[tuple[int, int]] | None = None,
        prose_lines: Container[int] | None = None,
    ) -> tuple[frozenset[str], set[int]]:
        """Words of every phrase that occurs in `text`, and the (1-based) lines they stand on.

        `candidates`: the text's `code_candidates`, when the caller has them. A part of the
        text that holds none of these words cannot match. A qualified name's dotted
        spelling that starts at one of `code_starts` (line, column) is code the imports
        have resolved already, not text. An avoided spelling counts only on `prose_lines`
        (where a comment or string stands, when known): elsewhere it is part of an
        identifier, which that rule never reports.
        """
        words: set[str] = set()
        lines: set[int] = set()
        index = LineIndex(text)
        spans = [
            (m.start, m.text, m.payload.kind is Kind.AVOID)
            for m in (candidates if candidates is not None else self.code_candidates(text))
            if not (code_starts and _is_qualified(m.payload) and _at(index, m.start) in code_starts)
        ]
        # `timeout=` in a call of `Settings(...)` names a retired member without its owner.
        if self.member_names:
            spans += [(m.start(), m.group(1), False) for m in self._member_keyword.finditer(text)]
        for start, matched, prose_only in spans:
            first = index.position(start)[0]
            spanned = range(first, first + matched.count("\n") + 1)
            if prose_only and prose_lines is not None and not any(line in prose_lines for line in spanned):
                continue
            words.update(word_tuple(matched))
            lines.update(spanned)
        return frozenset(words), lines

    def code_may_have_findings(self, text: str, candidates: Walk[Entry], qualified_offsets: list[int]) -> bool:
        """Second filter of a Python file that passed the prefilter: could any rule fire?

        Every phrase of a segment is also a phrase of the whole text, so a file with no
        candidate here has no finding and need not be parsed. Correct spellings of canonical
        terms do not count; directives do (an unused one is a finding), and so do qualified
        names and a retired member's keyword (`timeout_s=`), which the scanner resolves
        (`qualified_offsets`: the text's `QualifiedNames.candidate_offsets`).
        """
        if SUPPRESSION_MARKER in text or qualified_offsets:
            return True
        if self.member_names and self._member_keyword.search(text):
            return True
        return self._counts(candidates)

    def docs_may_have_findings(self, text: str) -> bool:
        """Second filter of a page that passed the prefilter (as `code_may_have_findings`),
        conflations included; a qualified name the imports of a Python block may resolve
        (`from numpy import float_`, then `float_`) is not spelt out whole."""
        if SUPPRESSION_MARKER in text:
            return True
        if self._counts(self.docs_finder.walk(text)) or self.conflations.may_fire(text):
            return True
        return bool(self.qualified and self.qualified.candidate_offsets(text))

    @staticmethod
    def _counts(candidates: Iterable[Match[Entry]]) -> bool:
        """Whether any candidate is more than a correct spelling of a canonical term."""
        for match in candidates:
            entry = match.payload
            if entry.kind is not Kind.CANONICAL:
                return True
            if isinstance(entry.item, Term) and misspelled(match.text, entry.item):
                return True
        return False


def applies(
    entry: Entry, context: Context, scope: FileScope, historical: bool, *, resolved: bool = False, in_code: bool = False
) -> bool:
    """Whether an entry's phrase, found in `context` of a file of `scope`, is the vocabulary's
    concern; code contexts are always `in_code`."""
    in_code = in_code or context.is_code
    return rules_for(entry.item).applies(entry, context, scope, historical, resolved=resolved, in_code=in_code)


def _is_qualified(entry: Entry) -> bool:
    return isinstance(entry.item, RetiredName) and entry.item.qualified


def _at(index: LineIndex, offset: int) -> tuple[int, int]:
    """(1-based line, 0-based column) of an offset."""
    line, column = index.position(offset)
    return line, column - 1
