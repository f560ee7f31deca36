"""Retired names: removed (an error) and deprecated (a warning) names, with replacements.

A name is matched by its words in any spelling style, or exactly (`case: exact`), or as a
qualified Python name that the file's imports resolve to it (in code; its dotted
spellings elsewhere), or by a regular expression. It is reported where its `scope`
(code, docs) and `contexts` say, never in history nor in a path its entry allows; with
one replacement, the fix writes it in the style of the text it replaces.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from lint.engine.entries.base import Entry, EntryRules, markdown_code, markdown_text
from lint.engine.entries.terms import TERMS
from lint.engine.matcher import Match
from lint.engine.qualified import QualifiedNames
from lint.findings import Context, Hit
from lint.rules import Rule
from lint.text.words import restyle
from lint.vocabulary.model import AnyEntry, NameKind, RetiredName, Vocabulary
from lint.vocabulary.windows import window_summary

if TYPE_CHECKING:
    from lint.engine.scope import FileScope

# Where a qualified name is found by resolving imports, not by its spelling.
RESOLVED_CONTEXTS = frozenset({Context.IDENTIFIER, Context.ATTRIBUTE, Context.IMPORT, Context.KEYWORD})


class RetiredRules(EntryRules):
    """Removed and deprecated names."""

    def applies(
        self, entry: Entry, context: Context, scope: FileScope, historical: bool, *, resolved: bool, in_code: bool
    ) -> bool:
        retired = entry.item
        assert isinstance(retired, RetiredName)
        if retired.qualified and (context in RESOLVED_CONTEXTS) != resolved:
            return False  # in code, only a reference the imports resolve counts
        return (
            not historical
            and retired.id not in scope.allowed
            and retired.scope.covers(in_code=in_code)
            and retired.stands_in(context)
        )

    def can_report(self, entry: Entry, *, in_code: bool) -> bool:
        # Python blocks of a Markdown page are code too, so docs keep every retired name.
        assert isinstance(entry.item, RetiredName)
        return entry.item.scope.covers(in_code=True) if in_code else True

    def hit(self, match: Match[Entry], context: Context) -> Hit | None:
        item = match.payload.item
        assert isinstance(item, RetiredName)
        prose = context.is_prose or context in (Context.COMMENT, Context.DOCSTRING)
        hit = retired_hit(match, item, prose=prose)
        if item.any_receiver is not None:  # the member is what stands in the text: `*.flag` writes `flag`
            replacement = item.replacements[0].removeprefix("*.") if len(item.replacements) == 1 else None
            return replace(hit, replacement=replacement, fixable=item.fix_target is not None)
        if item.qualified and match.text != item.name:
            # `np.NaN` in a comment is fixed through the alias it was written with: `np.nan`.
            rest = QualifiedNames.member_replacement(item, attribute=True)
            member = item.name.rpartition(".")[2]
            fixed = match.text[: len(match.text) - len(member)] + rest if rest is not None else None
            hit = replace(hit, replacement=fixed, fixable=fixed is not None and item.safe)
        return hit

    def names(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, RetiredName)
        return [item.name]

    def explain(self, item: AnyEntry) -> list[str]:
        assert isinstance(item, RetiredName)
        lines = [f"{item.name} ({item.id}): {item.kind.value} name"]
        lines.append("Replacement: " + (" or ".join(item.replacements) if item.replacements else "none"))
        keyword = QualifiedNames.member_replacement(item, attribute=False) if item.parameter_of else None
        if item.fix_target and item.parameter_of:
            callee, parameter = item.parameter_of
            lines.append(f"Safe fix: {parameter}= becomes {keyword}= in calls of {callee}" if keyword else "No fix")
        elif item.fix_target and item.any_receiver is not None:
            new = item.fix_target.removeprefix("*.")
            lines.append(f"Safe fix: {item.any_receiver} becomes {new} where it is written; the receiver stays")
        elif item.fix_target and item.qualified:
            parent, _, old = item.name.rpartition(".")
            new = item.fix_target.removeprefix(parent + ".")
            lines.append(f"Safe fix: {old} becomes {new} where it is written; the module or alias before it stays")
        elif item.fix_target:
            lines.append(f"Safe fix: rename to {item.fix_target} (in the style of the text it replaces)")
        elif len(item.replacements) == 1:
            lines.append(f"Unsafe fix: rename to {item.replacements[0]}, with --unsafe-fixes only")
        if item.message:
            lines.append(f"Note: {item.message}")
        if item.has_window:
            lines.append(f"Versions: {window_summary(item)}")
            lines.append(f"In this project: {_verdict(item)}")
        lines.append("Matches: " + _how_it_matches(item))
        lines.append(f"Applies to: {item.scope.value}")
        if item.contexts:
            lines.append("Contexts: " + ", ".join(sorted(context.value for context in item.contexts)))
        if item.allowed_paths:
            lines.append("Allowed in: " + ", ".join(item.allowed_paths))
        return lines

    def hover(self, vocabulary: Vocabulary, item: AnyEntry, *, avoided: bool) -> str:
        assert isinstance(item, RetiredName)
        instead = " or ".join(markdown_code(r) for r in item.replacements) or "nothing"
        lines = [f"**{markdown_code(item.name)}** was {item.kind.value}: use {instead}."]
        if item.message:
            lines += ["", markdown_text(item.message)]
        if item.has_window:
            lines += ["", markdown_text(f"Versions: {window_summary(item)}. In this project: {_verdict(item)}.")]
        for replacement in item.replacements:
            term = vocabulary.term_for(replacement)
            if term is not None:
                lines += ["", "---", "", TERMS.hover(vocabulary, term, avoided=False)]
        return "\n".join(lines)


RETIRED = RetiredRules()


def retired_hit(match: Match[Entry], retired: RetiredName, *, prose: bool) -> Hit:
    """The finding of a retired name written as `match.text`, its replacement in that style.

    The message names what was written and each replacement as `fix` would write it there
    (`'old_name' was removed; use 'new_name'` for a snake_case spelling).
    """
    verb = retired.window or ("was removed" if retired.kind is NameKind.REMOVED else "is deprecated")
    rule = Rule.REMOVED_NAME if retired.kind is NameKind.REMOVED else Rule.DEPRECATED_NAME
    styled = [_in_style(r, match.text, retired.name, prose=prose) for r in retired.replacements]
    replacement = styled[0] if len(styled) == 1 else None
    written = " ".join(match.text.split())  # a prose match may wrap across lines
    if retired.qualified or "." in retired.name:  # `timeout_s=` of `Client(...)`: named whole
        written, styled = retired.name, list(retired.replacements)
    message = f"'{written}' {verb}"
    if styled:
        message += "; use " + " or ".join(f"'{r}'" for r in styled)
    if retired.message:
        message += f" ({retired.message})"
    if retired.unsafe_reason:
        message += f" ({retired.unsafe_reason})"
    return Hit(
        match.start, match.end, match.text, rule, retired.id, message, replacement, retired.fix_target is not None
    )


def _in_style(replacement: str, written: str, name: str, *, prose: bool) -> str:
    """A replacement as it would stand in place of `written`: exactly as the vocabulary
    spells it where the name is written exactly as the vocabulary spells its own."""
    if written == name and not any(c.isspace() for c in replacement):
        return replacement
    return restyle(replacement, written, prose=prose)


def with_edge_underscores(match: Match[Entry], text: str) -> Match[Entry] | None:
    """A retired name's trailing underscores are part of it (`float_` is not `float`); its
    leading ones mark it private and are not words (`_client_pool` is also `ClientPool` and
    "the client pool").

    Words leave both out: the match is dropped where the text lacks the trailing ones, and
    widened over the leading ones where the text has them, so a fix replaces the whole name
    and never leaves `float64_` or a stray `_` behind.
    """
    item = match.payload.item
    if not isinstance(item, RetiredName) or item.pattern is not None or item.qualified or item.exact_case:
        return match  # not matched by words
    name = item.name
    lead = len(name) - len(name.lstrip("_"))
    trail = len(name) - len(name.rstrip("_"))
    if not lead and not trail:
        return match
    end = match.end + trail
    if text[match.end : end] != "_" * trail:
        return None
    start = match.start - lead if lead and text[max(0, match.start - lead) : match.start] == "_" * lead else match.start
    return Match(start, end, text[start:end], match.payload)


def on_a_receiver(match: Match[Entry], text: str, context: Context) -> bool:
    """Whether a match of an attribute on any receiver (`*.flag`) stands on one: right after a
    dot (`run.flag` in a comment, a string, a page), or as the member of an attribute in code.
    Any other match passes."""
    item = match.payload.item
    if not isinstance(item, RetiredName) or item.any_receiver is None:
        return True
    return context is Context.ATTRIBUTE or (match.start > 0 and text[match.start - 1] == ".")


def _underscores(name: str) -> str:
    """What `with_edge_underscores` makes of a name's edge underscores, as `explain` says it."""
    said = []
    if name.startswith("_"):
        said.append("with or without its leading underscore (it marks a private name)")
    if name.endswith("_"):
        said.append("always with its trailing underscore")
    return ", " + " and ".join(said) if said else ""


def _verdict(entry: RetiredName) -> str:
    """What the judged window makes of `entry` here (`check` judges; a vocabulary read alone is not)."""
    if not entry.window:
        return "not judged"
    return entry.window + (f" ({entry.unsafe_reason})" if entry.unsafe_reason else "")


def _how_it_matches(entry: RetiredName) -> str:
    if entry.pattern is not None:
        return f"the regular expression {entry.pattern}"
    if entry.parameter_of:
        callee, parameter = entry.parameter_of
        return f"the keyword argument {parameter}= of calls that the file's imports resolve to {callee}, in Python code"
    if entry.any_receiver is not None:
        how = f"the attribute {entry.any_receiver} on any receiver (after a dot), never the bare name"
    elif entry.qualified:
        how = "references that the file's imports resolve to it in Python code; its dotted spellings elsewhere"
    elif entry.exact_case:
        how = "its spelling as a whole token"
    else:
        return "its words in any spelling style" + _underscores(entry.name)
    return how + (", exactly as written" if entry.exact_case else ", in any case")
