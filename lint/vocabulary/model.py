"""The typed vocabulary: what a `vocab.yaml` says, after validation.

Every object is frozen; the loader builds them once, and scanners, the glossary and the
self-tests read them. Positions (`Origin`) are kept so that later checks can still point
at the line of the YAML file that declared an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from lint.findings import Context
from lint.text.words import word_tuple


class Audience(str, Enum):
    """Who a term or code name is for: users (`public`) or maintainers (`internal`)."""

    PUBLIC = "public"
    INTERNAL = "internal"


class Scope(str, Enum):
    """Where a removed or deprecated name is a finding: code, docs, or both."""

    CODE = "code"
    DOCS = "docs"
    BOTH = "both"

    def covers(self, *, in_code: bool) -> bool:
        """Whether this scope applies to code (`in_code`) or to docs."""
        return self is Scope.BOTH or (self is Scope.CODE) == in_code


@dataclass(frozen=True)
class Origin:
    """Where an entry was declared: file, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Examples:
    """Texts that must (`flag`) and must not (`pass`) produce a finding for an entry."""

    flag: tuple[str, ...] = ()
    pass_: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """A glossary section; terms are listed under it in file order."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class CodeName:
    """An identifier that is the canonical spelling of a term in code."""

    name: str
    audience: Audience


@dataclass(frozen=True)
class Term:
    """A canonical term: its prose form, meaning, code spellings and wrong variants."""

    id: str
    name: str
    definition: str
    category: str
    origin: Origin
    owner: str = ""
    code_names: tuple[CodeName, ...] = ()
    aliases: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    audience: Audience = Audience.PUBLIC
    examples: Examples = field(default_factory=Examples)

    def prose_spellings(self) -> tuple[str, ...]:
        """The canonical prose form and its accepted aliases."""
        return (self.name, *self.aliases)

    def spellings(self) -> tuple[str, ...]:
        """Every right way to write the term: prose forms, then code names."""
        return (*self.prose_spellings(), *(c.name for c in self.code_names))


class NameKind(str, Enum):
    """The two lifecycles of a retired name."""

    REMOVED = "removed"
    DEPRECATED = "deprecated"


_PARAMETER = re.compile(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\(([A-Za-z_]\w*)\)")


@dataclass(frozen=True)
class RetiredName:
    """A removed or deprecated name, with its replacement(s) and where it may still stand.

    A dotted member name such as `Owner.member` also matches the keyword argument
    `member=` of a call of `Owner(...)`. A `qualified` name (`numpy.float_`) matches in
    Python code only where the file's imports resolve a reference to it, and elsewhere
    only as a whole dotted token; a qualified parameter (`pkg.Client(timeout_s)`) matches
    the keyword argument of calls the imports resolve to its callable, and nothing else;
    `exact_case` matches only the name's own spelling. `*.member` is an attribute on any
    receiver: the member after a dot (`run.member`), never a bare name.

    `deprecated_in`, `removed_in` and `replacement_since` are PEP 440 versions of `package`
    (None: the project itself); judged against the versions the project supports, they
    set `kind`, the `window` a message states, and whether the fix is `safe`.
    """

    id: str
    name: str
    kind: NameKind
    origin: Origin
    replacements: tuple[str, ...] = ()
    message: str = ""
    safe: bool = True
    scope: Scope = Scope.BOTH
    inflect: bool = False
    pattern: str | None = None
    allowed_paths: tuple[str, ...] = ()
    examples: Examples = field(default_factory=Examples)
    qualified: bool = False
    exact_case: bool = False
    contexts: frozenset[Context] = frozenset()
    deprecated_in: str | None = None
    removed_in: str | None = None
    replacement_since: str | None = None
    package: str | None = None
    window: str = ""  # judged: `is deprecated in numpy 2.0; this project supports numpy>=1.24,<3`
    unsafe_reason: str = ""  # judged: why the fix waits for --unsafe-fixes

    @property
    def has_window(self) -> bool:
        """Whether versions say when the name goes (else it is judged by its list alone)."""
        return bool(self.deprecated_in or self.removed_in or self.replacement_since)

    def stands_in(self, context: Context) -> bool:
        """Whether the entry's `contexts:` (all when not given) include `context`."""
        return not self.contexts or context in self.contexts

    @property
    def owner_and_member(self) -> tuple[str, str] | None:
        """`("Settings", "timeout")` for a dotted member name such as `Settings.timeout`, else None."""
        owner, dot, member = self.name.rpartition(".")
        if dot and owner and member.isidentifier() and owner.replace(".", "").isidentifier():
            return owner, member
        return None

    @property
    def any_receiver(self) -> str | None:
        """`external_flag` for an attribute on any receiver, `*.external_flag`, else None."""
        star, dot, member = self.name.partition(".")
        return member if star == "*" and dot and member.isidentifier() else None

    @property
    def parameter_of(self) -> tuple[str, str] | None:
        """`("pkg.Client", "timeout_s")` for a parameter entry `pkg.Client(timeout_s)`, else None."""
        found = _PARAMETER.fullmatch(self.name)
        return (found.group(1), found.group(2)) if found else None

    @property
    def fix_target(self) -> str | None:
        """The one replacement a fix may write, or None when a fix would be a guess."""
        return self.replacements[0] if self.safe and len(self.replacements) == 1 else None


@dataclass(frozen=True)
class ProseWord:
    """A word that current docs must not use in prose (it describes an old design)."""

    id: str
    word: str
    origin: Origin
    forms: tuple[str, ...] = ()
    message: str = ""
    examples: Examples = field(default_factory=Examples)


@dataclass(frozen=True)
class MovedModule:
    """A module path that moved; matched on whole dotted segments."""

    id: str
    old: str
    new: tuple[str, ...]
    origin: Origin
    message: str = ""
    examples: Examples = field(default_factory=Examples)


@dataclass(frozen=True)
class Conflation:
    """Two groups of phrases that must not be linked in one sentence, unless negated."""

    id: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    message: str
    origin: Origin
    negations: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    examples: Examples = field(default_factory=Examples)


@dataclass(frozen=True)
class PathSettings:
    """Which files are scanned, which are history, and who each doc is written for."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    historical: tuple[str, ...] = ()
    historical_headings: tuple[str, ...] = ()
    public_docs: tuple[str, ...] = ()
    internal_docs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """A whole vocabulary file, validated and cross-checked."""

    name: str
    description: str
    source: str
    categories: tuple[Category, ...]
    terms: tuple[Term, ...]
    removed: tuple[RetiredName, ...]
    deprecated: tuple[RetiredName, ...]
    prose_words: tuple[ProseWord, ...]
    moved_modules: tuple[MovedModule, ...]
    conflations: tuple[Conflation, ...]
    paths: PathSettings
    module_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    rule_severity: dict[str, str] = field(default_factory=dict, hash=False)
    term_severity: dict[str, str] = field(default_factory=dict, hash=False)
    digest: str = ""
    dormant: tuple[RetiredName, ...] = ()  # judged: no version the project supports reaches their window

    @property
    def retired(self) -> tuple[RetiredName, ...]:
        """Removed then deprecated names (the dormant ones are neither)."""
        return self.removed + self.deprecated

    def entries(self) -> list[AnyEntry]:
        """Every entry with an id: terms, retired names, prose words, moved modules, conflations."""
        return [*self.terms, *self.retired, *self.dormant, *self.prose_words, *self.moved_modules, *self.conflations]

    def term_for(self, name: str) -> Term | None:
        """The term one of whose spellings (name, alias, code name, file path) is `name`."""
        stripped = name.rsplit(".", 1)[0] if name.endswith((".py", ".md")) else name
        words = word_tuple(stripped)
        for term in self.terms:
            if words in {word_tuple(spelling) for spelling in term.spellings()}:
                return term
        return None

    def exact_names(self) -> dict[str, str]:
        """Each name exactly as the vocabulary writes it, with the id of its entry.

        Suppressions and `--select` may name an entry this way instead of by id.
        """
        names: dict[str, str] = {}
        for term in self.terms:
            for spelling in term.spellings():
                names.setdefault(spelling, term.id)
        for retired in self.retired:
            names.setdefault(retired.name, retired.id)
        for prose_word in self.prose_words:
            for form in (prose_word.word, *prose_word.forms):
                names.setdefault(form, prose_word.id)
        for moved in self.moved_modules:
            names.setdefault(moved.old, moved.id)
        return names


AnyEntry = Term | RetiredName | ProseWord | MovedModule | Conflation
