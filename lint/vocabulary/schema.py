"""The JSON Schema of vocabulary files, and its errors turned into `FILE:LINE:COLUMN` messages.

The schema is the one source of truth for editors and for the loader's structural checks.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from ruamel.yaml.comments import CommentedMap


def schema() -> dict[str, Any]:
    """The JSON Schema of vocabulary files, as shipped in the package."""
    text = resources.files("lint.vocabulary").joinpath("vocab.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def position(container: Any, key: Any, *, of_key: bool = False) -> tuple[int, int]:
    """0-based (line, column) of `container[key]` (or of the key itself)."""
    try:
        lines = container.lc  # round-trip data (CommentedMap, CommentedSeq) knows its positions
        pos = (lines.key(key) if of_key else lines.value(key)) if isinstance(container, dict) else lines.item(key)
        return int(pos[0]), int(pos[1])
    except (KeyError, IndexError, TypeError, AttributeError):
        lc = getattr(container, "lc", None)
        return (int(lc.line), int(lc.col)) if lc is not None and lc.line is not None else (0, 0)


def type_name(value: Any) -> str:
    """How a YAML value is named in messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null" if value is None else type(value).__name__


_EXPECTED = {
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "integer": "an integer",
}


_FIRST_IMPORT = threading.Lock()

# What jsonschema's import loads, when installed, for format checkers (Jupyter installs
# them all): the vocabulary's schema checks no `format`, and these cost a cold run a sixth
# of its start-up (`isoduration` imports `arrow`; `rfc3987_syntax` compiles grammars for
# seconds).
FORMAT_CHECKER_MODULES = (
    "fqdn",
    "idna",
    "isoduration",
    "jsonpointer",
    "rfc3339_validator",
    "rfc3986_validator",
    "rfc3987",
    "rfc3987_syntax",
    "uri_template",
    "webcolors",
)


def _validator() -> Draft202012Validator:
    """The schema's validator. The format checkers' modules that are not loaded yet are
    hidden from jsonschema's first import (any later import gets them), under a lock: the
    language server loads vocabularies on worker threads."""
    with _FIRST_IMPORT:
        if "jsonschema" not in sys.modules:
            hidden = [name for name in FORMAT_CHECKER_MODULES if name not in sys.modules]
            for name in hidden:
                sys.modules[name] = None  # type: ignore[assignment]  # None: "cannot be imported"
            try:
                import jsonschema  # noqa: F401
            finally:
                for name in hidden:
                    del sys.modules[name]
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def schema_valid(data: Any) -> bool:
    """Whether plain data (from the C loader, without positions) satisfies the schema."""
    return next(_validator().iter_errors(data), None) is None


def schema_problems(data: CommentedMap, filename: str) -> Iterator[str]:
    validator = _validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: _error_position(data, e))
    told: set[str] = set()
    for error in errors:
        line, column = _error_position(data, error)
        problem = f"{filename}:{line + 1}:{column + 1}: {_describe(error)}"
        if problem not in told:
            told.add(problem)
            yield problem


def _walk(data: Any, path: list[Any]) -> tuple[Any, Any]:
    """The container holding the last element of `path`, and that element's key."""
    parent: Any = None
    key: Any = None
    node = data
    for step in path:
        parent, key, node = node, step, node[step]
    return parent, key


def _error_position(data: CommentedMap, error: Any) -> tuple[int, int]:
    path = list(error.absolute_path)
    node = data
    for step in path:
        node = node[step]
    if error.validator == "additionalProperties" and isinstance(node, dict):
        unknown = _unknown_keys(error)
        if unknown:
            return position(node, unknown[0], of_key=True)
    if error.validator == "required" or not path:
        lc = getattr(node, "lc", None)
        if lc is not None and lc.line is not None:
            return int(lc.line), int(lc.col)
        return 0, 0
    parent, key = _walk(data, path)
    return position(parent, key)


def _unknown_keys(error: Any) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [k for k in error.instance if k not in allowed]


def _describe(error: Any) -> str:
    where = _where(error)
    validator = error.validator
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = _unknown_keys(error)
        if unknown:
            key = unknown[0]
            import difflib

            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; expected one of: {', '.join(allowed)}"
            return f"unknown key '{key}'{where}{hint}"
    if validator == "required":  # one error per missing key, each naming them all: told once
        missing = ", ".join(f"'{k}'" for k in error.validator_value if k not in error.instance)
        return f"missing required key{'s' if ', ' in missing else ''} {missing}{where}"
    subject = where.strip() or "value"
    if validator == "type":
        expected = _EXPECTED.get(error.validator_value, error.validator_value)
        return f"{subject}: expected {expected}, got {type_name(error.instance)}"
    if validator == "oneOf":
        return f"{subject}: expected a string or a list of strings, got {type_name(error.instance)}"
    if validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return f"{subject}: '{error.instance}' is not one of: {options}"
    if validator == "const":
        return f"{subject}: must be {error.validator_value}, got {error.instance!r}"
    if validator == "minLength":
        return f"{subject}: must not be empty"
    if validator == "pattern":
        return f"{subject}: '{error.instance}' is not valid here (expected {_pattern_hint(error.validator_value)})"
    return f"{subject}: {error.message}"


def _pattern_hint(pattern: str) -> str:
    if pattern.startswith("^[a-z0-9]"):
        return "a lowercase kebab-case id"
    if pattern.startswith("^([A-Za-z0-9]"):
        return "a distribution name such as numpy or scikit-image"
    return "a dotted module path"


def _where(error: Any) -> str:
    path = [str(p) for p in error.absolute_path if not isinstance(p, int)]
    return f" in '{path[-1]}'" if path else ""
