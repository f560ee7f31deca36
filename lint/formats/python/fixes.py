"""The check a fixed Python file must pass: it parses, compiles, and keeps its names apart.

Renames are applied as text edits at exact spans; this check refuses a result that LibCST
cannot parse, that the compiler refuses (duplicate keywords or parameters), in which a
renamed name takes one its scope already holds, or in which a rename wrote more than a
name: in code a replacement is a (dotted) name or a constant (or, for an import split in
two, import statements in place of one), in a string it holds no quote or backslash, so
no replacement can add code to a file.
"""

from __future__ import annotations

from collections.abc import Sequence

from lint.findings import Context, Edit
from lint.formats.python.splits import is_split


def python_refusal(original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
    """Why the fixed module must not be written (None: it may)."""
    for edit in edits:
        refusal = _not_a_token(edit)
        if refusal is not None:
            return refusal
    import libcst as cst

    try:
        cst.parse_module(fixed)
    except (cst.ParserSyntaxError, RecursionError) as exc:
        return f"the fixed file would not parse ({exc.__class__.__name__}); nothing was changed"
    refusal = _compile_refusal(original, fixed)
    if refusal is not None:
        return refusal
    try:
        return _collision(cst.parse_module(original), edits, members)
    except (cst.ParserSyntaxError, RecursionError):
        return "the file does not parse, so renames cannot be checked for collisions; nothing was changed"


_CODE = frozenset({Context.IDENTIFIER, Context.ATTRIBUTE, Context.IMPORT, Context.KEYWORD})


def _not_a_token(edit: Edit) -> str | None:
    """Why a replacement is more than the token it replaces (None: it is a token)."""
    context, replacement = edit.finding.context, edit.replacement
    if context is Context.IMPORT and is_split(edit.finding.matched, replacement):
        return None  # one import statement becomes several: `splits` writes nothing else
    if context in _CODE and not _is_name_or_constant(replacement):
        return f"the replacement {replacement!r} is not a name; it would change the code around it; nothing was changed"
    # Outside code and comments, a Python file's text stands in a string (a docstring's roles too).
    if context not in _CODE and context is not Context.COMMENT and any(mark in replacement for mark in "\"'\\"):
        return f"the replacement {replacement!r} holds a quote or backslash; in a string it would end the string"
    if any(mark in replacement for mark in "\n\r"):
        return f"the replacement {replacement!r} holds a line break; nothing was changed"
    return None


def _is_name_or_constant(text: str) -> bool:
    import ast

    try:
        node = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, (ast.Name, ast.Constant)) and text.strip() == text


def _compile_refusal(original: str, fixed: str) -> str | None:
    """A file that compiled before must compile after: duplicate keyword arguments and
    parameters parse, but the compiler refuses them. Compiling runs nothing."""
    try:
        compile(original, "<original>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # syntax newer than this Python, or broken before: LibCST's parse decides
    try:
        compile(fixed, "<fixed>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"the fixed file would not compile ({exc.msg}, line {exc.lineno}); nothing was changed"
    except (ValueError, RecursionError, MemoryError):
        return "the fixed file would not compile; nothing was changed"
    return None


def _collision(module: object, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
    """A rename whose new name already exists in the scope of the renamed identifier."""
    import libcst as cst
    from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider, ScopeProvider

    assert isinstance(module, cst.Module)
    merged = _merged_attribute(module, [edit for edit in edits if edit.finding.term not in members])
    if merged is not None:
        return merged
    renames = [e for e in edits if e.finding.context in (Context.IDENTIFIER, Context.IMPORT)]
    if not renames:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    scopes = wrapper.resolve(ScopeProvider)
    names_by_line: dict[int, list[tuple[cst.Name, CodeRange]]] = {}  # a rename asks only its own line
    for node, where in positions.items():
        if isinstance(node, cst.Name):
            names_by_line.setdefault(where.start.line, []).append((node, where))
    for edit in renames:
        finding = edit.finding
        for node, where in names_by_line.get(finding.line, []):
            first = where.start.column + 1
            if not first <= finding.column <= first + len(node.value):
                continue
            offset = finding.column - first
            new_name = node.value[:offset] + edit.replacement + node.value[offset + len(finding.matched) :]
            scope = scopes.get(node)
            if scope is not None and new_name != node.value and new_name in scope:
                return (
                    f"renaming '{node.value}' to '{new_name}' would collide with an existing "
                    f"'{new_name}'; nothing was changed"
                )
    return None


def _merged_attribute(module: object, edits: Sequence[Edit]) -> str | None:
    """A renamed attribute that would take the name of an attribute the file already uses.

    Attributes have no scope LibCST can resolve (`self.a` and `self.b` of one object), so
    any existing attribute of the new name counts as a collision.
    """
    import libcst as cst

    assert isinstance(module, cst.Module)
    renamed = [e for e in edits if e.finding.context is Context.ATTRIBUTE]
    if not renamed:
        return None
    existing: set[str] = set()

    class _Attributes(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            existing.add(node.attr.value)

    module.visit(_Attributes())
    for edit in renamed:
        if edit.replacement != edit.finding.matched and edit.replacement in existing:
            return (
                f"renaming the attribute '{edit.finding.matched}' to '{edit.replacement}' would merge it with "
                f"an existing attribute '{edit.replacement}'; nothing was changed"
            )
    return None
