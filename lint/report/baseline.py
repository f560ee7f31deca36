"""Baselines: record today's findings so that CI reports only new ones.

An entry is keyed by path, rule, term, matched text and a fingerprint of the content of the
finding's line (not its number), with a count for repeats. Moving code up or down a file or
editing other lines therefore does not resurrect a baselined finding, while a new
occurrence on another line is reported. The file is sorted JSON, stable and diff-friendly.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lint.errors import LintError
from lint.findings import Finding

BASELINE_VERSION = 1

Key = tuple[str, str, str, str, str]


@lru_cache(maxsize=16)
def line_fingerprint(line: str) -> str:
    """A short hash of a source line's content, whitespace-insensitive.

    Kept for the last few lines: findings come in order, so a long line with thousands of
    findings is hashed once, not once per finding."""
    return hashlib.sha256(" ".join(line.split()).encode("utf-8")).hexdigest()[:16]


def finding_key(finding: Finding, lines: Sequence[str]) -> Key:
    """What identifies a finding across edits of its file."""
    text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    return (finding.path, finding.rule.value, finding.term, finding.matched, line_fingerprint(text))


@dataclass(frozen=True)
class BaselineResult:
    """Findings not in the baseline, how many were hidden, and entries no longer found."""

    new: list[Finding]
    hidden: int
    fixed: Counter[Key]


def keys_of(findings: Iterable[Finding], sources: dict[str, list[str]]) -> Counter[Key]:
    """Count the keys of `findings`."""
    return Counter(finding_key(f, sources.get(f.source_key, [])) for f in findings)


def read_baseline(path: Path) -> Counter[Key]:
    """The entries of a baseline file; errors are user errors (exit 2)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LintError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise LintError(f"{path}: baseline is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise LintError(f"{path}:{exc.lineno}:{exc.colno}: baseline is not valid JSON ({exc.msg})") from exc
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise LintError(f"{path}: not a vocab-lint baseline (expected version {BASELINE_VERSION} and a findings list)")
    entries: Counter[Key] = Counter()
    for index, entry in enumerate(data["findings"]):
        try:
            key = (entry["path"], entry["rule"], entry["term"], entry["matched"], entry["fingerprint"])
            entries[key] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError) as exc:
            raise LintError(f"{path}: baseline entry {index + 1} is malformed ({exc})") from exc
    return entries


def render_baseline(entries: Counter[Key]) -> str:
    """Sorted, indented JSON: one object per entry."""
    findings = [
        {"path": p, "rule": r, "term": t, "matched": m, "fingerprint": f, "count": count}
        for (p, r, t, m, f), count in sorted(entries.items())
        if count > 0
    ]
    return json.dumps({"version": BASELINE_VERSION, "findings": findings}, indent=2, ensure_ascii=False) + "\n"


def apply_baseline(
    findings: Sequence[Finding], baseline: Counter[Key], sources: dict[str, list[str]]
) -> BaselineResult:
    """Hide findings the baseline accounts for; count the entries that matched nothing."""
    remaining = Counter(baseline)
    new: list[Finding] = []
    hidden = 0
    for finding in findings:
        key = finding_key(finding, sources.get(finding.source_key, []))
        if remaining[key] > 0:
            remaining[key] -= 1
            hidden += 1
        else:
            new.append(finding)
    return BaselineResult(new, hidden, +remaining)
