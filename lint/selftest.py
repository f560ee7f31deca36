"""`vocab-lint vocab test`: run every entry's examples through the same pipeline as `check`.

A `flag` example must produce a finding for its entry; a `pass` example must not. Each
example is scanned as a file: a Python file when its entry can stand in code and the
example is Python, else a page of the public user guide (where internal names, prose
words and conflations are findings). Prefilters, parsers, contexts and suppressions are
those of `check`, so an example passes here exactly when it would pass there.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.runner import Job, scan_text
from lint.vocabulary.model import AnyEntry, Audience, MovedModule, Origin, RetiredName

_PAGE = "docs/user-guide/example.md"
_MODULE = "example.py"


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


def _parses_as_python(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _file_for(item: AnyEntry, text: str) -> str:
    """Where an example is read: code for names that stand in code, a user-guide page otherwise."""
    if isinstance(item, MovedModule):
        in_code = True
    elif isinstance(item, RetiredName):
        in_code = item.scope.covers(in_code=True) and (not item.contexts or any(c.is_code for c in item.contexts))
    else:
        in_code = False
    return _MODULE if in_code and _parses_as_python(text) else _PAGE


def _found(engine: Engine, item: AnyEntry, text: str) -> bool:
    name = _file_for(item, text)
    scope = FileScope(name, audience=Audience.PUBLIC)
    findings = scan_text(Job(name, name, name), text + "\n", engine, scope)
    return any(finding.term == item.id for finding in findings)


def run_examples(engine: Engine) -> Iterator[ExampleResult]:
    """Every example of every entry, checked."""
    for item in engine.vocabulary.entries():
        for text in item.examples.flag:
            yield ExampleResult(item.id, item.origin, text, True, _found(engine, item, text))
        for text in item.examples.pass_:
            yield ExampleResult(item.id, item.origin, text, False, _found(engine, item, text))
