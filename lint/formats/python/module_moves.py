"""A module imported by name whose members all moved to one new module: `from
airflow.kubernetes import pod_generator`, then only `pod_generator.make_safe_label_value(...)`
and other members that moved to `airflow.providers.cncf.kubernetes.pod_generator` under
the same names. Rewriting the import's module (`from airflow.providers.cncf.kubernetes
import pod_generator`) fixes every use at once.

Only where the rewrite cannot change anything else: the module-level import binds the
name alone, nothing else binds it, and every mention of the name in the file (comments
and strings too) reads a member that moved there.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from lint.engine.qualified import QualifiedNames
from lint.formats.python.bindings import Bound, Scope, binds
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
    moves = []
    for root, imported in roots.items():
        if module.bound(root) is not Bound.IMPORTED or module.imports_of(root) != {imported}:
            continue
        statements = [s for s in module.statements if binds(s, root)]
        if len(statements) != 1 or len(getattr(statements[0], "names", ())) != 1:
            continue
        new_module, retired = _moved_together(source, root, imported, names)
        if retired is not None and not new_module.startswith(imported + "."):  # a submodule: fixed at each use
            move = _rewrite(statements[0], lines, imported, new_module, retired)
            moves += [move] if move is not None else []
    return moves


def _moved_together(source: str, root: str, imported: str, names: QualifiedNames) -> tuple[str, RetiredName | None]:
    """The one module every `root.member` of the source moved to under the same member name,
    and an entry of it; none when any mention is not such a member."""
    new_modules: set[str] = set()
    first: RetiredName | None = None
    for mention in re.finditer(rf"(?<![\w.]){re.escape(root)}\b(\s*\.\s*(\w+))?", source):
        member = mention.group(2)
        if member is None:
            if not _is_the_import(source, mention.start()):
                return "", None  # the module itself is passed around, or the name is rebound
            continue
        retired = names.lookup(f"{imported}.{member}")
        target = retired.fix_target if retired is not None else None
        new_module, _, new_member = (target or "").rpartition(".")
        if retired is None or new_member != member or not new_module:
            return "", None
        new_modules.add(new_module)
        first = first or retired
    return (new_modules.pop(), first) if len(new_modules) == 1 else ("", None)


_BOUND_BY_IMPORT = re.compile(r"\s*(?:from\s+[\w.]+\s+import\s+|import\s+[\w.]+\s+as\s+)")


def _is_the_import(source: str, offset: int) -> bool:
    """Whether the mention at `offset` is the name an import statement that starts its line binds."""
    line_start = source.rfind("\n", 0, offset) + 1
    return _BOUND_BY_IMPORT.fullmatch(source, line_start, offset) is not None


def _rewrite(
    statement: ast.stmt, lines: list[str], imported: str, new_module: str, retired: RetiredName
) -> ModuleMove | None:
    """The edit of the statement: the parent module after `from` (the name stays), or the
    dotted module of `import ... as name`."""
    alias = statement.names[0] if isinstance(statement, (ast.Import, ast.ImportFrom)) else None
    if alias is None or alias.name == "*":
        return None
    line = lines[statement.lineno - 1] if statement.lineno <= len(lines) else ""
    if isinstance(statement, ast.ImportFrom):
        parent, _, name = new_module.rpartition(".")
        written = (
            re.compile(r"from\s+([\w.]+)\s+import\b").match(line, statement.col_offset) if line.isascii() else None
        )
        if written is None or name != alias.name or f"{written.group(1)}.{alias.name}" != imported or not parent:
            return None
        return ModuleMove(retired, written.group(1), statement.lineno, written.start(1), parent)
    if not alias.asname or alias.lineno != statement.lineno or not line.isascii():
        return None
    if line[alias.col_offset : alias.col_offset + len(alias.name)] != alias.name:
        return None
    return ModuleMove(retired, alias.name, statement.lineno, alias.col_offset, new_module)
