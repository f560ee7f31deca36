"""Scan files: read, prefilter, scan each with its format, and run many in parallel.

A failure inside one file becomes a value in its `FileResult`; the run goes on.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from lint.cache import ResultCache, cache_key, content_digest, path_key, stat_key
from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.files.discovery import printable_path
from lint.files.textfile import NotRegularFile, is_binary, read_regular
from lint.findings import Context, FileResult, Finding
from lint.formats import Format, format_for
from lint.rules import Rule
from lint.text.lines import newlines_only
from lint.vocabulary.model import Vocabulary

AUTO_PARALLEL_THRESHOLD = 64


class Job(NamedTuple):
    """One file to scan: where it is, how output names it, how path settings name it.

    A named tuple: a tree's jobs are made by the thousand, and a frozen dataclass costs
    several times more to build.
    """

    path: str
    display: str
    scope_path: str

    @property
    def format(self) -> Format | None:
        """The file's format, by its name (None: not a kind of file the tool reads)."""
        return format_for(self.path)


def scan_file(job: Job, engine: Engine, *, hashed: bool = True, named: Container[str] | None = None) -> FileResult:
    """Scan one file; unreadable and binary files become results, not exceptions.

    `hashed`: the result carries the hash of the bytes scanned, for the cache to store it.
    `named`: the scope paths of the run that may name a phrase (`named_paths`), when known.
    """
    file_format = job.format
    if file_format is None:
        return FileResult(job.display, skipped=True, notes=("not a kind of file vocab-lint reads",))
    try:
        raw = read_regular(job.path)
    except NotRegularFile:
        return FileResult(job.display, skipped=True, notes=("not a regular file (a FIFO, device or socket)",))
    except OSError as exc:
        return unreadable(job.display, f"cannot read: {exc.strerror or exc}", engine)
    digest = content_digest(raw) if hashed else None
    if is_binary(raw):
        return FileResult(job.display, skipped=True, notes=("binary file",), digest=digest)
    if raw.isascii() and not file_format.prefilter(engine).may_match_ascii(raw):
        # Most files: no phrase can match, and an ASCII file's bytes are its text: no decode.
        named_here = named is None or job.scope_path in named
        return FileResult(job.display, _filename_findings_only(job, engine) if named_here else (), digest=digest)
    decoded = file_format.decode(raw)
    notes = ("not valid UTF-8: scanned with replacement characters",) if decoded.lossy else ()
    # The bytes of an ASCII file have passed the prefilter already; its text need not again.
    findings = scan_text(job, decoded.text, engine, prefiltered=raw.isascii())
    return FileResult(job.display, findings, notes=notes, text=decoded.text if findings else None, digest=digest)


def unreadable(path: str, reason: str, engine: Engine) -> FileResult:
    """The result of a file or folder that could not be read: an `io-error` finding, which
    fails the gate unless the vocabulary lowers it."""
    finding = Finding.of_file(path, Rule.IO_ERROR, "io", Context.FILENAME, reason)
    return FileResult(path, engine.with_severities([finding]), error=reason)


def scan_text(
    job: Job, text: str, engine: Engine, scope: FileScope | None = None, *, prefiltered: bool = False
) -> tuple[Finding, ...]:
    """Findings of `text` as the content of the job's file, sorted.

    The prefilter runs first (unless `prefiltered`: the caller's already passed it): a file
    that cannot match is never parsed, and a scanner's heavy imports (LibCST, markdown-it)
    happen only for files that may match. `scope` replaces what the vocabulary's path
    settings say of the file (for `vocab test`).
    """
    text = newlines_only(text)
    file_format = job.format
    assert file_format is not None
    scope = scope or engine.scope_for(job.scope_path)
    findings = list(_filename_findings(job, engine, scope))
    if prefiltered or file_format.prefilter(engine).may_match(text):
        findings.extend(file_format.scan(text, job.display, engine, scope))
    if findings and scope.historical:  # history keeps its words: only the tool's own findings stand
        findings = [finding for finding in findings if not finding.rule.of_the_vocabulary]
    return tuple(sorted(engine.with_severities(findings), key=lambda f: f.sort_key))


def named_paths(jobs: list[Job], engine: Engine) -> set[str]:
    """The scope paths of files whose path is a name (Python modules) that may hold a removed
    name (one search for most trees): only those need `_filename_findings`."""
    return set(engine.code_prefilter.matching([job.scope_path for job in jobs if _names_itself(job)]))


def _names_itself(job: Job) -> bool:
    file_format = job.format
    return file_format is not None and file_format.names_itself


def _filename_findings_only(job: Job, engine: Engine) -> tuple[Finding, ...]:
    """The findings of a file whose text cannot match: those of its path, if any."""
    findings = list(_filename_findings(job, engine, None))
    return tuple(sorted(engine.with_severities(findings), key=lambda f: f.sort_key)) if findings else ()


def _filename_findings(job: Job, engine: Engine, scope: FileScope | None) -> Iterator[Finding]:
    """A file whose own path holds a removed name (a removed module's file) is stale.

    `scope` None: worked out here, and only for a path that may match (most do not).
    """
    if not _names_itself(job) or not engine.code_prefilter.may_match(job.scope_path):
        return
    for hit in engine.hits(job.scope_path, Context.FILENAME, scope or engine.scope_for(job.scope_path)):
        yield Finding(
            job.display,
            1,
            1,
            1,
            1,
            hit.rule,
            hit.rule.default_severity,
            hit.term,
            hit.matched,
            Context.FILENAME,
            hit.message,
            hit.replacement,
            False,
        )


# What a worker process scans with: set once per process by `_init_worker`.
_WORKER_ENGINE: Engine | None = None
_WORKER_JOBS: list[Job] = []
_WORKER_HASHES = True
_WORKER_NAMED: set[str] = set()

# A clean file's result comes back from a worker as its digest alone (None without a
# cache): pickling a result per file would cost more than scanning most files.
Compact = FileResult | str | None


def _init_worker(source: Engine | Vocabulary, jobs: list[Job], hashed: bool, named: set[str]) -> None:
    """Forked workers inherit the engine and the jobs as they are; spawned ones are sent
    the vocabulary and build their own engine. Ctrl-C is the parent's to handle: a worker
    ignores it (else each would print its own traceback) and ends with the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _WORKER_ENGINE, _WORKER_JOBS, _WORKER_HASHES, _WORKER_NAMED
    _WORKER_ENGINE = source if isinstance(source, Engine) else Engine(source)
    _WORKER_JOBS = jobs
    _WORKER_HASHES = hashed
    _WORKER_NAMED = named


def _scan_range(bounds: tuple[int, int]) -> list[Compact]:
    """Scan `jobs[start:stop]` in a worker: tasks name jobs by index, not by value."""
    assert _WORKER_ENGINE is not None
    results: list[Compact] = []
    for job in _WORKER_JOBS[bounds[0] : bounds[1]]:
        result = scan_file(job, _WORKER_ENGINE, hashed=_WORKER_HASHES, named=_WORKER_NAMED)
        clean = not (result.findings or result.error or result.skipped or result.notes or result.text)
        results.append(result.digest if clean else result)
    return results


def start_method() -> str:
    """`fork` on Linux, where it is safe and starts workers fastest; `spawn` elsewhere.

    macOS system libraries are not fork-safe (Python defaults to spawn there since 3.8),
    and Windows has no fork.
    """
    return "fork" if sys.platform.startswith("linux") else "spawn"


# The smallest range of files sent to a worker: sending one costs about as much as
# scanning a few small files.
SMALLEST_RANGE = 8


def job_ranges(count: int, workers: int) -> list[tuple[int, int]]:
    """`[start, stop)` ranges of `count` jobs, each a share of what is left (guided
    scheduling): large ones first, which cost little to send, then ever smaller ones, so
    that when a worker runs out, what any other has left to scan is short."""
    ranges = []
    start = 0
    while start < count:
        size = max(SMALLEST_RANGE, -(-(count - start) // (2 * workers)))
        ranges.append((start, min(count, start + size)))
        start += size
    return ranges


def scan_jobs(jobs: list[Job], engine: Engine, workers: int, *, hashed: bool) -> Iterator[FileResult]:
    if workers == 0:
        workers = min(os.cpu_count() or 1, 8) if len(jobs) >= AUTO_PARALLEL_THRESHOLD else 1
    named = named_paths(jobs, engine)
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield scan_file(job, engine, hashed=hashed, named=named)
        return
    import multiprocessing

    method = start_method()
    context = multiprocessing.get_context(method)
    source = engine if method == "fork" else engine.vocabulary
    ranges = job_ranges(len(jobs), workers)
    with context.Pool(workers, initializer=_init_worker, initargs=(source, jobs, hashed, named)) as pool:
        for (start, stop), results in zip(ranges, pool.imap(_scan_range, ranges), strict=True):
            for job, result in zip(jobs[start:stop], results, strict=True):
                yield result if isinstance(result, FileResult) else FileResult(job.display, digest=result)


def scan_all(
    jobs: list[Job], engine: Engine, workers: int = 0, cache: ResultCache | None = None
) -> Iterator[FileResult]:
    """Results in the order of `jobs`; `workers` 0 picks by the number of files.

    With a cache, each file is read and hashed here; a cached result is used only when its
    findings still stand at their spans in these bytes. The other files are scanned, and
    each result is stored under the hash of the bytes that were scanned (a file edited
    meanwhile is stored under its new content, never its old).
    """
    if cache is None:
        yield from scan_jobs(jobs, engine, workers, hashed=False)
        return
    vocabulary = engine.vocabulary.digest
    keys: dict[Job, str] = {}
    path_keys = {job: path_key(job.path) for job in jobs}
    known = cache.digests(path_keys.values())
    stats: list[tuple[str, str, str]] = []
    for job in jobs:
        try:
            digest = _digest(job, path_keys[job], known, stats)
        except OSError:
            continue
        keys[job] = cache_key(digest, job.display, job.scope_path, vocabulary)
    cached = cache.results({key: job.display for job, key in keys.items()})
    job_of = {key: job for job, key in keys.items()}
    cached = {key: result for key, result in cached.items() if _still_stands(result, job_of[key], key, vocabulary)}
    fresh = scan_jobs([job for job in jobs if keys.get(job) not in cached], engine, workers, hashed=True)
    new: list[tuple[str, FileResult]] = []
    for job in jobs:
        key = keys.get(job)
        if key is not None and key in cached:
            yield cached[key]
            continue
        result = next(fresh)
        if result.digest is not None:
            new.append((cache_key(result.digest, job.display, job.scope_path, vocabulary), result))
        yield result
    cache.store(new, stats)


RACY_SECONDS = 2.0


def _digest(job: Job, key: str, known: dict[str, tuple[str, str]], stats: list[tuple[str, str, str]]) -> str:
    """The hash of a file's bytes: from the stats table when its stat is as recorded, else read.

    A newly read file is recorded only when its stat did not change during the read and
    its change time is `RACY_SECONDS` old: a file written within the timestamps' resolution
    of the read could change again without its stat showing it.
    """
    before = os.stat(job.path)
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFile(job.path)
    recorded = known.get(key)
    if recorded is not None and recorded[0] == stat_key(before):
        return recorded[1]
    digest = content_digest(read_regular(job.path))
    after = os.stat(job.path)
    settled = after.st_ctime_ns <= time.time_ns() - int(RACY_SECONDS * 1e9)
    if stat_key(after) == stat_key(before) and settled:
        stats.append((key, stat_key(after), digest))
    return digest


def _still_stands(result: FileResult, job: Job, key: str, vocabulary: str) -> bool:
    """Whether every cached finding's `matched` text is at its span in the file as read now.

    Only files with cached findings are read again (the bytes of every file are not kept):
    if the file changed since its key was computed, it is a miss.
    """
    if not result.findings:
        return True
    try:
        raw = read_regular(job.path)
    except OSError:
        return False
    if cache_key(content_digest(raw), job.display, job.scope_path, vocabulary) != key:
        return False
    file_format = job.format
    if file_format is None:
        return False
    text = file_format.decode(raw).text
    for finding in result.findings:
        if finding.context is Context.FILENAME:
            if finding.matched not in job.scope_path:
                return False
        elif file_format.locate(text, finding) is None:
            return False
    return True


def make_jobs(files: Iterable[str | Path], cwd: Path, root: Path) -> list[Job]:
    """Jobs (at their absolute, normalised paths) whose display path is relative to `cwd` and
    scope path relative to `root`."""
    bases = (os.path.abspath(cwd), os.path.abspath(root))
    here = os.getcwd()  # once: `os.path.abspath` asks the system for it on every call
    jobs = []
    for path in files:
        absolute = os.path.normpath(os.path.join(here, path))
        display, scope = (_relative(absolute, base) for base in bases)
        jobs.append(Job(absolute, printable_path(display), printable_path(scope)))
    return jobs


def _relative(path: str, base: str) -> str:
    """`path` relative to `base` with `/` separators (a prefix cut when it lies inside)."""
    relative = path[len(base) + 1 :] if path.startswith(base + os.sep) else os.path.relpath(path, base)
    return relative.replace(os.sep, "/")
