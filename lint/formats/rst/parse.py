"""Parse a reStructuredText page with docutils, Sphinx's directives and roles read generically.

docutils knows its own directives and roles; a Sphinx page also uses Sphinx's
(`autoclass`, `versionchanged`, `code-block`, `:class:`, `:ref:`) and its extensions'
(`tab-set`, `ipython`, `:issue:`). Each name docutils does not know is registered for the
page as a generic one: a directive keeps its name, arguments and options and parses its
content as reST (or keeps it as a literal block, for the directives whose content is code
or paths); a role keeps its name and raw text. So no page breaks on a name the tool has
never heard of, and the scanner decides what each part is.

docutils keeps directives and roles in module globals, which a page's own `.. role::` and
`.. default-role::` change too. Each page is parsed in a namespace of its own, as Sphinx
does (`sphinx.util.docutils.docutils_namespace`), under a lock: no page sees another's
names, and the process's docutils is as it was after each parse. No transform runs and no
file is read (`include` is generic, file insertion and raw output are off).
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, ClassVar

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, Parser, directives, languages, roles
from docutils.parsers.rst.states import Inliner
from docutils.utils import new_document

# Directives whose content is Python code.
PYTHON_CODE_DIRECTIVES = frozenset(
    {"ipython", "plot", "jupyter-execute", "testcode", "testsetup", "testcleanup", "doctest"}
)
# Directives whose content is code, paths or names, never reST: kept as literal blocks. They
# are generic even where docutils knows them (`code`, `raw`, `include`): their content is
# kept as written and no file is read.
CODE_DIRECTIVES = frozenset(
    {"code-block", "sourcecode", "code", "raw", "testoutput", "graphviz", "digraph", "graph", "mermaid"}
    | {"productionlist", "autosummary", "toctree", "highlight", "literalinclude", "include"}
    | PYTHON_CODE_DIRECTIVES
)
_DIRECTIVE_NAME = re.compile(r"\.\.[ ]+(" + Inliner.simplename + r")[ ]?::")
_ROLE_NAME = re.compile(r":(" + Inliner.simplename + r"):`|`:(" + Inliner.simplename + r"):")
_LOCK = threading.Lock()
# docutils' registries of directives and roles: module globals, as Sphinx finds them too.
_DIRECTIVES: dict[str, Any] = directives.__dict__["_directives"]
_ROLES: dict[str, Any] = roles.__dict__["_roles"]


class directive_block(nodes.Element):
    """A directive docutils does not know, parsed generically: `name`, `arguments` (the
    argument text, one string), `line` (of the `..` line), content as children."""


class role_text(nodes.Inline, nodes.TextElement):
    """Interpreted text of a role docutils does not know: `role`, and the raw text."""


class _AnyOption(dict[str, Callable[[str], Any]]):
    """An option spec that takes every option (its value kept as written)."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return _as_written


def _as_written(value: str) -> str:
    return value or ""


class _GenericDirective(Directive):
    """Any directive: one optional argument (with spaces), any options, any content."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _AnyOption(name=_as_written)
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = directive_block(self.block_text, name=self.name, arguments=" ".join(self.arguments))
        node.line = self.lineno
        if self.name in CODE_DIRECTIVES:
            if self.content:
                content = "\n".join(self.content)
                block = nodes.literal_block(content, content, language=_language(self.name, self.arguments))
                block.line = self.content_offset + 1
                node += block
        elif self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _language(name: str, arguments: Sequence[str]) -> str:
    """The language of a code directive's content ("" when not a programming language)."""
    if name in PYTHON_CODE_DIRECTIVES:
        return "pycon" if name == "doctest" else "python"
    if name in ("code-block", "sourcecode", "code") and arguments:
        return arguments[0].split()[0].lower()
    return "" if name in ("autosummary", "toctree", "include", "literalinclude") else name


def _generic_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Inliner, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    return [role_text(rawtext, text, role=name.lower())], []


def _settings() -> Any:
    """A copy of the parse settings (made once: docutils builds them with optparse, slowly)."""
    return copy.copy(_base_settings())


@lru_cache(maxsize=1)
def _base_settings() -> Any:
    settings = get_default_settings(Parser)
    settings.report_level = 5  # nothing is printed; system messages stay in the tree
    settings.halt_level = 5
    settings.warning_stream = False
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    settings.syntax_highlight = "none"
    settings.line_length_limit = 1 << 30
    return settings


@contextmanager
def _namespace(text: str) -> Iterator[None]:
    """docutils' directives and roles as they are, with a generic one for each name the page
    uses that docutils does not know; restored on the way out."""
    with _LOCK:
        saved_directives = dict(_DIRECTIVES)
        saved_roles = dict(_ROLES)
        try:
            document = new_document("<names>", _settings())
            # types-docutils types the arguments below as docutils' general language module and
            # a role returning references; they take the reST one, and any nodes.
            english = languages.get_language("en", document.reporter)
            for name in {found.group(1).lower() for found in _DIRECTIVE_NAME.finditer(text)}:
                if name in CODE_DIRECTIVES or directives.directive(name, english, document)[0] is None:  # type: ignore[arg-type]
                    directives.register_directive(name, _GenericDirective)
            for found in _ROLE_NAME.finditer(text):
                name = (found.group(1) or found.group(2)).lower()
                if roles.role(name, english, 0, document.reporter)[0] is None:  # type: ignore[arg-type]
                    roles.register_local_role(name, _generic_role)  # type: ignore[arg-type]
            yield
        finally:
            _DIRECTIVES.clear()
            _DIRECTIVES.update(saved_directives)
            _ROLES.clear()
            _ROLES.update(saved_roles)


def parse_rst(text: str, path: str = "<page>") -> nodes.document:
    """The page's doctree: no transform applied, every system message kept in the tree."""
    document = new_document(path, _settings())
    with _namespace(text):
        Parser().parse(text, document)
    return document
