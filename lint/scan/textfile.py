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

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class TextFile:
    """A decoded file and how to encode it back exactly."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    lossy: bool = False

    def encode(self, text: str) -> bytes:
        """`text` in this file's encoding, with its BOM if it had one."""
        return self.bom + text.encode(self.encoding)


def _bom(raw: bytes) -> tuple[bytes, str | None]:
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return mark, encoding
    return b"", None


def is_binary(raw: bytes) -> bool:
    """NUL bytes near the start mean binary, unless a UTF-16 byte order mark explains them."""
    return _bom(raw)[1] in (None, "utf-8") and b"\0" in raw[:BINARY_SNIFF_BYTES]


def decode(raw: bytes, *, python: bool) -> TextFile:
    """Decode by BOM (UTF-8, UTF-16), as UTF-8, by a PEP 263 coding cookie, or lossily.

    A lossy decode (replacement characters) is flagged so that the run reports it and
    fixes never write such a file back.
    """
    bom, encoding = _bom(raw)
    body = raw[len(bom) :]
    try:
        return TextFile(body.decode(encoding or "utf-8"), encoding or "utf-8", bom)
    except UnicodeDecodeError:
        pass
    if python:
        try:
            cookie, _ = tokenize.detect_encoding(BytesIO(raw).readline)
            return TextFile(body.decode(cookie), cookie, bom)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    return TextFile(body.decode(encoding or "utf-8", errors="replace"), encoding or "utf-8", bom, lossy=True)


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
