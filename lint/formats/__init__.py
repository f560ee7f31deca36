"""File formats: one `Format` per kind of file the tool reads, and the registry that picks one.

Everything that differs between kinds of file lives on its format: the suffixes that name
it, how its bytes are decoded, which prefilter and second filter it passes, its scanner, the
check a fixed text must pass, and the comment syntax of its directives. The runner, the
fixer, the language server and the self-test ask the registry (`format_for`) and never
branch on a kind of file themselves. A new format is a folder here, a `Format` subclass in
its `__init__`, and one line in `FORMATS`.

Format modules import nothing heavy at import time: a scanner's parser is imported when a
file of that format may match.
"""

from __future__ import annotations

import os

from lint.formats.format import Format
from lint.formats.markdown import MARKDOWN, MDX
from lint.formats.notebook import NOTEBOOK
from lint.formats.python import PYTHON
from lint.formats.rst import RST

__all__ = ["FORMATS", "MARKDOWN", "MDX", "NOTEBOOK", "PYTHON", "RST", "SUFFIXES", "Format", "format_for"]

FORMATS: tuple[Format, ...] = (PYTHON, MARKDOWN, MDX, NOTEBOOK, RST)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
SUFFIXES = frozenset(_BY_SUFFIX)


def format_for(name: str) -> Format | None:
    """The format of a file name (suffixes compare case-insensitively: `NOTES.MD` is Markdown)."""
    return _BY_SUFFIX.get(os.path.splitext(name)[1].lower())
