"""Attributes a class still defines: `self.flag` read inside the class that defines `flag`
(the library's own implementation, a compatibility shim that keeps the old attribute) is
the definition at work, not a use of a removed attribute on any receiver (`*.flag`).
"""

from __future__ import annotations

import ast
import re

from lint.findings import Context, Finding
from lint.formats.python.bindings import Bound, Scope
from lint.text.lines import split_lines

_OWN_RECEIVER = re.compile(r"(?<![\w.])(?:self|cls)\s*\.\s*$")
_BLOCKS = ("body", "orelse", "finalbody")


def outside_own_class(
    findings: list[Finding], outline: ast.Module, source: str, members: dict[str, str]
) -> list[Finding]:
    """`findings` without the attributes (`members`: entry id -> member) that `self` or `cls`
    reads inside a class defining that member."""
    lines: list[str] | None = None
    defines: dict[tuple[int, str], bool] = {}  # (class, member): a class reads its own attribute often
    kept = []
    for finding in findings:
        member = members.get(finding.term) if finding.context is Context.ATTRIBUTE else None
        if member is not None:
            lines = lines if lines is not None else split_lines(source)
            before = lines[finding.line - 1][: finding.column - 1] if finding.line <= len(lines) else ""
            owner = _class_around(outline, finding.line) if _OWN_RECEIVER.search(before) else None
            if owner is not None:
                key = (id(owner), member)
                if key not in defines:
                    defines[key] = _defines(owner, member)
                if defines[key]:
                    continue
        kept.append(finding)
    return kept


def _class_around(outline: ast.Module, line: int) -> ast.ClassDef | None:
    """The innermost class whose body holds `line`."""
    innermost: ast.ClassDef | None = None
    body: list[ast.stmt] = outline.body
    while body:
        holding = next((s for s in body if s.lineno <= line <= (s.end_lineno or s.lineno)), None)
        if holding is None:
            break
        if isinstance(holding, ast.ClassDef):
            innermost = holding
        blocks = [getattr(holding, field, []) for field in _BLOCKS]
        blocks += [block.body for block in (*getattr(holding, "handlers", ()), *getattr(holding, "cases", ()))]
        body = next((block for block in blocks if block and block[0].lineno <= line <= (block[-1].end_lineno or 0)), [])
    return innermost


def _defines(owner: ast.ClassDef, member: str) -> bool:
    """Whether the class binds `member` in its body (an attribute, a method, a property) or
    assigns `self.member` / `cls.member` in its methods."""
    if Scope(owner, walrus=False).bound(member) & Bound.ASSIGNED:
        return True
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == member
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
        for node in ast.walk(owner)
    )
