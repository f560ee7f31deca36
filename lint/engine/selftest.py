"""`vocab-lint vocab test`: run every entry's examples through the rule engine.

A `flag` example must produce a finding for its entry; a `pass` example must not. Each
example is read in the context its entry speaks to: prose for docs rules and conflations,
code for code-only names, an import for moved modules, a user guide for internal names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context
from lint.vocabulary.model import Audience, Conflation, MovedModule, Origin, RetiredName, Scope, Term

_PUBLIC_DOC = FileScope("docs/user-guide/example.md", audience=Audience.PUBLIC)


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example."""

    entry: str
    origin: Origin
    text: str
    expected_finding: bool
    found: bool

    @property
    def ok(self) -> bool:
        """Whether the example behaved as declared."""
        return self.expected_finding == self.found

    def describe(self) -> str:
        """One line for a failing example."""
        wanted = "a finding" if self.expected_finding else "no finding"
        return f"{self.origin}: [{self.entry}] expected {wanted} for: {self.text}"


def _context_for(item: object) -> Context:
    if isinstance(item, RetiredName) and item.scope is Scope.CODE:
        return Context.IDENTIFIER
    if isinstance(item, MovedModule):
        return Context.IMPORT
    return Context.PROSE


def _found(engine: Engine, item: object, entry_id: str, text: str) -> bool:
    if isinstance(item, Conflation):
        return any(hit.term == entry_id for hit in engine.conflation_hits(text))
    scope = _PUBLIC_DOC if isinstance(item, Term) else FileScope("example")
    return any(hit.term == entry_id for hit in engine.hits(text, _context_for(item), scope))


def run_examples(engine: Engine) -> Iterator[ExampleResult]:
    """Every example of every entry, checked."""
    for item in engine.vocabulary.entries():
        for text in item.examples.flag:
            yield ExampleResult(item.id, item.origin, text, True, _found(engine, item, item.id, text))
        for text in item.examples.pass_:
            yield ExampleResult(item.id, item.origin, text, False, _found(engine, item, item.id, text))
