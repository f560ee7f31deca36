"""The rule registry: one table of every rule's id, default severity, summary, explanation and fix.

Reporters (the SARIF rules list), `vocab-lint rule`, `docs/rules.md`, option checks
(`--select`, `--ignore`) and the vocabulary's `severity:` keys all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

# Where the docs live when the package's metadata does not say (run from a source tree).
DEFAULT_DOCS_URL = "https://vocab-lint.github.io/vocab-lint/"


class Severity(str, Enum):
    """How much a finding matters; `--fail-on` compares against it."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return 2 if self is Severity.ERROR else 1


class Rule(str, Enum):
    """Rule ids (a contract: these names appear in output)."""

    REMOVED_NAME = "removed-name"
    DEPRECATED_NAME = "deprecated-name"
    NON_CANONICAL_TERM = "non-canonical-term"
    PROSE_WORD = "prose-word"
    MOVED_MODULE = "moved-module"
    CONFLATED_TERMS = "conflated-terms"
    INTERNAL_TERM_IN_PUBLIC_DOCS = "internal-term-in-public-docs"
    UNUSED_SUPPRESSION = "unused-suppression"
    PARSE_ERROR = "parse-error"
    FIX_REFUSED = "fix-refused"
    IO_ERROR = "io-error"

    @property
    def info(self) -> RuleInfo:
        """The registry row of this rule."""
        return RULES[self]

    @property
    def default_severity(self) -> Severity:
        """The severity before the vocabulary's `severity:` overrides."""
        return RULES[self].severity

    @property
    def of_the_vocabulary(self) -> bool:
        """Whether a vocabulary entry makes the finding (history has none of these), not the
        tool's own reading of the file (parse errors, unused suppressions, refused fixes)."""
        return self not in (Rule.UNUSED_SUPPRESSION, Rule.PARSE_ERROR, Rule.FIX_REFUSED, Rule.IO_ERROR)


@dataclass(frozen=True)
class RuleInfo:
    """One row of the registry."""

    rule: Rule
    severity: Severity
    summary: str
    fix: str
    explanation: str

    @property
    def id(self) -> str:
        """The rule id as written in output, options and vocabularies."""
        return self.rule.value


RULES: dict[Rule, RuleInfo] = {
    info.rule: info
    for info in (
        RuleInfo(
            Rule.REMOVED_NAME,
            Severity.ERROR,
            "A name the vocabulary lists as removed still appears.",
            "safe when the entry has one replacement",
            "A `removed:` entry matches in every spelling style and inside longer names. With\n"
            "`LegacyParser` removed in favour of `DocumentReader`, `parser = LegacyParser()` and\n"
            "`make_legacy_parser()` fail; `reader = DocumentReader()` passes. Historical paths\n"
            "and sections, and the entry's `allowed_paths`, may keep the name.",
        ),
        RuleInfo(
            Rule.DEPRECATED_NAME,
            Severity.WARNING,
            "A deprecated name appears outside the places allowed to keep it.",
            "safe when the entry has one replacement",
            "Like `removed-name`, for a `deprecated:` entry: the old name still works, so a\n"
            "compatibility shim listed in `allowed_paths` may keep it while the rest of the code\n"
            "moves on.",
        ),
        RuleInfo(
            Rule.NON_CANONICAL_TERM,
            Severity.WARNING,
            "A variant of a canonical term is used instead of the canonical form.",
            "safe: the canonical form",
            'A term\'s `avoid:` spellings fail in prose, comments and docstrings ("shopping cart"\n'
            'where the term is "basket"), and so does a hyphenated term written with other\n'
            'separators ("read ahead cache" for "read-ahead cache").',
        ),
        RuleInfo(
            Rule.PROSE_WORD,
            Severity.WARNING,
            "A word that describes an old design appears in current prose.",
            "none",
            "A `prose_words:` entry and its forms fail in prose, headings and link text of\n"
            "current docs; code is left alone. Historical sections may use them.",
        ),
        RuleInfo(
            Rule.MOVED_MODULE,
            Severity.ERROR,
            "An import or reference names a module path that moved.",
            "safe when the module has one new home",
            "A `moved_modules:` entry matches its old dotted path (or the same path with `/`)\n"
            "as whole segments: `from app.io.csv_reader import X` fails when `app.io.csv_reader`\n"
            "moved to `app.readers.csv`. Imports are renamed by the fix; link targets and\n"
            "file names are reported, never rewritten.",
        ),
        RuleInfo(
            Rule.CONFLATED_TERMS,
            Severity.WARNING,
            "A sentence links two terms that the vocabulary keeps apart.",
            "none",
            "A `conflations:` entry fails a clause that claims the link: the second side said of\n"
            'the first ("`cache_size` sets the thread count", "an adaptive cap") or a shape\n'
            "listed in `claims`. Both terms in one sentence is not enough; a negation word or an\n"
            "`unless` phrase in the clause clears it.",
        ),
        RuleInfo(
            Rule.INTERNAL_TERM_IN_PUBLIC_DOCS,
            Severity.WARNING,
            "User-facing docs name an engine-internal term.",
            "none",
            "A code name whose audience is `internal` fails in files under `paths.public_docs`;\n"
            "internal docs and code may name it.",
        ),
        RuleInfo(
            Rule.UNUSED_SUPPRESSION,
            Severity.WARNING,
            "A suppression comment suppresses nothing.",
            "none",
            "`x = 1  # vocab-lint: allow` fails when the line has no finding to allow; so do\n"
            "`off` regions and `historical` sections that hide nothing.",
        ),
        RuleInfo(
            Rule.PARSE_ERROR,
            Severity.WARNING,
            "A file could not be parsed and was scanned as text instead.",
            "none",
            "Reported once per file that could not be parsed; the file was still scanned token\n"
            "by token, so its other findings stand.",
        ),
        RuleInfo(
            Rule.FIX_REFUSED,
            Severity.WARNING,
            "Fixes were not applied to a file: the result would not parse or a rename would collide.",
            "none",
            "Reported when `--fix` left a file alone: the result would not parse, a rename would\n"
            "collide with a name the same scope already has, or the file is a symbolic link, has\n"
            "other hard links, is read-only or changed while it was being fixed.",
        ),
        RuleInfo(
            Rule.IO_ERROR,
            Severity.ERROR,
            "A file or folder could not be read, so the gate cannot vouch for it.",
            "none",
            "Reported for each file or folder the run could not read (permission denied, a path\n"
            "past the system's limit, a file that vanished): a gate that passed it would pass\n"
            "whatever it holds. Lower it with `severity: {io-error: warning}` where that is\n"
            "expected.",
        ),
    )
}


@lru_cache(maxsize=1)
def docs_url() -> str:
    """The documentation's address, from the package metadata (`[project.urls] Documentation`),
    so that a fork or a mirror changes it in one place."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls: list[str] = metadata("vocab-lint").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/") + "/"
    return DEFAULT_DOCS_URL


def rule_url(rule: Rule) -> str:
    """The one address of a rule's documentation: the text report, SARIF and the language
    server all link here."""
    return f"{docs_url()}rules/#{rule.value}"


def rule_named(name: str) -> Rule | None:
    """The rule with id `name`, or None."""
    try:
        return Rule(name)
    except ValueError:
        return None


def did_you_mean(name: str, options: list[str]) -> str:
    """A hint naming the closest option, or an empty string."""
    import difflib

    close = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe_rule(info: RuleInfo) -> str:
    """The terminal text of `vocab-lint rule ID`."""
    return "\n".join(
        [
            f"{info.id} ({info.severity.value} by default)",
            "",
            info.summary,
            "",
            info.explanation,
            "",
            f"Fix: {info.fix}.",
            "",
            f"Docs: {rule_url(info.rule)}",
        ]
    )


def rules_page() -> str:
    """The Markdown of `docs/rules.md`."""
    lines = [
        "# Rules",
        "",
        "<!-- Generated by `vocab-lint rule --all --output-format markdown`; do not edit. -->",
        "",
        "| Rule | Default severity | Fix |",
        "| --- | --- | --- |",
        *(f"| [`{i.id}`](#{i.id}) | {i.severity.value} | {i.fix} |" for i in RULES.values()),
        "",
        "Severities can be changed per rule or per term in the vocabulary (`severity:`, where",
        "`off` turns a rule or a term off), and `--select`/`--ignore` pick rules or term ids",
        "for a run. `vocab-lint rule ID` prints one rule's entry.",
    ]
    return "\n".join(lines) + "\n" + "".join("\n" + rule_section(info) for info in RULES.values())


def rule_section(info: RuleInfo) -> str:
    """One rule's section of the rules page."""
    return f"## {info.id}\n\n{info.summary}\n\n{info.explanation}\n\nFix: {info.fix}.\n"
