"""A module imported by name whose members all moved to one new module: `from
airflow.kubernetes import pod_generator`, then only `pod_generator.make_safe_label_value(...)`
and other members that moved to `airflow.providers.cncf.kubernetes.pod_generator` under
the same names. Rewriting the import's module (`from airflow.providers.cncf.kubernetes
import pod_generator`) fixes every use at once.

Only where the rewrite cannot change anything else: one module-level import binds the
name and nothing else does, every mention of the name in the file (comments and strings
too; not a keyword argument or a local of that name) reads a member that moved there, and
every other name of that import moves to the same new parent.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from lint.engine.qualified import QualifiedNames
from lint.formats.python.bindings import Bound, Scope, binding
from lint.vocabulary.model import RetiredName


@dataclass(frozen=True)
class ModuleMove:
    """Where an import writes a module (`written`, at 1-based `line`, 0-based `column`), what
    to write instead, and one of the entries that moved (for the message)."""

    retired: RetiredName
    written: str
    line: int
    column: int
    new: str


def module_moves(
    source: str, lines: list[str], module: Scope, roots: dict[str, str], names: QualifiedNames
) -> list[ModuleMove]:
    """The imports to rewrite, of `roots` (local name -> the module an import binds it to)."""
    moving: dict[str, tuple[str, RetiredName]] = {}  # local name -> (its new module, an entry)
    for root, imported in roots.items():
        if module.bound(root) != Bound.IMPORTED or module.imports_of(root) != {imported}:
            continue
        if sum(_imports(statement, root) for statement in module.statements) != 1:
            continue  # only imports bind it (above): two do
        new_module, retired, _ = _moved_together(source, root, imported, names)
        if retired is not None and not new_module.startswith(imported + "."):  # a submodule: fixed at each use
            moving[root] = (new_module, retired)
    moves = []
    for statement in module.statements:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            bound = [binding(statement, alias) for alias in statement.names]
            if any(local in moving for local, _ in bound):
                move = _rewrite(statement, lines, bound, moving)
                moves += [move] if move is not None else []
    return moves


def _imports(statement: ast.stmt, name: str) -> bool:
    """Whether `statement` is an import that binds `name`."""
    if not isinstance(statement, (ast.Import, ast.ImportFrom)):
        return False
    return any(binding(statement, alias)[0] == name for alias in statement.names)


def _moved_together(
    source: str, root: str, imported: str, names: QualifiedNames, path: str = ""
) -> tuple[str, RetiredName | None, list[tuple[int, RetiredName]]]:
    """The one module every `root.member` (`root.path.member` for a chain through a plain
    `import root.path`) of the source moved to under the same member name, an entry of it,
    and where those mentions start with the entry each names; no entry when any mention is
    not such a member."""
    new_modules: set[str] = set()
    first: RetiredName | None = None
    starts: list[tuple[int, RetiredName]] = []
    through = rf"\.{re.escape(path)}\." if path else r"\s*\.\s*"
    for mention in re.finditer(rf"(?<![\w.]){re.escape(root)}\b({through}(\w+))?", source):
        member = mention.group(2)
        if member is None and _NAMED_HERE.match(source, mention.end()):
            continue  # `kube_client=...`: a keyword argument, or a local of that name
        if member is None:
            if not _is_the_import(source, mention.start()):
                return "", None, []  # the module itself is passed around, or the name is rebound
            continue
        retired = names.lookup(f"{imported}.{member}")
        target = retired.fix_target if retired is not None else None
        new_module, _, new_member = (target or "").rpartition(".")
        if retired is None or new_member != member or not new_module:
            return "", None, []
        new_modules.add(new_module)
        first = first or retired
        starts.append((mention.start(), retired))
    return (new_modules.pop(), first, starts) if len(new_modules) == 1 else ("", None, [])


_NAMED_HERE = re.compile(r"\s*=(?!=)")
# Before a mention, on its line: an import that binds the name, or the module of a from-import.
_BOUND_BY_IMPORT = re.compile(r"\s*(?:from\s+(?:[\w.]+\s+import\s+[\w\s,(]*)?|import\s+(?:[\w.]+\s+as\s+)?)")


def _is_the_import(source: str, offset: int) -> bool:
    """Whether the mention at `offset` stands in an import statement that starts its line,
    where it reads nothing: the name bound, or a module imported from."""
    line_start = source.rfind("\n", 0, offset) + 1
    return _BOUND_BY_IMPORT.fullmatch(source, line_start, offset) is not None


def _rewrite(
    statement: ast.Import | ast.ImportFrom,
    lines: list[str],
    bound: list[tuple[str, str | None]],
    moving: dict[str, tuple[str, RetiredName]],
) -> ModuleMove | None:
    """The edit of the statement: the parent module after `from`, when every name it imports
    moved to the same new parent under its own name (the names stay); or the dotted module
    of `import ... as name`."""
    line = lines[statement.lineno - 1] if statement.lineno <= len(lines) else ""
    if not line.isascii() or any(local not in moving for local, _ in bound):
        return None
    new_modules = [moving[local][0] for local, _ in bound]
    retired = moving[bound[0][0]][1]
    if isinstance(statement, ast.ImportFrom):
        written = _FROM.match(line, statement.col_offset)
        parents = {new.rpartition(".")[0] for new in new_modules}
        same_names = all(
            new.rpartition(".")[2] == alias.name for new, alias in zip(new_modules, statement.names, strict=True)
        )
        if written is None or len(parents) != 1 or not same_names or "" in parents:
            return None
        if any(
            imported != f"{written.group(1)}.{alias.name}"
            for (_, imported), alias in zip(bound, statement.names, strict=True)
        ):
            return None
        return ModuleMove(retired, written.group(1), statement.lineno, written.start(1), parents.pop())
    alias = statement.names[0]
    if len(statement.names) != 1 or not alias.asname or alias.lineno != statement.lineno:
        return None
    if line[alias.col_offset : alias.col_offset + len(alias.name)] != alias.name:
        return None
    return ModuleMove(retired, alias.name, statement.lineno, alias.col_offset, new_modules[0])


_FROM = re.compile(r"from\s+([\w.]+)\s+import\b")


@dataclass(frozen=True)
class ChainMove:
    """A plain `import pkg.mod` whose every use `pkg.mod.member` moved to one new module: the
    import's rewrite, and where each use writes `pkg.mod` (offsets into the source), with the
    entry it reads."""

    move: ModuleMove
    uses: list[tuple[int, RetiredName]]


def chain_moves(
    source: str, lines: list[str], module: Scope, chains: set[str], names: QualifiedNames
) -> list[ChainMove]:
    """The plain imports to rewrite, of `chains` (dotted modules read as `pkg.mod.member`)."""
    found = []
    for dotted in sorted(chains):
        root, _, path = dotted.partition(".")
        if module.bound(root) != Bound.IMPORTED or not path:
            continue
        statements = [statement for statement in module.statements if _imports(statement, root)]
        statement = statements[0] if len(statements) == 1 else None
        if not isinstance(statement, ast.Import) or len(statement.names) != 1:
            continue
        alias = statement.names[0]
        line = lines[statement.lineno - 1] if statement.lineno <= len(lines) else ""
        written = line[alias.col_offset : alias.col_offset + len(dotted)] if line.isascii() else ""
        if alias.name != dotted or alias.asname or written != dotted:
            continue
        new_module, retired, uses = _moved_together(source, root, dotted, names, path)
        if retired is not None and not new_module.startswith(dotted + "."):
            found.append(ChainMove(ModuleMove(retired, dotted, statement.lineno, alias.col_offset, new_module), uses))
    return found
