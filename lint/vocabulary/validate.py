"""Checks across entries that a schema cannot express, each reported at its `FILE:LINE:COLUMN`.

Ids are unique, categories and see-also links name what exists, no name is both canonical
and retired (compared by words, or exactly for `case: exact` and qualified names),
`pattern` entries compile with the linear-time engine, and `severity:` keys name rules and
entries. A replacement is text: it need not name a term.
"""

from __future__ import annotations

import re
from typing import Any

from lint.errors import VocabularyError
from lint.rules import RULES, did_you_mean
from lint.text.claims import compile_claim
from lint.text.patterns import PatternError, compile_pattern
from lint.text.words import word_tuple
from lint.vocabulary.model import AnyEntry, Origin, RetiredName, Vocabulary
from lint.vocabulary.schema import position


class Problems:
    """Problems found in one vocabulary file, raised together in file order."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.found: list[tuple[tuple[int, int], str]] = []

    def add(self, container: Any, key: Any, message: str, *, of_key: bool = False) -> None:
        """Record `message` at the position of `container[key]` (or of the key itself)."""
        self.found.append((position(container, key, of_key=of_key), message))

    def raise_if_any(self) -> None:
        """Raise every recorded problem as one `VocabularyError`."""
        if self.found:
            self.found.sort()
            raise VocabularyError([f"{self.filename}:{line + 1}:{col + 1}: {msg}" for (line, col), msg in self.found])


def cross_check(data: dict[str, Any], vocabulary: Vocabulary, problems: Problems) -> None:
    """Every cross-reference check of a built vocabulary against the YAML it came from."""
    _check_unique_ids(data, vocabulary, problems)
    _check_terms(data, vocabulary, problems)
    # Each spelling by its words, and exactly as written (a one-element key of its own text).
    canonical: dict[tuple[str, ...], str] = {}
    for term in vocabulary.terms:
        for spelling in term.spellings():
            canonical.setdefault(word_tuple(_strip_extension(spelling)), term.id)
            canonical.setdefault((spelling,), term.id)
    for key, entries in (("removed", vocabulary.removed), ("deprecated", vocabulary.deprecated)):
        for raw, entry in zip(data.get(key, []), entries, strict=True):
            _check_retired(raw, entry, canonical, problems)
    _check_renames(data, vocabulary, problems)
    for group in ("removed", "deprecated", "prose_words", "conflations"):
        for raw in data.get(group, []):
            if raw.get("pattern") is not None:
                _check_pattern(raw, raw["pattern"], problems)
    for raw in data.get("conflations", []):
        for index, claim in enumerate(raw.get("claims", [])):
            try:
                compile_claim(claim)
            except PatternError as exc:
                problems.add(raw["claims"], index, f"invalid claim '{claim}': {exc}")
    _check_severity(data, vocabulary, problems)
    _check_globs(data, problems)
    for module in data.get("python", {}).get("module_aliases", {}):
        if not _DOTTED.fullmatch(str(module)):
            problems.add(data["python"]["module_aliases"], module, f"'{module}' is not a module name", of_key=True)


_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Za-z_]\w*")


def _check_globs(data: dict[str, Any], problems: Problems) -> None:
    from pathspec import GitIgnoreSpec

    places = [(data.get("paths", {}), key) for key in data.get("paths", {}) if key != "historical_headings"]
    places += [(raw, "allowed_paths") for group in ("removed", "deprecated") for raw in data.get(group, [])]
    for container, key in places:
        for index, glob in enumerate(container.get(key, [])):
            try:
                GitIgnoreSpec.from_lines([glob])
            except ValueError as exc:
                problems.add(container[key], index, f"invalid path glob '{glob}': {exc}")


def _check_terms(data: dict[str, Any], vocabulary: Vocabulary, problems: Problems) -> None:
    category_ids = {c.id for c in vocabulary.categories}
    term_ids = {t.id for t in vocabulary.terms}
    for raw, term in zip(data["terms"], vocabulary.terms, strict=True):
        if category_ids and term.category not in category_ids:
            problems.add(
                raw,
                "category",
                f"term '{term.id}': category '{term.category}' is not declared in 'categories'"
                + did_you_mean(term.category, sorted(category_ids)),
            )
        for index, target in enumerate(term.see_also):
            if target not in term_ids:
                problems.add(
                    raw["see_also"],
                    index,
                    f"term '{term.id}': see_also '{target}' names no term" + did_you_mean(target, sorted(term_ids)),
                )


def _check_retired(raw: Any, entry: RetiredName, canonical: dict[tuple[str, ...], str], problems: Problems) -> None:
    words = word_tuple(entry.name)
    # Spelt exactly, `np.NaN` may be removed while `np.nan` is right.
    clash = canonical.get((entry.name,)) if entry.exact_case or entry.qualified else canonical.get(words)
    if clash is not None:
        problems.add(raw, "name", f"'{entry.name}' is both {entry.kind.value} and a canonical name of term '{clash}'")
    if not words and entry.pattern is None:
        problems.add(raw, "name", f"'{entry.name}' has no words to match; use 'pattern' for symbols")
    if entry.pattern is not None and (entry.qualified or entry.exact_case):
        problems.add(raw, "pattern", f"'{entry.name}': 'pattern' cannot be combined with 'qualified' or 'case'")
    dotted = "." in entry.name and _DOTTED.fullmatch(entry.name)
    if entry.name.startswith("*"):
        _check_any_receiver(raw, entry, problems)
    elif entry.qualified and not (dotted or entry.parameter_of):
        problems.add(
            raw,
            "name",
            f"qualified name '{entry.name}' must be a dotted Python name such as 'numpy.float_',"
            " or a parameter of one such as 'pkg.Client(timeout_s)'",
        )
    elif entry.parameter_of and not entry.qualified:
        problems.add(raw, "qualified", f"'{entry.name}' names a parameter: it needs 'qualified: true'")
    _check_window(raw, entry, problems)


def _check_any_receiver(raw: Any, entry: RetiredName, problems: Problems) -> None:
    """`*.member`: one identifier after `*.`, found by its spelling (not resolved, no pattern);
    a replacement written the same way or as the bare new member."""
    if entry.any_receiver is None:
        problems.add(raw, "name", f"'{entry.name}': an attribute on any receiver is written '*.member'")
    elif entry.qualified or entry.pattern is not None:
        problems.add(raw, "name", f"'{entry.name}' is found by its spelling: it cannot be 'qualified' or a 'pattern'")
    for replacement in entry.replacements:
        if not replacement.removeprefix("*.").isidentifier():
            message = f"'{entry.name}': replacement '{replacement}' is not an attribute ('*.member' or 'member')"
            problems.add(raw, "replacement", message)


def _check_window(raw: Any, entry: RetiredName, problems: Problems) -> None:
    """Versions are PEP 440 and in order; a `package` (its name checked by the schema) needs them."""
    from packaging.version import InvalidVersion, Version

    versions: dict[str, Version] = {}
    for key in ("deprecated_in", "removed_in", "replacement_since"):
        written = getattr(entry, key)
        if written is None:
            continue
        try:
            versions[key] = Version(written)
        except InvalidVersion:
            problems.add(raw, key, f"'{entry.name}': {key} '{written}' is not a PEP 440 version (such as 2.0)")
    removed_in, deprecated_in = versions.get("removed_in"), versions.get("deprecated_in")
    if removed_in is not None and deprecated_in is not None and removed_in < deprecated_in:
        message = f"'{entry.name}': removed_in {entry.removed_in} is before deprecated_in {entry.deprecated_in}"
        problems.add(raw, "removed_in", message)
    if entry.package is not None and not entry.has_window:
        problems.add(raw, "package", f"'{entry.name}': package needs deprecated_in, removed_in or replacement_since")
    if entry.replacement_since is not None and not entry.replacements:
        problems.add(raw, "replacement_since", f"'{entry.name}': replacement_since names no replacement's version")


def _check_renames(data: dict[str, Any], vocabulary: Vocabulary, problems: Problems) -> None:
    """A fix must end: no replacement may itself be a retired name (`X -> Y` with `Y`
    retired renames again on the next run, and `X -> Y`, `Y -> X` swaps them on every run)."""
    raws = [*data.get("removed", []), *data.get("deprecated", [])]
    for raw, entry in zip(raws, vocabulary.retired, strict=True):
        for replacement in entry.replacements:
            if _LINE_BREAK_OR_CONTROL.search(replacement):
                problems.add(
                    raw,
                    "replacement",
                    f"'{entry.name}': a replacement must be one line of text, without control characters",
                )
    by_words: dict[tuple[str, ...], RetiredName] = {}
    for entry in vocabulary.retired:
        if entry.pattern is None:
            by_words.setdefault(_rename_key(entry.name, entry), entry)
    for raw, entry in zip(raws, vocabulary.retired, strict=True):
        target = entry.fix_target
        if target is None:
            continue
        again = by_words.get(_rename_key(target, entry))
        if again is None or again is entry:
            continue
        cycle = again.fix_target is not None and _rename_key(again.fix_target, again) == _rename_key(entry.name, entry)
        problems.add(
            raw,
            "replacement" if "replacement" in raw else "name",
            f"'{entry.name}' is renamed to '{target}', which is itself {again.kind.value} "
            f"(entry '{again.id}' at {again.origin})"
            + ("; the two renames undo each other" if cycle else "; a fix would rename it again"),
        )


_LINE_BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _rename_key(name: str, entry: RetiredName) -> tuple[str, ...]:
    """How a fix's result is found again: exactly as written for exact names, else by its words."""
    return (name,) if entry.exact_case or entry.qualified else word_tuple(name)


def _check_pattern(raw: Any, pattern: str, problems: Problems) -> None:
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        problems.add(raw, "pattern", f"invalid regular expression '{pattern}': {exc}")


def _check_severity(data: dict[str, Any], vocabulary: Vocabulary, problems: Problems) -> None:
    severity = data.get("severity", {})
    rule_ids = [info.id for info in RULES.values()]
    for key in severity.get("rules", {}):
        if key not in rule_ids:
            hint = did_you_mean(key, rule_ids) or f"; rules are: {', '.join(rule_ids)}"
            problems.add(severity["rules"], key, f"severity: '{key}' is not a rule{hint}", of_key=True)
    entry_ids = [entry.id for entry in vocabulary.entries()]
    for key in severity.get("terms", {}):
        if key not in entry_ids:
            problems.add(
                severity["terms"], key, f"severity: '{key}' names no entry" + did_you_mean(key, entry_ids), of_key=True
            )


def _check_unique_ids(data: dict[str, Any], vocabulary: Vocabulary, problems: Problems) -> None:
    groups: dict[str, tuple[AnyEntry, ...]] = {
        "terms": vocabulary.terms,
        "removed": vocabulary.removed,
        "deprecated": vocabulary.deprecated,
        "prose_words": vocabulary.prose_words,
        "moved_modules": vocabulary.moved_modules,
        "conflations": vocabulary.conflations,
    }
    first_seen: dict[str, Origin] = {}
    for group, entries in groups.items():
        for index, entry in enumerate(entries):
            if entry.id in first_seen:
                problems.add(
                    data[group], index, f"duplicate id '{entry.id}' (first declared at {first_seen[entry.id]})"
                )
            else:
                first_seen[entry.id] = entry.origin
    seen_categories: set[str] = set()
    for index, category in enumerate(vocabulary.categories):
        if category.id in seen_categories:
            problems.add(data["categories"], index, f"duplicate category id '{category.id}'")
        seen_categories.add(category.id)


def _strip_extension(name: str) -> str:
    """A file name such as `csv_reader.py` compares by the words of its module path."""
    return re.sub(r"\.(py|pyi|md|mdx|markdown)$", "", name)
