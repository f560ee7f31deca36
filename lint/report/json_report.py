"""The JSON report (`--output-format json`), written a batch of findings at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TextIO

from lint.report.report import Report


def write_json(report: Report, stream: TextIO) -> None:
    """The JSON object `docs/install.md` documents."""
    outline = {
        "version": 1,
        "findings": [],
        "summary": {
            "files_scanned": report.files_scanned,
            "files_skipped": report.files_skipped,
            "findings": len(report.findings),
            "errors": report.errors,
            "warnings": report.warnings,
        },
    }
    write_indented_json(outline, (f.to_json() for f in report.findings), stream)


@lru_cache(maxsize=8)
def _flat_encoder(indent: int) -> json.JSONEncoder:
    """Writes a flat object's members as `indent=2` lays them out `indent` spaces in."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * indent, ": "))


BATCH = 2048


def write_indented_json(
    outline: dict[str, Any], items: Iterable[dict[str, Any]], stream: TextIO, *, key: str = "findings"
) -> None:
    """`json.dumps(outline, indent=2, ensure_ascii=False)` with `items` as the list at `key`
    (an empty list somewhere in `outline`).

    Python's encoder leaves C for any `indent`, and a report built whole holds every
    finding twice over (as objects, then as text). Here each flat item is written by the
    C encoder with separators that carry the indentation (the same text), a nested one by
    itself, a batch at a time: memory stays flat however many findings a run has.
    """
    placeholder = f'"{key}": []'
    head, _, tail = json.dumps(outline, indent=2, ensure_ascii=False).partition(placeholder)
    pad = " " * (len(head.rpartition("\n")[2]) + 2)  # the key's indentation, one level in
    flat = _flat_encoder(len(pad) + 2)
    opening = head + f'"{key}": [\n'
    batch: list[str] = []
    started = False
    for item in items:
        if any(isinstance(value, (dict, list)) for value in item.values()):
            nested = json.dumps(item, indent=2, ensure_ascii=False)
            batch.append("\n".join(pad + line for line in nested.split("\n")))
        else:
            batch.append(f"{pad}{{\n{pad}  {flat.encode(item)[1:-1]}\n{pad}}}")
        if len(batch) == BATCH:
            stream.write((",\n" if started else opening) + ",\n".join(batch))
            started, batch = True, []
    if batch:
        stream.write((",\n" if started else opening) + ",\n".join(batch))
        started = True
    stream.write((f"\n{pad[:-2]}]" if started else head + placeholder) + tail + "\n")
