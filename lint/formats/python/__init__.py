"""Python (`.py`, `.pyi`): CPython's tree for plain statements, LibCST for the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lint.files.textfile import TextFile, decode
from lint.formats.format import Format, TextFilter

if TYPE_CHECKING:
    from lint.engine.engine import Engine
    from lint.engine.scope import FileScope
    from lint.findings import Edit, Finding


class PythonFormat(Format):
    """A Python module: every context of code, its path a module name, `#` directives."""

    name = "python"
    suffixes = frozenset({".py", ".pyi"})
    directive_comment = "# {}"
    names_itself = True

    def decode(self, raw: bytes) -> TextFile:
        return decode(raw, coding_cookie=True)

    def prefilter(self, engine: Engine) -> TextFilter:
        return engine.code_prefilter

    def scan(self, text: str, path: str, engine: Engine, scope: FileScope) -> list[Finding]:
        candidates = engine.code_candidates(text)
        offsets = engine.qualified.candidate_offsets(text) if engine.qualified else []
        if not engine.code_may_have_findings(text, candidates, offsets):
            return []
        from lint.formats.python.scanner import scan_python

        return scan_python(text, path, engine, scope, candidates, offsets)

    def fix_refusal(self, original: str, fixed: str, edits: Sequence[Edit], members: frozenset[str]) -> str | None:
        from lint.formats.python.fixes import python_refusal

        return python_refusal(original, fixed, edits, members)


PYTHON = PythonFormat()
