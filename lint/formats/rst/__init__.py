"""reStructuredText (`.rst`, `.rest`): docutils' doctree placed on the page, Sphinx read generically."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lint.formats.format import PageFormat

if TYPE_CHECKING:
    from lint.engine.engine import Engine
    from lint.engine.scope import FileScope
    from lint.findings import Edit, Finding


class RstFormat(PageFormat):
    """A reST page (a Sphinx project's docs): prose contexts, roles as Python names, code
    blocks and doctests read as Python, comment directives."""

    name = "rst"
    suffixes = frozenset({".rst", ".rest"})
    directive_comment = ".. {}"

    def scan_page(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        from lint.formats.rst.scanner import scan_rst

        return scan_rst(text, path, engine, scope)

    def companion_edits(self, text: str, edits: Sequence[Edit]) -> list[Edit]:
        """A renamed title's underline and overline, lengthened to its new width."""
        from lint.formats.rst.fixes import adornment_edits

        return adornment_edits(text, edits)

    def fix_refusal(self, original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
        """The fixed page must parse to the same structure, with no new docutils problem."""
        from lint.formats.rst.fixes import structure_change

        return structure_change(original, fixed, edits)

    def directive(self, body: str) -> str | None:
        """A comment line and the blank line reST wants after explicit markup."""
        return f".. {body}\n"


RST = RstFormat()
