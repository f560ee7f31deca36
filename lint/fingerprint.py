"""The build of the tool that computes a result: part of every cache key.

The version alone does not name a build: every commit a pre-commit `rev` can name, and
every edit of an editable install, says `0.1.0`, yet each may read files differently; and
a parser upgraded under the tool (markdown-it-py, LibCST) changes what it reads. A result
cached by one build must be a miss for any other, so the key holds the version, the
Python that runs the tool, and the path, size and modification time of each file of the
tool's own code and of the parsers it reads with (a reinstall or an edit changes them).
Stats, not contents: half a millisecond a run, where reading the files would take several.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from functools import lru_cache

from lint import __version__

# The libraries whose reading decides what a scan finds.
_READERS = ("markdown_it", "mdit_py_plugins", "libcst", "re2", "ahocorasick_rs")


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """The digest of this build of the tool (see the module's docstring)."""
    return files_digest([__version__, sys.version], code_files())


def files_digest(names: list[str], paths: list[str]) -> str:
    """A digest of `names` and of each path with its size and modification time (a path
    that cannot be read counts as missing)."""
    digest = hashlib.sha256("\0".join(names).encode())
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            digest.update(f"\0{path}\0missing".encode("utf-8", "surrogateescape"))
            continue
        digest.update(f"\0{path}\0{status.st_size}\0{status.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def code_files() -> list[str]:
    """The files of the tool's own code, and the module file of each reader library."""
    package = os.path.dirname(os.path.abspath(__file__))
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        found += [os.path.join(folder, name) for name in sorted(files) if name.endswith((".py", ".yaml", ".json"))]
    for name in _READERS:
        spec = importlib.util.find_spec(name)
        found.append(spec.origin if spec is not None and spec.origin else f"<{name} not installed>")
    return found
