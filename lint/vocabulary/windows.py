"""Version windows: a retired name judged against the versions the project supports.

An entry with `deprecated_in`, `removed_in` or `replacement_since` is a removed name where
some supported version of its `package` is at or past `removed_in`, a deprecated name where
one is at or past `deprecated_in`, and dormant (no finding) before both. A `deprecated:`
entry without `deprecated_in` is deprecated in every version; a `removed:` entry without it
is never deprecated, only removed. Its fix is safe only where every supported version has
the replacement (`replacement_since`); else it is an unsafe fix, as Ruff's applicability
levels work. Entries without versions are as their list says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from lint.vocabulary.model import NameKind, RetiredName, Vocabulary

if TYPE_CHECKING:  # `packaging` and the project's files are for vocabularies with versions
    from lint.project_versions import ProjectVersions, Support


def judged(vocabulary: Vocabulary, project: Callable[[], ProjectVersions]) -> Vocabulary:
    """The vocabulary as this project sees it: each windowed name removed, deprecated or dormant.

    A vocabulary without versions is returned as it is: `project` is never called, so
    neither `packaging` is imported nor the project's files read (the `check` start-up path).
    """
    if not any(entry.has_window for entry in vocabulary.retired):
        return vocabulary
    versions = project()
    removed: list[RetiredName] = []
    deprecated: list[RetiredName] = []
    dormant: list[RetiredName] = []
    for entry in vocabulary.retired:
        support = versions.support(entry.package)
        outcome = judge(entry, support) if entry.has_window else entry
        if outcome is None:
            dormant.append(replace(entry, window=f"no finding before the window; {support.describe()}"))
        else:
            (removed if outcome.kind is NameKind.REMOVED else deprecated).append(outcome)
    verdicts = "\0".join(f"{e.id}:{e.kind.value}:{e.window}:{e.safe}" for e in removed + deprecated)
    digest = hashlib.sha256(f"{vocabulary.digest}\0{verdicts}".encode()).hexdigest()
    return replace(
        vocabulary, removed=tuple(removed), deprecated=tuple(deprecated), dormant=tuple(dormant), digest=digest
    )


def judge(entry: RetiredName, support: Support) -> RetiredName | None:
    """`entry` as a removed or deprecated name for a project of `support`, or None (dormant)."""
    from packaging.version import Version

    removed_in = Version(entry.removed_in) if entry.removed_in else None
    deprecated_in = Version(entry.deprecated_in) if entry.deprecated_in else None
    if removed_in is not None and support.reaches(removed_in):
        kind, when = NameKind.REMOVED, f" in {version_of(entry, 'removed_in')}"
    elif deprecated_in is not None and support.reaches(deprecated_in):
        kind, when = NameKind.DEPRECATED, f" in {version_of(entry, 'deprecated_in')}"
        if removed_in is not None:
            when += f" (removed in {removed_in})"
    elif deprecated_in is None and (entry.kind is NameKind.DEPRECATED or removed_in is None):
        kind, when = entry.kind, ""  # deprecated from the start, or only `replacement_since`
    else:
        return None
    verb = "was removed" if kind is NameKind.REMOVED else "is deprecated"
    window = f"{verb}{when}; {support.describe()}"
    unsafe_reason = ""
    since = Version(entry.replacement_since) if entry.replacement_since else None
    if since is not None and entry.replacements and not support.all_reach(since):
        new = " or ".join(f"'{r}'" for r in entry.replacements)
        unsafe_reason = f"an unsafe fix: {new} is new in {version_of(entry, 'replacement_since')}"
    return replace(entry, kind=kind, window=window, safe=entry.safe and not unsafe_reason, unsafe_reason=unsafe_reason)


def due(vocabulary: Vocabulary, project: Support) -> list[RetiredName]:
    """The project's own retired names whose `removed_in` its current version (`project`)
    has reached: the release that should have removed them (read from the vocabulary as
    written, not judged)."""
    from packaging.version import Version

    return [
        entry
        for entry in vocabulary.retired
        if entry.package is None and entry.removed_in and project.reaches(Version(entry.removed_in))
    ]


def has_version_columns(vocabulary: Vocabulary) -> bool:
    """Whether a migration table needs "deprecated in" and "removed in" columns."""
    return any(entry.deprecated_in or entry.removed_in for entry in vocabulary.retired)


def version_of(entry: RetiredName, key: str) -> str:
    """`numpy 2.0` (or `2.0` for the project's own) for `deprecated_in`, `removed_in` or
    `replacement_since` of `entry`; "" when not given."""
    written = getattr(entry, key)
    return "" if written is None else f"{entry.package} {written}" if entry.package else written


def window_summary(entry: RetiredName) -> str:
    """The window as `explain` and the hover state it: `deprecated in numpy 2.0, removed in numpy 2.3,
    replacement since numpy 2.0`."""
    parts = [
        f"{label} {version_of(entry, key)}"
        for key, label in (
            ("deprecated_in", "deprecated in"),
            ("removed_in", "removed in"),
            ("replacement_since", "replacement since"),
        )
        if getattr(entry, key)
    ]
    return ", ".join(parts)
