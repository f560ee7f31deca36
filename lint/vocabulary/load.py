"""Load a `vocab.yaml` into a typed `Vocabulary`, with every error at `FILE:LINE:COLUMN`.

Structure is checked against the published JSON Schema (one source of truth for editors
and for the loader); cross-references (ids, categories, replacements, see-also, regexes,
names both canonical and retired) are checked here. YAML is read with ruamel.yaml's
round-trip loader, which keeps positions and never constructs Python objects from tags.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from lint import __version__
from lint.engine.words import slug, word_tuple
from lint.errors import VocabularyError
from lint.vocabulary.model import (
    AnyEntry,
    Audience,
    Category,
    CodeName,
    Conflation,
    Examples,
    MovedModule,
    NameKind,
    Origin,
    PathSettings,
    ProseWord,
    RetiredName,
    Scope,
    Term,
    Vocabulary,
)

if TYPE_CHECKING:
    from lint.cache import ResultCache

MAX_VOCABULARY_BYTES = 5 * 1024 * 1024
MAX_YAML_NODES = 200_000

DEFAULT_NEGATIONS = (
    "not",
    "never",
    "no",
    "none",
    "nor",
    "neither",
    "isn't",
    "aren't",
    "wasn't",
    "doesn't",
    "don't",
    "cannot",
    "can't",
    "without",
    "unlike",
    "rather than",
    "instead of",
    "distinct from",
    "separate from",
    "independent of",
)


def schema() -> dict[str, Any]:
    """The JSON Schema of vocabulary files, as shipped in the package."""
    text = resources.files("lint.vocabulary").joinpath("vocab.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def default_vocabulary_path() -> Path:
    """The embedded default: inside the wheel, or the repository's top-level `vocab.yaml`."""
    packaged = Path(str(resources.files("lint").joinpath("data").joinpath("vocab.yaml")))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "vocab.yaml"


def load_vocabulary(path: Path, *, display_name: str | None = None) -> Vocabulary:
    """Read and validate the vocabulary at `path`."""
    name = display_name or str(path)
    return parse_vocabulary(_read_text(path, name), name)


def load_vocabulary_quickly(path: Path, display_name: str, cache: ResultCache | None, *, trusted: bool) -> Vocabulary:
    """Load a vocabulary known to be valid without positions or the schema check.

    The embedded default is validated by the test suite (`trusted`); another vocabulary
    counts as known once a full load of the same text succeeded. ruamel.yaml's C loader
    (ruamel.yaml.clib) reads it several times faster than the round-trip loader. Anything
    unexpected falls back to the full load, which reports problems at their positions.
    """
    text = _read_text(path, display_name)
    digest = _digest(text)
    if trusted or (cache is not None and cache.vocabulary_known_valid(digest)):
        try:
            data = YAML(typ="safe").load(text)
            if isinstance(data, dict):
                _refuse_aliases(data, display_name)
                return _Builder(data, display_name, digest).build()
        except (YAMLError, VocabularyError, KeyError, TypeError, ValueError, AttributeError):
            pass
    vocabulary = parse_vocabulary(text, display_name)
    if cache is not None:
        cache.remember_valid_vocabulary(digest)
    return vocabulary


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode() + __version__.encode()).hexdigest()


def _read_text(path: Path, name: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_VOCABULARY_BYTES:
            raise VocabularyError(
                [f"{name}:1:1: file is {size} bytes; a vocabulary may be at most {MAX_VOCABULARY_BYTES} bytes"]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise VocabularyError([f"{name}:1:1: cannot read vocabulary: {exc.strerror}"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise VocabularyError([f"{name}:1:1: vocabulary is not valid UTF-8 ({exc.reason})"]) from exc
    return text


def parse_vocabulary(text: str, filename: str) -> Vocabulary:
    """Validate vocabulary `text` (named `filename` in messages) and build the model."""
    data = _read_yaml(text, filename)
    problems = list(_schema_problems(data, filename))
    if problems:
        raise VocabularyError(problems)
    builder = _Builder(data, filename, _digest(text))
    return builder.build()


def _read_yaml(text: str, filename: str) -> CommentedMap:
    yaml = YAML(typ="rt", pure=True)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "duplicate key" in str(problem) or "found duplicate key" in str(exc):
            problem = "duplicate key" + _after(str(exc), "duplicate key")
        raise VocabularyError([f"{filename}:{line}:{column}: YAML syntax error: {problem}"]) from exc
    except YAMLError as exc:
        raise VocabularyError([f"{filename}:1:1: YAML error: {exc}"]) from exc
    if data is None:
        raise VocabularyError([f"{filename}:1:1: vocabulary file is empty"])
    if not isinstance(data, CommentedMap):
        raise VocabularyError([f"{filename}:1:1: expected a mapping at the top level, got {_type_name(data)}"])
    _refuse_aliases(data, filename)
    return data


def _after(text: str, marker: str) -> str:
    tail = text.split(marker, 1)[1].splitlines()[0] if marker in text else ""
    return tail.rstrip()


def _refuse_aliases(data: Any, filename: str) -> None:
    """Refuse anchors and aliases: a vocabulary needs none, and they allow alias bombs."""
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[int, int]]] = [(data, (0, 0))]
    count = 0
    while stack:
        node, (line, column) = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in seen:
            raise VocabularyError([f"{filename}:{line + 1}:{column + 1}: YAML aliases are not allowed in a vocabulary"])
        seen.add(id(node))
        count += len(node)
        if count > MAX_YAML_NODES:
            raise VocabularyError([f"{filename}:1:1: vocabulary has more than {MAX_YAML_NODES} nodes"])
        # Pushed in reverse so that nodes are visited in document order: the alias, not its
        # anchor, is the second sighting and gets the error.
        if isinstance(node, dict):
            stack.extend(reversed([(value, _position(node, key, of_key=True)) for key, value in node.items()]))
        else:
            stack.extend(reversed([(value, _position(node, index)) for index, value in enumerate(node)]))


def _position(container: Any, key: Any, *, of_key: bool = False) -> tuple[int, int]:
    """0-based (line, column) of `container[key]` (or of the key itself)."""
    try:
        if isinstance(container, CommentedMap):
            pos = container.lc.key(key) if of_key else container.lc.value(key)
        else:
            pos = container.lc.item(key)
        return int(pos[0]), int(pos[1])
    except (KeyError, IndexError, TypeError, AttributeError):
        lc = getattr(container, "lc", None)
        return (int(lc.line), int(lc.col)) if lc is not None and lc.line is not None else (0, 0)


def _type_name(value: Any) -> str:
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


def _schema_problems(data: CommentedMap, filename: str) -> Iterator[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: _error_position(data, e))
    for error in errors:
        line, column = _error_position(data, error)
        yield f"{filename}:{line + 1}:{column + 1}: {_describe(error)}"


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
    if error.validator == "additionalProperties" and isinstance(node, CommentedMap):
        unknown = _unknown_keys(error)
        if unknown:
            return _position(node, unknown[0], of_key=True)
    if error.validator == "required" or not path:
        lc = getattr(node, "lc", None)
        if lc is not None and lc.line is not None:
            return int(lc.line), int(lc.col)
        return 0, 0
    parent, key = _walk(data, path)
    return _position(parent, key)


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
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; expected one of: {', '.join(allowed)}"
            return f"unknown key '{key}'{where}{hint}"
    if validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"missing required key '{missing[0]}'{where}"
    subject = where.strip() or "value"
    if validator == "type":
        expected = _EXPECTED.get(error.validator_value, error.validator_value)
        return f"{subject}: expected {expected}, got {_type_name(error.instance)}"
    if validator == "oneOf":
        return f"{subject}: expected a string or a list of strings, got {_type_name(error.instance)}"
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
    return "a dotted module path"


def _where(error: Any) -> str:
    path = [str(p) for p in error.absolute_path if not isinstance(p, int)]
    return f" in '{path[-1]}'" if path else ""


class _Builder:
    """Turns schema-valid YAML into the typed model and checks cross-references."""

    def __init__(self, data: dict[str, Any], filename: str, digest: str) -> None:
        self.data = data
        self.filename = filename
        self.digest = digest
        self.problems: list[tuple[tuple[int, int], str]] = []

    def origin(self, container: Any, key: Any) -> Origin:
        line, column = _position(container, key)
        return Origin(self.filename, line + 1, column + 1)

    def problem(self, container: Any, key: Any, message: str, *, of_key: bool = False) -> None:
        self.problems.append((_position(container, key, of_key=of_key), message))

    def build(self) -> Vocabulary:
        data = self.data
        categories = tuple(Category(c["id"], c["title"], c.get("description", "")) for c in data.get("categories", []))
        terms = tuple(self._term(seq, i) for seq in [data["terms"]] for i in range(len(seq)))
        removed = self._retired("removed", NameKind.REMOVED)
        deprecated = self._retired("deprecated", NameKind.DEPRECATED)
        prose_words = tuple(
            ProseWord(
                id=w.get("id") or slug(w["word"]),
                word=w["word"],
                origin=self.origin(data["prose_words"], i),
                forms=tuple(w.get("forms", [])),
                message=w.get("message", ""),
                examples=_examples(w),
            )
            for i, w in enumerate(data.get("prose_words", []))
        )
        moved = tuple(
            MovedModule(
                id=m.get("id") or slug(m["old"]),
                old=m["old"],
                new=_as_tuple(m["new"]),
                origin=self.origin(data["moved_modules"], i),
                message=m.get("message", ""),
                examples=_examples(m),
            )
            for i, m in enumerate(data.get("moved_modules", []))
        )
        negations = tuple(data.get("negations", DEFAULT_NEGATIONS))
        conflations = tuple(
            Conflation(
                id=c["id"],
                first=tuple(c["first"]),
                second=tuple(c["second"]),
                message=c["message"],
                origin=self.origin(data["conflations"], i),
                negations=tuple(c.get("negations", negations)),
                unless=tuple(c.get("unless", [])),
                examples=_examples(c),
            )
            for i, c in enumerate(data.get("conflations", []))
        )
        paths_map = data.get("paths", {})
        paths = PathSettings(**{key: tuple(paths_map.get(key, [])) for key in PathSettings.__dataclass_fields__})
        severity = data.get("severity", {})
        vocabulary = Vocabulary(
            name=data["name"],
            description=data.get("description", ""),
            source=self.filename,
            categories=categories,
            terms=terms,
            removed=removed,
            deprecated=deprecated,
            prose_words=prose_words,
            moved_modules=moved,
            conflations=conflations,
            paths=paths,
            rule_severity=dict(severity.get("rules", {})),
            term_severity=dict(severity.get("terms", {})),
            digest=self.digest,
        )
        self._cross_check(vocabulary)
        if self.problems:
            self.problems.sort()
            raise VocabularyError(
                [f"{self.filename}:{line + 1}:{column + 1}: {message}" for (line, column), message in self.problems]
            )
        return vocabulary

    def _term(self, seq: CommentedSeq, index: int) -> Term:
        raw = seq[index]
        audience = Audience(raw.get("audience", "public"))
        code_audience = Audience(raw.get("code_audience", audience.value))
        code_names = tuple(
            CodeName(c, code_audience)
            if isinstance(c, str)
            else CodeName(c["name"], Audience(c.get("audience", code_audience.value)))
            for c in raw.get("code_names", [])
        )
        return Term(
            id=raw.get("id") or slug(raw["name"]),
            name=raw["name"],
            definition=" ".join(str(raw["definition"]).split()),
            category=raw["category"],
            origin=self.origin(seq, index),
            owner=raw.get("owner", ""),
            code_names=code_names,
            aliases=tuple(raw.get("aliases", [])),
            avoid=tuple(raw.get("avoid", [])),
            see_also=tuple(raw.get("see_also", [])),
            audience=audience,
            examples=_examples(raw),
        )

    def _retired(self, key: str, kind: NameKind) -> tuple[RetiredName, ...]:
        seq = self.data.get(key, [])
        return tuple(
            RetiredName(
                id=raw.get("id") or slug(raw["name"]),
                name=raw["name"],
                kind=kind,
                origin=self.origin(seq, i),
                replacements=_as_tuple(raw.get("replacement", [])),
                message=" ".join(raw.get("message", "").split()),
                safe=raw.get("safe", True),
                scope=Scope(raw.get("scope", "both")),
                inflect=raw.get("inflect", False),
                pattern=raw.get("pattern"),
                allowed_paths=tuple(raw.get("allowed_paths", [])),
                examples=_examples(raw),
            )
            for i, raw in enumerate(seq)
        )

    def _cross_check(self, vocabulary: Vocabulary) -> None:
        data = self.data
        self._check_unique_ids(vocabulary)
        category_ids = {c.id for c in vocabulary.categories}
        term_ids = {t.id for t in vocabulary.terms}
        canonical: dict[tuple[str, ...], str] = {}
        for term in vocabulary.terms:
            for spelling in (term.name, *term.aliases, *(c.name for c in term.code_names)):
                canonical.setdefault(word_tuple(_strip_extension(spelling)), term.id)
        for raw, term in zip(data["terms"], vocabulary.terms, strict=True):
            if category_ids and term.category not in category_ids:
                self.problem(
                    raw,
                    "category",
                    f"term '{term.id}': category '{term.category}' is not declared in 'categories'"
                    + _did_you_mean(term.category, category_ids),
                )
            for position, target in enumerate(term.see_also):
                if target not in term_ids:
                    self.problem(
                        raw["see_also"],
                        position,
                        f"term '{term.id}': see_also '{target}' names no term" + _did_you_mean(target, term_ids),
                    )
        for key in ("removed", "deprecated"):
            entries = vocabulary.removed if key == "removed" else vocabulary.deprecated
            for raw, entry in zip(data.get(key, []), entries, strict=True):
                self._check_retired(raw, entry, canonical)
        for group in ("removed", "deprecated", "prose_words", "conflations"):
            for raw in data.get(group, []):
                pattern = raw.get("pattern")
                if pattern is not None:
                    self._check_regex(raw, pattern)

    def _check_retired(self, raw: CommentedMap, entry: RetiredName, canonical: dict[tuple[str, ...], str]) -> None:
        words = word_tuple(entry.name)
        if words in canonical:
            self.problem(
                raw,
                "name",
                f"'{entry.name}' is both {entry.kind.value} and a canonical name of term '{canonical[words]}'",
            )
        if not words and entry.pattern is None:
            self.problem(raw, "name", f"'{entry.name}' has no words to match; use 'pattern' for symbols")
        for position, replacement in enumerate(entry.replacements):
            if word_tuple(_strip_extension(replacement)) not in canonical:
                container, key = (
                    (raw["replacement"], position) if isinstance(raw["replacement"], list) else (raw, "replacement")
                )
                close = difflib.get_close_matches(
                    " ".join(word_tuple(replacement)), [" ".join(w) for w in canonical], n=1
                )
                hint = f" (did you mean a spelling of '{close[0]}'?)" if close else ""
                self.problem(container, key, f"replacement '{replacement}' of '{entry.name}' names no term{hint}")

    def _check_regex(self, raw: CommentedMap, pattern: str) -> None:
        try:
            re.compile(pattern)
        except re.error as exc:
            self.problem(raw, "pattern", f"invalid regular expression '{pattern}': {exc.msg}")
            return
        hazard = regex_hazard(pattern)
        if hazard is not None:
            self.problem(raw, "pattern", f"regular expression '{pattern}' could backtrack catastrophically: {hazard}")

    def _check_unique_ids(self, vocabulary: Vocabulary) -> None:
        groups: dict[str, tuple[AnyEntry, ...]] = {
            "terms": vocabulary.terms,
            "removed": vocabulary.removed,
            "deprecated": vocabulary.deprecated,
            "prose_words": vocabulary.prose_words,
            "moved_modules": vocabulary.moved_modules,
            "conflations": vocabulary.conflations,
        }
        first_seen: dict[str, Origin] = {}
        for group, entries in groups.items():
            for index, entry in enumerate(entries):
                entry_id: str = entry.id
                if entry_id in first_seen:
                    self.problem(
                        self.data[group], index, f"duplicate id '{entry_id}' (first declared at {first_seen[entry_id]})"
                    )
                else:
                    first_seen[entry_id] = entry.origin
        seen_categories: set[str] = set()
        for index, category in enumerate(vocabulary.categories):
            if category.id in seen_categories:
                self.problem(self.data["categories"], index, f"duplicate category id '{category.id}'")
            seen_categories.add(category.id)


_QUANTIFIED_GROUP = re.compile(r"\((?:\?:)?(?P<body>(?:[^()\\]|\\.)*)\)(?:[*+]|\{\d*,\d*\})")
_QUANTIFIER = re.compile(r"(?<!\\)(?:[*+]|\{\d*,\d*\})")
MAX_PATTERN_LENGTH = 500


def regex_hazard(pattern: str) -> str | None:
    """Why a pattern risks exponential backtracking, or None.

    Python's `re` has no time limit, so patterns are refused at load time when a repeated
    group itself repeats or alternates (`(a+)+`, `(a|ab)*`), refers back to a group, or is
    unreasonably long.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"longer than {MAX_PATTERN_LENGTH} characters"
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        return "back-references are not allowed"
    for group in _QUANTIFIED_GROUP.finditer(pattern):
        body = group.group("body")
        if _QUANTIFIER.search(body):
            return f"the repeated group '({body})' repeats inside"
        if "|" in body:
            return f"the repeated group '({body})' alternates"
    return None


def _did_you_mean(value: str, options: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _strip_extension(name: str) -> str:
    """`request_admission/controller.py` compares by the words of its module path."""
    return re.sub(r"\.(py|pyi|md|mdx|markdown)$", "", name)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _examples(raw: CommentedMap) -> Examples:
    examples = raw.get("examples", {})
    return Examples(flag=tuple(examples.get("flag", [])), pass_=tuple(examples.get("pass", [])))
