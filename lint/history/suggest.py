"""Propose `removed:` and `moved_modules:` entries from what the history renamed.

A name defined at `--since` (in a file that changed) and defined nowhere at `--until` is a
removal candidate; a module file git saw move (or whose top-level definitions reappear in
a new file) is a moved-module candidate. Candidates are ranked by how many places still
mention them at `--until` (code, comments, strings and docs, in any spelling style, as
`check` would find them) and paired with the likeliest replacement: a name defined only at
`--until` in the same module or class, chosen by shared words and similarity.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lint.engine.engine import Engine
from lint.engine.entries import Kind
from lint.engine.matcher import Matcher
from lint.formats import format_for
from lint.history.definitions import Definition, defined_names, definitions, module_path
from lint.history.git import Rename, Repository
from lint.text.lines import LineIndex, split_lines
from lint.text.words import word_tuple

TEXT_SUFFIXES = (".py", ".pyi", ".md", ".mdx", ".markdown", ".ipynb", ".rst", ".txt")
MIN_LENGTH = 4
# Names a reviewer never wants in a vocabulary: plain words every codebase uses.
COMMON_NAMES = frozenset(
    {"args", "batch", "buffer", "cache", "callback", "client", "config", "context", "count", "data", "default",
     "error", "event", "handler", "index", "item", "items", "key", "kwargs", "label", "limit", "logger", "manager",
     "message", "method", "name", "names", "node", "options", "output", "params", "path", "payload", "queue",
     "record", "records", "request", "response", "result", "results", "run", "session", "size", "state", "status",
     "store", "task", "tasks", "text", "timeout", "total", "type", "value", "values", "worker"}
)  # fmt: skip
_TEST_PATH = re.compile(r"(^|/)(tests?/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)")


@dataclass
class Mention:
    """Where a candidate still stands at `--until`."""

    count: int = 0
    first: tuple[str, int] | None = None
    line_text: str = ""

    def add(self, path: str, text: str, offset: int) -> None:
        """Count one more mention; the first one is kept with its line."""
        self.count += 1
        if self.first is None:
            line = LineIndex(text).position(offset)[0]
            self.first = (path, line)
            self.line_text = split_lines(text)[line - 1].strip()


@dataclass
class Removal:
    """A removal candidate, with its likely replacement."""

    name: str
    kind: str
    owner: str
    mentions: Mention = field(default_factory=Mention)
    replacement: str | None = None
    confidence: str | None = None


@dataclass
class Move:
    """A moved-module candidate."""

    old: str
    new: str
    mentions: Mention = field(default_factory=Mention)


@dataclass
class Suggestions:
    """What `vocab suggest` proposes, best first."""

    removed: list[Removal]
    moved: list[Move]


def suggest(repository: Repository, since: str, until: str | None, engine: Engine) -> Suggestions:
    """Compare two revisions (`until` None: the work tree) and rank what was renamed away."""
    since_files = repository.files(since, (".py",))
    until_files = repository.files(until, (".py",))
    changed, renames = repository.changed(since, until, (".py",))
    changed |= set(since_files) ^ set(until_files)
    before = _definitions(repository, since, {p: b for p, b in since_files.items() if p in changed})
    after = _definitions(repository, until, {p: b for p, b in until_files.items() if p in changed})
    kept_names = {d.name for d in after}
    gone = [d for d in before if d.name not in kept_names and d.kind != "module"]
    unchanged = {p: b for p, b in until_files.items() if p not in changed}
    gone = _not_defined_elsewhere(repository, until, unchanged, gone)
    moves = _moves(renames, before, after)
    texts = {
        path: _authored(path, text) for path, text in repository.read(until, repository.files(until, TEXT_SUFFIXES))
    }
    removals = _removals(gone, after, texts, engine)
    _count_module_mentions(moves, texts)
    removals.sort(key=lambda r: (-r.mentions.count, r.name))
    moves.sort(key=lambda m: (-m.mentions.count, m.old))
    return Suggestions(removals, moves)


def _authored(path: str, text: str) -> str:
    """What the file's author wrote (a notebook's outputs are not mentions)."""
    file_format = format_for(path)
    return text if file_format is None else file_format.authored(text)


def _definitions(repository: Repository, revision: str | None, files: dict[str, str]) -> list[Definition]:
    found: list[Definition] = []
    for path, text in repository.read(revision, files):
        found.extend(definitions(path, text))
    return found


def _not_defined_elsewhere(
    repository: Repository, revision: str | None, unchanged: dict[str, str], gone: list[Definition]
) -> list[Definition]:
    """Drop names that a file which did not change still defines (read only files that hold them)."""
    names = {d.name for d in gone}
    defined: set[str] = set()
    for _, text in repository.read(revision, unchanged):
        if any(name in text for name in names):
            defined |= defined_names(text) & names
    return [d for d in gone if d.name not in defined]


def _moves(renames: Iterable[Rename], before: list[Definition], after: list[Definition]) -> list[Move]:
    moves: dict[str, Move] = {}
    for rename in renames:
        old, new = module_path(rename.old), module_path(rename.new)
        if old and new and old != new:
            moves[old] = Move(old, new)
    # A module deleted whose top-level definitions reappear together in one new file moved too.
    tops_before = _top_levels(before)
    tops_after = _top_levels(after)
    for old, names in tops_before.items():
        if old in moves or old in tops_after or len(names) < 2:
            continue
        same = [new for new, new_names in tops_after.items() if new not in tops_before and names <= new_names]
        if len(same) == 1:
            moves[old] = Move(old, same[0])
    return list(moves.values())


def _top_levels(found: list[Definition]) -> dict[str, frozenset[str]]:
    modules: dict[str, set[str]] = {}
    for definition in found:
        if definition.kind == "module":
            modules.setdefault(definition.qualified, set())
        elif definition.kind in ("class", "function", "variable"):
            modules.setdefault(definition.owner, set()).add(definition.name)
    return {module: frozenset(names) for module, names in modules.items()}


def _removals(gone: list[Definition], after: list[Definition], texts: dict[str, str], engine: Engine) -> list[Removal]:
    by_name: dict[str, Definition] = {}
    test_only: dict[str, bool] = {}
    for definition in gone:
        by_name.setdefault(definition.name, definition)
        test_only[definition.name] = test_only.get(definition.name, True) and bool(_TEST_PATH.search(definition.path))
    mentions = _mentions(list(by_name), texts)
    known = set(engine.vocabulary.exact_names())
    removals = []
    renamed: dict[str, str] = {}  # old qualified name -> new, so members of a renamed class pair up
    for name, definition in sorted(by_name.items(), key=lambda item: item[1].owner.count(".")):
        replacement, confidence = _replacement(definition, after, by_name, renamed)
        if replacement is not None:
            renamed[definition.qualified] = f"{_translated(definition.owner, renamed)}.{replacement}"
        mention = mentions.get(name, Mention())
        if not _unwanted(name, mention, test_only[name], known, engine):
            removals.append(Removal(name, definition.kind, definition.owner, mention, replacement, confidence))
    return removals


def _translated(owner: str, renamed: dict[str, str]) -> str:
    """`owner` with a renamed class or function in its path written with its new name."""
    for old in sorted(renamed, key=len, reverse=True):
        if owner == old or owner.startswith(old + "."):
            return renamed[old] + owner[len(old) :]
    return owner


def _unwanted(name: str, mention: Mention, test_only: bool, known: set[str], engine: Engine) -> bool:
    """What a reviewer never wants: short, common, test-only, forgotten private, or known names."""
    bare = name.strip("_")
    if len(bare) < MIN_LENGTH or bare.lower() in COMMON_NAMES or test_only:
        return True
    if len(word_tuple(bare)) == 1 and bare.islower():
        return True  # a plain word: `refresh`, `flush`
    if name.startswith("_") and mention.count == 0:
        return True
    covered = any(match.payload.kind is Kind.RETIRED for match in engine.matcher.find(name))
    return name in known or covered


def _mentions(names: list[str], texts: dict[str, str]) -> dict[str, Mention]:
    """How often each name still stands, in any spelling style, and its first place."""
    matcher: Matcher[str] = Matcher()
    for name in names:
        matcher.add_phrase(word_tuple(name), name)
    found: dict[str, Mention] = {}
    for path in sorted(texts):
        text = texts[path]
        for match in matcher.find(text):
            found.setdefault(match.payload, Mention()).add(path, text, match.start)
    return found


def _count_module_mentions(moves: list[Move], texts: dict[str, str]) -> None:
    for move in moves:
        pattern = re.compile(rf"(?<![\w.]){re.escape(move.old)}(?![\w])")
        for path in sorted(texts):
            for found in pattern.finditer(texts[path]):
                move.mentions.add(path, texts[path], found.start())


def _replacement(
    gone: Definition, after: list[Definition], removed: dict[str, Definition], renamed: dict[str, str]
) -> tuple[str | None, str | None]:
    """The likeliest new name of the same kind in the same module or class, and how sure that is.

    High confidence: the names share words and look alike, or the new name is the only one
    of its kind there and shares a word with the old one.
    """
    owner = _translated(gone.owner, renamed)
    old_words = set(word_tuple(gone.name))
    scored = []
    for candidate in after:
        if candidate.owner != owner or candidate.kind != gone.kind or candidate.name in removed:
            continue
        shared = len(old_words & set(word_tuple(candidate.name)))
        ratio = difflib.SequenceMatcher(None, gone.name.lower(), candidate.name.lower()).ratio()
        scored.append((shared + ratio, shared, candidate.name))
    if not scored:
        return None, None
    score, shared, name = max(scored)
    sure = score >= 1.5 or (len(scored) == 1 and shared >= 1)
    return name, "high" if sure else "low"


def uncovered(suggestions: Suggestions) -> list[str]:
    """Candidates that are still mentioned somewhere (for `--check`)."""
    return [r.name for r in suggestions.removed if r.mentions.count] + [
        m.old for m in suggestions.moved if m.mentions.count
    ]
