"""The vocabulary's qualified Python names (`numpy.float_`), indexed for the code scanner.

A qualified entry is found in Python code by resolving references through the file's
imports (the scanner does that with the compiler's symbol tables); this index answers
which full names are entries, which member spellings make a file worth resolving at all,
and what a fix may write in place of the member as it was written.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from lint.engine.tokens import TokenTable
from lint.vocabulary.model import MovedModule, NameKind, RetiredName, Vocabulary

_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


class QualifiedNames:
    """Qualified entries by full name, their members, modules and module aliases."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.entries = tuple(retired for retired in vocabulary.retired if retired.qualified)
        self._by_name: dict[str, list[RetiredName]] = {}
        for retired in self.entries:
            self._by_name.setdefault(retired.name.lower(), []).append(retired)
        attributes = [retired for retired in self.entries if retired.parameter_of is None]
        parameters = [retired.parameter_of for retired in self.entries if retired.parameter_of is not None]
        self.lowered_members = frozenset(retired.name.rpartition(".")[2].lower() for retired in attributes)
        self.lowered_parameters = frozenset(parameter.lower() for _, parameter in parameters)
        # A member as written, alone or after a dot: where a reference may resolve to an entry.
        # Each spelling once, however many entries share it (`get` of many modules).
        self.member_tokens: TokenTable[str] = TokenTable()
        for member, exact_case in sorted(
            {(retired.name.rpartition(".")[2], retired.exact_case) for retired in attributes}
        ):
            self.member_tokens.add([member], member, exact_case=exact_case, after_dot=True)
        self.keyword_tokens: TokenTable[str] = TokenTable()
        for parameter in sorted({parameter for _, parameter in parameters}):
            self.keyword_tokens.add([parameter], parameter, exact_case=True)
        self.roots = frozenset(retired.name.split(".")[0] for retired in self.entries)
        self.parameter_roots = frozenset(callee.split(".")[0] for callee, _ in parameters)
        self.module_aliases = vocabulary.module_aliases
        self.module_names = self.roots | {alias for aliases in self.module_aliases.values() for alias in aliases}
        # Names imported from a removed package are uses of it wherever they are read.
        self.removed_packages = {moved.old: moved for moved in vocabulary.moved_modules if not moved.new}
        self.import_roots = self.roots | {old.split(".")[0] for old in self.removed_packages}
        self._removed_members: dict[str, RetiredName] = {}
        # Every entry's name and the dotted names leading to it (`numpy`, `numpy.linalg`), lowered.
        self._leading = {
            ".".join(parts[:end]).lower()
            for parts in (retired.name.split(".") for retired in self.entries)
            for end in range(1, len(parts) + 1)
        }

    def __bool__(self) -> bool:
        return bool(self.entries or self.removed_packages)

    def removed_package_of(self, full_name: str) -> MovedModule | None:
        """The removed package `full_name` is or lies under (`pkg.legacy.ops.Runner`), if any."""
        parts = full_name.split(".")
        for end in range(len(parts), 0, -1):
            package = self.removed_packages.get(".".join(parts[:end]))
            if package is not None:
                return package
        return None

    def candidate_offsets(self, text: str) -> list[int]:
        """Offsets of member spellings in `text` that a reference could resolve through.

        A reference resolves only through imports of the vocabulary's modules (or an alias
        of one used without an import). A bare name (`days_ago`, a `get` in prose) can only
        if a `from <module> import` of the text names it; a chain (`conf.get`) only when its
        first name is a module, an alias, or a name an import binds. Where the text's
        from-imports alone bind that name, the full names it can stand for are read from
        them, and one that is no entry (nor leads to one) is no candidate: `conf.get` after
        `from airflow.configuration import conf` is not `airflow.configuration.get`. A file
        whose imports name a removed package is read at those imports (their names are
        its uses).
        """
        imports = _from_imports(text, self.import_roots)
        bound = _ImportedNames(imports, text)
        chains = _Chains(text, self.module_names | bound.names, bound)
        paths = [found.path for found in imports]
        found = []
        for match in sorted(self.member_tokens.finditer(text), key=lambda token: token.start):
            start = match.start
            if paths and _in_a_path(paths, start):
                continue  # no reference stands in a from-import's module path (`from airflow.models.log`)
            if start and text[start - 1] == ".":
                if chains.may_be_module(start - 1) and self._chain_may_name(
                    chains.root, chains.up_to(match.end), bound
                ):
                    found.append(start)
            elif match.text in bound.names and self._name_may_name(match.text, bound):
                found.append(start)
        if self.removed_packages:
            found.extend(
                start
                for start, module, _, names in imports
                if self.removed_package_of(module) or any(f"{module}.{name}" in self.removed_packages for name in names)
            )
        if self.keyword_tokens and any(
            f"import {root}" in text or f"from {root}" in text for root in self.parameter_roots
        ):
            found.extend(
                match.start for match in self.keyword_tokens.finditer(text) if _KEYWORD_ARGUMENT.match(text, match.end)
            )
        return found

    def _chain_may_name(self, root: str, dotted: str, bound: _ImportedNames) -> bool:
        """Whether the chain `dotted` (read back from a member to its first name, `root`) may
        resolve to an entry: left to the resolver where the text does not say what `root` is."""
        if not root.isidentifier() or bound.rebound(root):
            return True
        modules = bound.full_names.get(root, ())
        if len(modules) > _FEW_BINDINGS:
            return True  # asking each would cost every chain of the root as much
        rest = dotted[len(root) :]
        full_names = [module + rest for module in modules]
        if root in self.module_names:
            full_names.append(self.unaliased(dotted))
        return not full_names or any(self._may_lead_to_entry(name) for name in full_names)

    def _name_may_name(self, name: str, bound: _ImportedNames) -> bool:
        """Whether a bare `name` a from-import binds may be an entry, or a module holding one."""
        full_names = bound.full_names.get(name, ())
        if bound.rebound(name) or len(full_names) > _FEW_BINDINGS:
            return True
        return any(self._may_lead_to_entry(full) for full in full_names)

    def _may_lead_to_entry(self, full_name: str) -> bool:
        """An entry, a module or class some entry lies in, or a name under a removed package."""
        return full_name.lower() in self._leading or self.lookup(full_name) is not None

    def lookup(self, full_name: str) -> RetiredName | None:
        """The entry a reference resolving to `full_name` names (exact-case entries compare exactly)."""
        for retired in self._by_name.get(full_name.lower(), ()):
            if not retired.exact_case or retired.name == full_name:
                return retired
        package = self.removed_package_of(full_name) if self.removed_packages else None
        if package is None:
            return None
        if full_name not in self._removed_members:
            message = package.message or f"its module '{package.old}' was removed"
            self._removed_members[full_name] = RetiredName(
                package.id,
                full_name,
                NameKind.REMOVED,
                package.origin,
                message=message,
                qualified=True,
                exact_case=True,
            )
        return self._removed_members[full_name]

    def unaliased(self, dotted: str) -> str:
        """`np.float_` as `numpy.float_`, for code that uses a module alias it never imports."""
        root, dot, rest = dotted.partition(".")
        for module, aliases in self.module_aliases.items():
            if root in aliases:
                return module + dot + rest
        return dotted

    @staticmethod
    def member_replacement(retired: RetiredName, *, attribute: bool) -> str | None:
        """What replaces the member as written, or None when a fix would need more than that.

        `numpy.float_` -> `numpy.float64` writes `float64` for `np.float_`, `from numpy
        import float_` and its uses. A replacement in a submodule of the same parent
        (`numpy.exceptions.ComplexWarning`) can be written after an attribute's owner only.
        A replacement that is not a dotted name (`0.0`) is advice, not a fix. Whether the
        fix is safe is the entry's `safe`.
        """
        target = retired.replacements[0] if len(retired.replacements) == 1 else None
        if target is not None and retired.parameter_of is not None:
            return _new_keyword(retired.parameter_of[0], target)
        if target is None or not _DOTTED_NAME.fullmatch(target):
            return None
        parent = retired.name.split(".")[:-1]
        parts = target.split(".")
        if parts[: len(parent)] != parent or len(parts) == len(parent):
            return None
        rest = parts[len(parent) :]
        if len(rest) > 1 and not attribute:
            return None
        return ".".join(rest)


# The full names a name may stand for, past which the resolver is left to tell: each use
# asks each of them, and a file could import one name from thousands of modules.
_FEW_BINDINGS = 8
_KEYWORD_ARGUMENT = re.compile(r"\s*=(?!=)")  # after a name: `timeout_s=`, not `timeout_s == 1`
_FROM_IMPORT = re.compile(r"from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n]*(?:\\\n[^\n]*)*)")


class _FromImport(NamedTuple):
    """A `from M import a, b as c` of a module under the vocabulary's roots."""

    start: int
    module: str
    path: tuple[int, int]  # where M is written
    names: list[str]  # every word after `import` (`a`, `b`, `as`, `c`)


def _from_imports(text: str, roots: frozenset[str]) -> list[_FromImport]:
    """Each `from M import a, b as c` of a module under `roots`, in order."""
    found = []
    for match in _FROM_IMPORT.finditer(text):
        start, module = match.start(), match.group(1)
        if start and (text[start - 1].isalnum() or text[start - 1] in "_."):
            continue
        if module.split(".")[0] in roots:
            found.append(_FromImport(start, module, match.span(1), re.findall(r"\w+", match.group(2))))
    return found


def _in_a_path(paths: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` lies in one of the (ordered, disjoint) `paths`."""
    index = bisect_right(paths, (offset, sys.maxsize)) - 1  # the last path starting at or before it
    return index >= 0 and offset < paths[index][1]


class _ImportedNames:
    """What the text's from-imports of the vocabulary's modules bind: each name, the full
    names it may stand for (`from M import a as b`: `b` and `a` as `M.a`, and every word of
    the statement as `M.word`, more than it binds, never less), and how many `as` those
    statements hold for it."""

    def __init__(self, imports: list[_FromImport], text: str) -> None:
        self.full_names: dict[str, set[str]] = {}
        self._as_in_imports: Counter[str] = Counter()
        for _, module, _, words in imports:
            for index, word in enumerate(words):
                self.full_names.setdefault(word, set()).add(f"{module}.{word}")
                if index + 2 < len(words) and words[index + 1] == "as":
                    self.full_names.setdefault(words[index + 2], set()).add(f"{module}.{word}")
                    self._as_in_imports[words[index + 2]] += 1
        self.names = frozenset(self.full_names)
        self._text = text
        self._as_in_text: Counter[str] | None = None

    def rebound(self, name: str) -> bool:
        """Whether an `as` outside these from-imports binds `name` too (`import a.b as name`,
        `with ... as name`): what it stands for is then the resolver's to say."""
        return self.after_as()[name] > self._as_in_imports[name]

    def after_as(self) -> Counter[str]:
        """How many times each name stands after an `as` in the text (read once)."""
        if self._as_in_text is None:
            text = self._text
            self._as_in_text = Counter(
                found.group(1)
                for found in _BOUND_BY_AS.finditer(text)
                if not (found.start() and (text[found.start() - 1].isalnum() or text[found.start() - 1] == "_"))
            )
        return self._as_in_text


_BOUND_BY_AS = re.compile(r"as\s+(?=(\w+))")  # the name is not taken: `as as np`; literal first: fast


def _new_keyword(callee: str, target: str) -> str | None:
    """The keyword a fix writes: `timeout` for `timeout` or `pkg.Client(timeout)` (same callable)."""
    if target.isidentifier():
        return target
    prefix = f"{callee}("
    inner = target[len(prefix) : -1] if target.startswith(prefix) and target.endswith(")") else ""
    return inner if inner.isidentifier() else None


class _Chains:
    """Whether the dotted chain ending at a dot of `text` may start with a module, asked
    in order of the dots: a dot on the chain of the last one asked shares its root, and
    the names that `import ... as` binds are read from the text once, however many
    `x.member` lines ask. `root`: the first name of the chain of the dot last asked."""

    def __init__(self, text: str, module_names: frozenset[str], bound: _ImportedNames) -> None:
        self._text = text
        self.module_names = module_names
        self._imported = bound
        self._last_dot = -1
        self._begin = 0
        self.root = ""
        self._answers: dict[str, bool] = {}

    def may_be_module(self, dot: int) -> bool:
        text = self._text
        if not (self._last_dot < dot and _on_chain(text, self._last_dot, dot)):
            begin = dot
            while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_."):
                begin -= 1
            first_dot = text.find(".", begin, dot)
            self._begin, self.root = begin, text[begin : dot if first_dot == -1 else first_dot]
        self._last_dot = dot
        root = self.root
        if not root.isidentifier():
            return True  # a chain split over lines, or on a call: left to the resolver
        if root not in self._answers:
            self._answers[root] = root in self.module_names or self._bound(root)
        return self._answers[root]

    def up_to(self, end: int) -> str:
        """The chain of the dot last asked, as written up to `end` (`conf.get`)."""
        return self._text[self._begin : end]

    def _bound(self, root: str) -> bool:
        """Whether an `as` in the text binds `root` (`import numpy as np`)."""
        if not all(char.isalnum() or char == "_" for char in root):  # not all `\w`: search for it
            return re.search(rf"\bas\s+{re.escape(root)}\b", self._text) is not None
        return self._imported.after_as()[root] > 0


def _on_chain(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds only characters of a dotted chain."""
    return start >= 0 and all(char.isalnum() or char in "_." for char in text[start:end])
