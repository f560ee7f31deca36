"""A read-only walk of a LibCST tree, calling a visitor's hooks in LibCST's own order.

`CSTNode.visit` rebuilds every node it passes: children are visited inside a call to the
node's constructor, which validates them again. For a scanner that only reads, that
rebuilding was two thirds of the time spent on a file whose every line holds a candidate.
This walk reads children straight from the node's fields instead. Their order is learned
from LibCST itself, once for each node class and set of present fields (the order a
node's `_visit_and_replace_children` takes them) by matching what it visits to the fields
by identity. A node whose children cannot be matched to its fields is read through
LibCST's `children`; an order made ambiguous by one object in two fields serves only the
node it was learned from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any

import libcst as cst

# For each node class and tuple of present fields: the fields in visiting order.
_ORDERS: dict[tuple[type[cst.CSTNode], tuple[str, ...]], tuple[str, ...]] = {}
_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}
_Hooks = tuple[Callable[[Any, Any], Any] | None, Callable[[Any, Any], Any] | None]
_HOOKS: dict[tuple[type[cst.CSTVisitor], type[cst.CSTNode]], _Hooks] = {}


class _Recorder(cst.CSTVisitor):
    """Notes the children a node visits, without descending into them."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.seen.append(node)
        return False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        return None


_IS_NODE: dict[type, bool] = {}


def _is_node(kind: type) -> bool:
    """Whether values of `kind` are LibCST nodes (asked once per type: `CSTNode` is an ABC,
    whose `isinstance` is slow)."""
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode)
    return known


def _children_of(value: object) -> Sequence[cst.CSTNode]:
    """The nodes a field holds: one node, a sequence of nodes, or none."""
    if isinstance(value, (tuple, list)):
        return value if value and _is_node(type(value[0])) else ()
    return (value,) if _is_node(type(value)) else ()  # type: ignore[return-value]


def _learn(node: cst.CSTNode, present: dict[str, Sequence[cst.CSTNode]]) -> tuple[tuple[str, ...] | None, bool]:
    """The order in which LibCST visits the present fields of `node` (None if they cannot
    be matched to what it visits), and whether that order holds for every node of its kind
    (not when two fields start with the same object: which comes first is then unknown)."""
    recorder = _Recorder()
    node._visit_and_replace_children(recorder)
    seen = recorder.seen
    order: list[str] = []
    certain = True
    position = 0
    remaining = dict(present)
    while remaining:
        fitting = [
            name
            for name, children in remaining.items()
            if all(a is b for a, b in zip(seen[position : position + len(children)], children, strict=False))
            and position + len(children) <= len(seen)
        ]
        if not fitting:
            return None, False
        certain = certain and len(fitting) == 1
        order.append(fitting[0])
        position += len(remaining.pop(fitting[0]))
    return (tuple(order), certain) if position == len(seen) else (None, False)


def _ordered_children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The children of `node` in the order LibCST's visit takes them."""
    kind = type(node)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(field.name for field in fields(kind))
    present: dict[str, Sequence[cst.CSTNode]] = {}
    for name in names:
        children = _children_of(getattr(node, name))
        if children:
            present[name] = children
    key = (kind, tuple(present))
    order = _ORDERS.get(key)
    if order is None:
        order, certain = _learn(node, present)
        if order is None:
            return list(node.children)
        if certain:
            _ORDERS[key] = order
    ordered: list[cst.CSTNode] = []
    for name in order:
        ordered.extend(present[name])
    return ordered


def _hooks(visitor: cst.CSTVisitor, kind: type[cst.CSTNode]) -> _Hooks:
    key = (type(visitor), kind)
    hooks = _HOOKS.get(key)
    if hooks is None:
        name = kind.__name__
        visit = getattr(type(visitor), f"visit_{name}", None)
        leave = getattr(type(visitor), f"leave_{name}", None)
        hooks = _HOOKS[key] = (visit, leave)
    return hooks


def walk(root: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """Call `visitor`'s `visit_<Node>` and `leave_<Node>` methods over `root`'s tree, in
    the order `root.visit(visitor)` would, without rebuilding any node.

    A `visit_` method returning False skips the node's children, as in LibCST. Only the
    per-class hooks are called (not `on_visit`/`on_leave` overrides, nor metadata).
    """
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode], int]] = []
    node: cst.CSTNode | None = root
    while True:
        if node is not None:
            visit, _ = _hooks(visitor, type(node))
            skip = visit is not None and visit(visitor, node) is False
            stack.append((node, [] if skip else _ordered_children(node), 0))
        parent, children, index = stack[-1]
        if index < len(children):
            stack[-1] = (parent, children, index + 1)
            node = children[index]
            continue
        stack.pop()
        node = None
        _, leave = _hooks(visitor, type(parent))
        if leave is not None:
            leave(visitor, parent)
        if not stack:
            return
