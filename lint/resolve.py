"""The options a run uses: the command line over the settings file over the defaults.

A value given on the command line replaces the file's (`select`, `exclude`, `fail-on`,
`output-format`, `show-source`, `force-exclude`, the vocabulary); lists that only add
(`extend-select`, `ignore`, `extend-exclude`) are joined, as Ruff joins them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lint.rules import Severity
from lint.selection import Selection

if TYPE_CHECKING:
    from lint.check import CheckOptions
    from lint.config import Settings

# Settings key -> the CheckOptions field the command line sets; joined keys add up.
FIELDS = {
    "vocabulary": "vocab",
    "select": "select",
    "extend-select": "extend_select",
    "ignore": "ignore",
    "exclude": "exclude",
    "extend-exclude": "extend_exclude",
    "force-exclude": "force_exclude",
    "fail-on": "fail_on",
    "output-format": "output_format",
    "show-source": "show_source",
}
JOINED = frozenset({"extend-select", "ignore", "extend-exclude"})


def resolve(options: CheckOptions, settings: Settings) -> CheckOptions:
    """`options` with every setting the command line left unset taken from `settings`."""
    changes: dict[str, Any] = {}
    for key, name in FIELDS.items():
        if key == "vocabulary" or key not in (settings.table.values if settings.table else {}):
            continue
        value = settings.value(key)
        if key == "extend-exclude":
            changes[name] = (*value, *options.extend_exclude)
        elif key in JOINED:
            changes[name] = frozenset(value) | getattr(options, name)
        elif name not in options.explicit:
            changes[name] = _typed(key, value)
    resolved = replace(options, **changes)
    if resolved.output_format != "text":
        resolved = replace(resolved, progress=False)
    return resolved


def _typed(key: str, value: Any) -> Any:
    if key == "select":
        return frozenset(value)
    if key == "fail-on":
        return Severity(value)
    if key == "exclude":
        return tuple(value)
    return value


def selection_of(options: CheckOptions, settings: Settings) -> Selection:
    """The findings a resolved run reports."""
    select = options.select | options.extend_select if options.select else frozenset()
    return Selection(select, options.ignore, settings.value("per-file-ignores", ()), settings.root)


def origins(options: CheckOptions, settings: Settings) -> dict[str, str]:
    """Where each setting's value comes from: the command line, `FILE:LINE`, or default."""
    found: dict[str, str] = {}
    for key, name in FIELDS.items():
        in_file = settings.origin(key) if key != "vocabulary" else settings.vocabulary_origin
        on_line = name in options.explicit
        if key in JOINED and on_line and in_file != "default":
            found[key] = f"{in_file} and the command line"
        else:
            found[key] = "command line" if on_line and key != "vocabulary" else in_file
    for key in ("include", "per-file-ignores"):
        found[key] = settings.origin(key)
    return found
