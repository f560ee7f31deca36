"""The project's settings table: `[tool.vocab-lint]` of pyproject.toml, or a `vocab-lint.toml`.

One list of keys (`KEYS`) checks a table and writes its JSON Schema, so that what the
loader accepts and what editors complete cannot drift apart. TOML parsers keep no
positions: the line of each key is found in the text, so that an error points at
`FILE:LINE` as the vocabulary's errors do.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint.errors import LintError
from lint.rules import did_you_mean

PYPROJECT = "pyproject.toml"
SETTINGS_FILENAME = "vocab-lint.toml"
TABLE = "tool.vocab-lint"
FAIL_LEVELS = ("error", "warning")


@dataclass(frozen=True)
class Key:
    """One setting: its kind says how it is checked and how the schema describes it."""

    name: str
    kind: str  # path, ids, globs, per-file-ignores, versions, bool, choice
    description: str
    choices: tuple[str, ...] = ()


def _output_formats() -> tuple[str, ...]:
    from lint.report.reporters import REPORTERS

    return tuple(sorted(REPORTERS))


KEYS: tuple[Key, ...] = (
    Key("vocabulary", "path", "The vocabulary file, relative to the folder of this file."),
    Key("select", "ids", "Report only these rules or term ids (default: every one)."),
    Key("extend-select", "ids", "Rules or term ids reported in addition to `select`."),
    Key("ignore", "ids", "Rules or term ids never reported."),
    Key("per-file-ignores", "per-file-ignores", "A glob of paths, and the rules or term ids never reported there."),
    Key("include", "globs", "Scan only the files these gitignore-style globs match."),
    Key(
        "exclude",
        "globs",
        "Paths never scanned (gitignore-style globs); replaces the built-in list of build output, "
        "virtual environments and caches.",
    ),
    Key("extend-exclude", "globs", "Paths never scanned, in addition to the built-in list."),
    Key("force-exclude", "bool", "Apply the excludes to paths named on the command line too (pre-commit)."),
    Key("fail-on", "choice", "The lowest severity that makes the exit code 1.", FAIL_LEVELS),
    Key("output-format", "choice", "The report format when the command line names none.", ()),
    Key("show-source", "bool", "Print the source line and a caret under each finding."),
    Key(
        "versions",
        "versions",
        "The versions of a distribution (or of this project, by its name) that version windows are judged "
        'against, as PEP 440 specifiers (numpy = ">=2"); replaces what the project declares.',
    ),
)
KEY_NAMES = tuple(key.name for key in KEYS)
# The key's first spelling, still read: `vocab = "..."` names the vocabulary file too.
OLD_SPELLINGS = {"vocab": "vocabulary"}


@dataclass(frozen=True)
class SettingsTable:
    """A settings file's checked values by key name, and where each was written."""

    path: Path
    values: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """`FILE:LINE` of a key (or of a per-file-ignores glob: `per-file-ignores.GLOB`)."""
        line = self.lines.get(key) or self.lines.get(key.split(".", 1)[0]) or self.lines.get("", 1)
        return f"{display(self.path)}:{line}"


def display(path: Path) -> str:
    """A path as messages show it: relative to the current folder when below it or in the
    folder above (`../vocab.yaml`); absolute when farther off."""
    try:
        relative = Path(os.path.relpath(path.resolve(), Path.cwd().resolve())).as_posix()
    except ValueError:  # another drive
        return str(path)
    return str(path.resolve()) if relative.startswith("../../") else relative


def holds_settings(path: Path) -> bool:
    """Whether `path` is a settings file: any `vocab-lint.toml`, or a pyproject.toml with the table."""
    if path.name == SETTINGS_FILENAME:
        return path.is_file()
    if not path.is_file():
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A pyproject.toml that names the tool but is not valid TOML is an error, not a file to pass by.
    return "vocab-lint" in text and "vocab-lint" in parse_toml(text, path).get("tool", {})


def read_settings(path: Path) -> SettingsTable:
    """The checked settings of a `vocab-lint.toml` or of pyproject's `[tool.vocab-lint]`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LintError(f"{display(path)}: cannot read: {exc}") from exc
    data = parse_toml(text, path)
    prefix = "" if path.name == SETTINGS_FILENAME else TABLE
    table: Any = data
    if prefix:
        table = data.get("tool", {}).get("vocab-lint", {})
    lines = key_lines(text, prefix)
    where = SettingsTable(path, {}, lines).where
    if not isinstance(table, dict):
        raise LintError(f"{where('')}: [{TABLE}] must be a table")
    values: dict[str, Any] = {}
    for name, value in table.items():
        canonical: str = OLD_SPELLINGS.get(name) or name
        key = next((k for k in KEYS if k.name == canonical), None)
        if key is None:
            inside = f"[{TABLE}]" if prefix else SETTINGS_FILENAME
            raise LintError(f"{where(name)}: unknown key '{name}' in {inside}{did_you_mean(name, list(KEY_NAMES))}")
        if canonical in values:
            raise LintError(f"{where(name)}: '{name}' and '{canonical}' name the same setting; keep one")
        values[canonical] = _checked(key, value, where, name)
        if name != canonical:
            lines = {**lines, canonical: lines.get(name, 1)}
    return SettingsTable(path, values, lines)


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise LintError(f"{display(path)}: not valid TOML: {exc}") from exc


def _checked(key: Key, value: Any, where: Any, name: str) -> Any:
    """The value of one key, or a LintError saying what the key takes."""
    problem = None
    if key.kind == "path" and not isinstance(value, str):
        problem = "must be a string (a file path)"
    elif key.kind in ("ids", "globs") and not _strings(value):
        problem = "must be a list of strings"
    elif key.kind == "bool" and not isinstance(value, bool):
        problem = "must be true or false"
    elif key.kind == "choice":
        choices = key.choices or _output_formats()
        if value not in choices:
            problem = f"must be one of: {', '.join(choices)}{did_you_mean(str(value), list(choices))}"
    elif key.kind == "per-file-ignores" and not (
        isinstance(value, dict) and all(_strings(ids) for ids in value.values())
    ):
        problem = "must be a table of glob = [rule or term ids]"
    elif key.kind == "versions":
        problem = _versions_problem(value)
    if problem is not None:
        raise LintError(f"{where(name)}: {name} {problem}")
    globs = value if key.kind == "globs" else list(value) if key.kind == "per-file-ignores" else []
    for glob in globs:
        glob_error = glob_problem(glob)
        if glob_error is not None:
            at = where(f"{name}.{glob}" if key.kind == "per-file-ignores" else name)
            raise LintError(f"{at}: {name}: {glob_error}")
    if key.kind in ("ids", "globs"):
        return tuple(value)
    if key.kind == "per-file-ignores":
        return tuple((glob, tuple(ids)) for glob, ids in value.items())
    if key.kind == "versions":
        return tuple(value.items())
    return value


def _versions_problem(value: Any) -> str | None:
    """Why a `versions` table is not distribution = "PEP 440 specifier", or None."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    if not isinstance(value, dict) or not all(isinstance(spec, str) for spec in value.values()):
        return 'must be a table of distribution = "version specifier" (numpy = ">=2")'
    for name, spec in value.items():
        try:
            SpecifierSet(spec)
        except InvalidSpecifier:
            return f'{name} = {spec!r} is not a version specifier (such as ">=2" or "==2.1")'
        if not spec.strip():
            return f'{name} names no versions (such as ">=2" or "==2.1")'
    return None


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def glob_problem(glob: str) -> str | None:
    """Why a gitignore-style glob is invalid (`!` alone, a lone `\\`), or None."""
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([glob])
    except ValueError as exc:
        return str(exc)
    return None


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def key_lines(text: str, prefix: str) -> dict[str, int]:
    """The 1-based line of each key of the table `prefix` ("" for the top level), and of each
    glob of its per-file-ignores (`per-file-ignores.GLOB`); "" is the table's own line."""
    lines: dict[str, int] = {}
    table: str | None = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None:
            table = _normalized(header.group(1))
            if table == prefix:
                lines.setdefault("", number)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        name = next(group for group in key.groups() if group is not None)
        if table == prefix:
            lines.setdefault(name, number)
            if name == "per-file-ignores":  # an inline table on one line: its globs are here
                for glob in re.findall(r"""["']([^"']+)["']\s*=""", line[key.end() :]):
                    lines.setdefault(f"per-file-ignores.{glob}", number)
        elif table == f"{prefix}.per-file-ignores".lstrip("."):
            lines.setdefault(f"per-file-ignores.{name}", number)
    return lines


def _normalized(header: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in header.split("."))


def settings_schema() -> dict[str, Any]:
    """The JSON Schema of the settings table (published as `docs/settings.schema.json`)."""
    from lint.rules import docs_url

    properties: dict[str, Any] = {}
    for key in KEYS:
        properties[key.name] = {"description": key.description, **_schema_of(key)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": docs_url() + "settings.schema.json",
        "title": "vocab-lint settings ([tool.vocab-lint] in pyproject.toml, or vocab-lint.toml)",
        "type": "object",
        "additionalProperties": False,
        "properties": {**properties, "vocab": {"description": "The first spelling of `vocabulary`.", "type": "string"}},
    }


def _schema_of(key: Key) -> dict[str, Any]:
    strings = {"type": "array", "items": {"type": "string"}}
    kinds: dict[str, dict[str, Any]] = {
        "path": {"type": "string"},
        "ids": strings,
        "globs": strings,
        "bool": {"type": "boolean"},
        "choice": {"enum": list(key.choices or _output_formats())},
        "per-file-ignores": {"type": "object", "additionalProperties": strings},
        "versions": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
    }
    return kinds[key.kind]
