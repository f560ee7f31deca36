"""Read and write source files without losing anything: encoding, BOM, line endings, mode.

Writes go to a temporary file in the same folder and are renamed over the original, so a
crash leaves the file either as it was or fully written, never truncated.
"""

from __future__ import annotations

import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextFile:
    """A decoded file and how to encode it back exactly."""

    text: str
    encoding: str = "utf-8"
    bom: bool = False
    lossy: bool = False

    def encode(self, text: str) -> bytes:
        """`text` in this file's encoding, with its BOM if it had one."""
        return (_BOM if self.bom else b"") + text.encode(self.encoding)


def decode(raw: bytes, *, python: bool) -> TextFile:
    """Decode UTF-8 (with or without BOM), a PEP 263 coding cookie, or UTF-8 with replacements."""
    bom = raw.startswith(_BOM)
    body = raw[len(_BOM) :] if bom else raw
    try:
        return TextFile(body.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError:
        pass
    if python:
        try:
            encoding, _ = tokenize.detect_encoding(BytesIO(raw).readline)
            return TextFile(body.decode(encoding), encoding, bom)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    return TextFile(body.decode("utf-8", errors="replace"), "utf-8", bom, lossy=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` through a temporary file and a rename, keeping its mode."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".vocab-lint", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
