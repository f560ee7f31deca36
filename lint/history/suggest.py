"""Propose `removed:` and `moved_modules:` entries from what the history renamed.

A name is removed when its qualified name (`package.module.Class.name`, the module as
packaging installs the file: see `layout`) is gone at `--until` and no definition of the
same family bears it any more (a class moved to another module lives on; a parameter or a
nested function sharing a removed function's name does not keep it alive). Names of the
same words (`ThrottleManager`, `throttle_manager`, `_throttle_manager`) are one entry, since
one entry matches every spelling. Entries are ranked product names first, then by how many
places still mention them at `--until` (code, comments, strings and docs, as `check` would
find them). The replacement is a name of the same family that git's word diff saw take the
old one's place (see `pairing`), or, less surely, the likeliest new name beside it.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lint.engine.engine import Engine
from lint.engine.entries import Kind
from lint.engine.matcher import Matcher
from lint.formats import format_for
from lint.history.definitions import Definition, definitions
from lint.history.git import Repository
from lint.history.layout import Layout
from lint.history.mention import Mention
from lint.history.moves import TEST_PATH, Move, count_module_mentions, moved_modules
from lint.history.pairing import CHAIN, Votes, votes
from lint.text.words import word_tuple

SOURCE_SUFFIXES = (".py", ".pyi")
TEXT_SUFFIXES = (*SOURCE_SUFFIXES, ".md", ".mdx", ".markdown", ".ipynb", ".rst", ".txt")
MIN_LENGTH = 4
SURE_VOTES = 3  # two places lined up alike can be chance; three rarely are
# The entry a group of same-worded names is written as: the most public kind first.
KIND_ORDER = ("class", "function", "variable", "method", "attribute", "parameter")
# Names a reviewer never wants in a vocabulary: plain words every codebase uses.
COMMON_NAMES = frozenset(
    {"args", "batch", "buffer", "cache", "callback", "client", "config", "context", "count", "data", "default",
     "error", "event", "handler", "index", "item", "items", "key", "kwargs", "label", "limit", "logger", "manager",
     "message", "method", "name", "names", "node", "options", "output", "params", "path", "payload", "queue",
     "record", "records", "request", "response", "result", "results", "run", "session", "size", "state", "status",
     "store", "task", "tasks", "text", "timeout", "total", "type", "value", "values", "worker"}
)  # fmt: skip


@dataclass
class Removal:
    """A removal candidate, with its likely replacement."""

    name: str
    kind: str
    owner: str
    mentions: Mention = field(default_factory=Mention)
    replacement: str | None = None
    confidence: str | None = None
    test_only: bool = False
    exact: bool = False  # its words still name something: only this spelling is gone


@dataclass
class Suggestions:
    """What `vocab suggest` proposes, best first."""

    removed: list[Removal]
    moved: list[Move]


@dataclass(frozen=True)
class _Tree:
    """One side of the comparison: its text files (one listing) and how they map to modules."""

    revision: str | None
    listed: dict[str, str]
    layout: Layout

    @classmethod
    def read(cls, repository: Repository, revision: str | None) -> _Tree:
        listed = repository.files(revision, (*TEXT_SUFFIXES, "pyproject.toml", "setup.cfg"))
        pyprojects = {path: blob for path, blob in listed.items() if posixpath.basename(path) == "pyproject.toml"}
        layout = Layout.of(listed, dict(repository.read(revision, pyprojects)))
        return cls(revision, listed, layout)

    @property
    def sources(self) -> dict[str, str]:
        """The Python files and how to read them."""
        return {path: blob for path, blob in self.listed.items() if path.endswith(SOURCE_SUFFIXES)}

    def texts(self, repository: Repository, paths: Iterable[str]) -> dict[str, str]:
        """The text of each of `paths` the revision holds, read once."""
        return dict(repository.read(self.revision, {p: self.listed[p] for p in paths if p in self.listed}))

    def definitions(self, texts: dict[str, str], holding: set[str] | None = None) -> list[Definition]:
        """What the Python files among `texts` define (with `holding`: only files that may name
        one of those words, in any spelling: `TaskGroupSpec` and `task_group_spec` both hold
        `taskgroupspec`)."""
        found: list[Definition] = []
        for path, text in texts.items():
            if not path.endswith(SOURCE_SUFFIXES):
                continue
            if holding is None or any(joined in text.lower().replace("_", "") for joined in holding):
                found.extend(definitions(path, text, self.layout.module(path)))
        return found

    def modules(self) -> dict[str, str]:
        """Each module of the revision and its file."""
        mapped = {path: self.layout.module(path) for path in self.sources}
        return {module: path for path, module in mapped.items() if module is not None}


def suggest(repository: Repository, since: str, until: str | None, engine: Engine) -> Suggestions:
    """Compare two revisions (`until` None: the work tree) and rank what was renamed away.

    Names and modules that only lived between the two (added after `since`, renamed again
    before `until`) count too: the file versions each commit wrote are read as well. Each
    file of `until` is read once, for its definitions and for the mentions it holds.
    """
    before_tree, after_tree = _Tree.read(repository, since), _Tree.read(repository, until)
    changed, renames = repository.changed(since, until, SOURCE_SUFFIXES)
    changed |= set(before_tree.sources) ^ set(after_tree.sources)
    versions, moved_between = repository.history(since, until, SOURCE_SUFFIXES)
    final = {*before_tree.sources.values(), *after_tree.sources.values()}
    between = list({v.blob: v for v in versions if v.blob not in final}.values())
    either = before_tree.layout.merged(after_tree.layout)
    before = before_tree.definitions(before_tree.texts(repository, changed))
    for path, text in repository.read_versions(between):
        before.extend(definitions(path, text, either.module(path)))
    read = after_tree.texts(repository, [path for path in after_tree.listed if path.endswith(TEXT_SUFFIXES)])
    after = after_tree.definitions({path: read[path] for path in changed if path in read})
    candidates = {"".join(word_tuple(d.name)) for d in before} - {"".join(word_tuple(d.name)) for d in after}
    unchanged = after_tree.definitions({p: t for p, t in read.items() if p not in changed}, holding=candidates)
    gone = _gone(before, [*after, *unchanged])
    living = {word_tuple(d.name) for d in [*after, *unchanged]}
    seen = votes(repository.word_diffs(since, until, CHAIN, tuple(f"*{suffix}" for suffix in SOURCE_SUFFIXES)))
    at_start = before_tree.modules()
    seen_before = {**at_start, **{m: v.path for v in between if (m := either.module(v.path)) is not None}}
    moves = moved_modules(
        [*renames, *moved_between], either, (seen_before, at_start, after_tree.modules()), (before, after), seen
    )
    texts = {path: _authored(path, text) for path, text in read.items()}
    removals = _removals(gone, after, living, texts, engine, seen)
    count_module_mentions(moves, texts)
    removals.sort(key=lambda r: (r.test_only, -r.mentions.count, r.name))
    moves.sort(key=lambda m: (-m.mentions.count, m.old))
    return Suggestions(removals, moves)


def _authored(path: str, text: str) -> str:
    """What the file's author wrote (a notebook's outputs are not mentions)."""
    file_format = format_for(path)
    return text if file_format is None else file_format.authored(text)


def _gone(before: list[Definition], after: list[Definition]) -> list[Definition]:
    """Definitions whose qualified name is gone and whose name no definition of its family bears."""
    qualified = {d.qualified for d in after}
    living = {(d.family, d.name) for d in after}
    return [
        d for d in before if d.kind != "module" and d.qualified not in qualified and (d.family, d.name) not in living
    ]


def _removals(
    gone: list[Definition],
    after: list[Definition],
    living: set[tuple[str, ...]],
    texts: dict[str, str],
    engine: Engine,
    seen: Votes,
) -> list[Removal]:
    """One removal per group of same-worded names, written as its most public spelling."""
    groups: dict[tuple[str, ...], list[Definition]] = {}
    for definition in gone:
        groups.setdefault(word_tuple(definition.name), []).append(definition)
    representatives = {words: min(group, key=_publicity) for words, group in groups.items()}
    mentions = _mentions({words: representatives[words].name for words in groups}, living, texts)
    successors = _Successors.of(after, {d.name for d in gone})
    known = set(engine.vocabulary.exact_names())
    removals = []
    renamed: dict[str, str] = {}  # old qualified name -> new, so members of a renamed class pair up
    for words, chosen in sorted(representatives.items(), key=lambda item: item[1].owner.count(".")):
        replacement, confidence = _replacement(chosen, successors, renamed, seen)
        if replacement is not None:
            renamed[chosen.qualified] = f"{_translated(chosen.owner, renamed)}.{replacement}"
        mention = mentions.get(words, Mention())
        test_only = all(TEST_PATH.search(d.path) for d in groups[words])
        if not _unwanted(chosen.name, mention, test_only, known, engine):
            removals.append(
                Removal(
                    chosen.name, chosen.kind, chosen.owner, mention, replacement, confidence, test_only, words in living
                )
            )
    return removals


def _publicity(definition: Definition) -> tuple[bool, int, bool, str]:
    """Sort key: public before private, a class before a parameter, product before tests."""
    kind = KIND_ORDER.index(definition.kind) if definition.kind in KIND_ORDER else len(KIND_ORDER)
    return definition.name.startswith("_"), kind, bool(TEST_PATH.search(definition.path)), definition.name


def _translated(owner: str, renamed: dict[str, str]) -> str:
    """`owner` with a renamed class or function in its path written with its new name."""
    for old in sorted(renamed, key=len, reverse=True):
        if owner == old or owner.startswith(old + "."):
            return renamed[old] + owner[len(old) :]
    return owner


def _unwanted(name: str, mention: Mention, test_only: bool, known: set[str], engine: Engine) -> bool:
    """What a reviewer never wants: short, common, forgotten private or test, or known names."""
    bare = name.strip("_")
    if len(bare) < MIN_LENGTH or bare.lower() in COMMON_NAMES:
        return True
    if (test_only or name.startswith("_")) and mention.count == 0:
        return True
    if test_only and name.startswith(("test_", "Test")):
        return True  # a test pytest collects: no one's word
    if len(word_tuple(bare)) == 1:
        return True  # a plain word in any case: `refresh`, `Success`, `DOMAIN`
    covered = any(match.payload.kind is Kind.RETIRED for match in engine.matcher.find(name))
    return name in known or covered


def _mentions(
    names: dict[tuple[str, ...], str], living: set[tuple[str, ...]], texts: dict[str, str]
) -> dict[tuple[str, ...], Mention]:
    """How often each group's words still stand, in any spelling style, and their first place;
    a group whose words still name something counts its own spelling only, as a whole token."""
    matcher: Matcher[tuple[str, ...]] = Matcher()
    exact: dict[tuple[str, ...], re.Pattern[str]] = {}
    for words, name in names.items():
        if words in living:
            exact[words] = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
        else:
            matcher.add_phrase(words, words)
    found: dict[tuple[str, ...], Mention] = {}
    for path in sorted(texts):
        text = texts[path]
        for match in matcher.find(text):
            found.setdefault(match.payload, Mention()).add(path, text, match.start)
        for words, pattern in exact.items():
            if names[words] in text:
                for place in pattern.finditer(text):
                    found.setdefault(words, Mention()).add(path, text, place.start())
    return found


@dataclass
class _Successors:
    """The later revision's definitions that may replace a removed one, indexed once."""

    names: dict[tuple[str, bool], set[str]]  # (family, private allowed) -> names
    by_owner: dict[str, list[Definition]]

    @classmethod
    def of(cls, after: list[Definition], removed: set[str]) -> _Successors:
        names: dict[tuple[str, bool], set[str]] = {}
        by_owner: dict[str, list[Definition]] = {}
        for definition in after:
            if definition.name in removed or definition.name.startswith("__"):
                continue  # a dunder (`__all__`, `__init__`) replaces nothing
            private = definition.name.startswith("_")
            names.setdefault((definition.family, True), set()).add(definition.name)
            if not private:
                names.setdefault((definition.family, False), set()).add(definition.name)
            by_owner.setdefault(definition.owner, []).append(definition)
        return cls(names, by_owner)

    def eligible(self, gone: Definition) -> set[str]:
        """Names of the same family (public ones only, for a public name)."""
        return self.names.get((gone.family, gone.name.startswith("_")), set())


def _replacement(
    gone: Definition, successors: _Successors, renamed: dict[str, str], seen: Votes
) -> tuple[str | None, str | None]:
    """The name of the same family that took `gone`'s place, and how sure that is.

    High confidence: the word diff put it in the old name's place in most of the places
    either changed (at least three), or it is also the likeliest new name beside the old
    one. Low: only one of the two says so.
    """
    eligible = successors.eligible(gone)
    vote = seen.best(gone.name, eligible)
    neighbours = successors.by_owner.get(_translated(gone.owner, renamed), [])
    beside = _likeliest_beside(gone, [d for d in neighbours if d.name in eligible])
    if vote is not None and ((vote[1] >= SURE_VOTES and 2 * vote[1] > vote[2]) or vote[0] == beside):
        return vote[0], "high"
    if beside is not None:
        return beside, "low"
    return (vote[0], "low") if vote is not None else (None, None)


def _likeliest_beside(gone: Definition, neighbours: list[Definition]) -> str | None:
    """The neighbour of the same kind sharing the most words with the old name, the one that
    looks most alike among those (a name sharing no word is never its likeliest successor)."""
    old_words = set(word_tuple(gone.name))
    shared = {d.name: len(old_words & set(word_tuple(d.name))) for d in neighbours if d.kind == gone.kind}
    most = max(shared.values(), default=0)
    if not most:
        return None
    alike = [
        (difflib.SequenceMatcher(None, gone.name.lower(), name.lower()).ratio(), name)
        for name, count in shared.items()
        if count == most
    ]
    return max(alike)[1]


def uncovered(suggestions: Suggestions) -> list[str]:
    """Candidates that are still mentioned somewhere (for `--check`)."""
    return [r.name for r in suggestions.removed if r.mentions.count] + [
        m.old for m in suggestions.moved if m.mentions.count
    ]
