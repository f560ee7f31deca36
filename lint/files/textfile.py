"""Read and write source files without losing anything: encoding, BOM, line endings, mode.

Writes go to a temporary file in the same folder and are renamed over the original, so a
crash leaves the file either as it was or fully written, never truncated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO, TextIOWrapper
from pathlib import Path
from typing import BinaryIO, TextIO

from lint.errors import LintError

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
    return _bom(raw)[1] in (None, "utf-8") and raw.find(b"\0", 0, BINARY_SNIFF_BYTES) != -1


def decode(raw: bytes, *, coding_cookie: bool = False) -> TextFile:
    """Decode by BOM (UTF-8, UTF-16), as UTF-8, by a PEP 263 coding cookie (a format that
    has them), or lossily.

    A lossy decode (replacement characters) is flagged so that the run reports it and
    fixes never write such a file back.
    """
    bom, encoding = _bom(raw)
    body = raw[len(bom) :]
    try:
        return TextFile(body.decode(encoding or "utf-8"), encoding or "utf-8", bom)
    except UnicodeDecodeError:
        pass
    if coding_cookie:
        try:
            cookie, _ = tokenize.detect_encoding(BytesIO(raw).readline)
            return TextFile(body.decode(cookie), cookie, bom)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    return TextFile(body.decode(encoding or "utf-8", errors="replace"), encoding or "utf-8", bom, lossy=True)


class NotRegularFile(OSError):
    """A FIFO, device or socket where a source file was expected: reading it could block forever."""


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file; anything else raises `NotRegularFile` without blocking.

    The file is opened non-blocking (a FIFO opens at once) and checked on the open
    descriptor, so a file swapped for a FIFO between a check and the read is caught too.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(f"{os.fspath(path)} is not a regular file")
        # Read to the end, however the file grew since its size was taken; no buffered
        # file object is made for a read of the whole file.
        parts = [os.read(descriptor, status.st_size + 1)]
        while parts[-1]:
            parts.append(os.read(descriptor, 1 << 20))
        return parts[0] if len(parts) == 2 else b"".join(parts)
    finally:
        os.close(descriptor)


class FileChanged(OSError):
    """The file's bytes changed after they were read: writing now would lose that edit."""


def write_atomically(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace `path` with `data` through a temporary file and a rename.

    With `expected`, the file must still hold those bytes just before the rename, or
    `FileChanged` is raised and nothing is written.
    """
    with _replacement(path, expected=expected) as stream:
        stream.write(data)


@contextlib.contextmanager
def _replacement(path: Path, *, expected: bytes | None = None) -> Iterator[BinaryIO]:
    """A temporary file beside `path` that replaces it once the block ends without error.

    An existing file keeps its mode, owner and group; a new file gets the mode the umask
    allows, as any other program's would. On an error the temporary file is removed.
    """
    existing = path.stat() if path.exists() else None
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".vocab-lint", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if existing is not None and hasattr(os, "chown"):
            _keep_owner(temporary, existing)
        if expected is not None and read_regular(path) != expected:
            raise FileChanged(f"{path} changed while it was being fixed")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(path: Path, text: str) -> None:
    """Write a report, glossary or baseline the user asked for; a failure is a user error."""
    with output_stream(path) as stream:
        stream.write(text)


@contextlib.contextmanager
def output_stream(path: Path) -> Iterator[TextIO]:
    """A UTF-8 stream to an output the user asked for, put in place whole when the block
    ends (a report is written as it is made: a large one is never held in memory); a
    failure to write is a user error."""
    try:
        with _replacement(path) as binary:
            text = TextIOWrapper(binary, encoding="utf-8", newline="")
            try:
                yield text
            except BaseException:
                with contextlib.suppress(Exception):
                    text.detach()  # the temporary file is removed; only the wrapper must let go
                raise
            text.detach()  # flushed into the temporary file, which is synced and renamed
    except OSError as exc:
        raise LintError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _keep_owner(temporary: str, existing: os.stat_result) -> None:
    """Give the new file the old one's owner and group (root writing a user's file)."""
    try:
        os.chown(temporary, existing.st_uid, existing.st_gid)
    except PermissionError:
        # Not root: the file is ours already; keep the group when we may.
        with contextlib.suppress(PermissionError):
            os.chown(temporary, -1, existing.st_gid)
