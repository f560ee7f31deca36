"""Load a `vocab.yaml` into a typed `Vocabulary`, with every error at `FILE:LINE:COLUMN`.

Structure is checked against the published JSON Schema (`schema`), cross-references by
`validate`. YAML is read with ruamel.yaml's round-trip loader, which keeps positions and
never constructs Python objects from tags.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint.errors import VocabularyError
from lint.findings import Context
from lint.fingerprint import tool_digest
from lint.text.words import slug
from lint.vocabulary.ids import RetiredIds
from lint.vocabulary.model import (
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
from lint.vocabulary.schema import position, schema_problems, schema_valid, type_name
from lint.vocabulary.validate import Problems, cross_check

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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


def default_vocabulary_path() -> Path:
    """The embedded default: inside the wheel, or the repository's top-level `vocab.yaml`."""
    # The package is installed as files (never zipped), so `__file__` finds it without
    # importlib.resources, whose imports (tempfile, shutil, bz2) cost 4 ms of every start-up.
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / "vocab.yaml"
    return packaged if packaged.is_file() else package.parent / "vocab.yaml"


def load_vocabulary(path: Path, *, display_name: str | None = None) -> Vocabulary:
    """Read and validate the vocabulary at `path`."""
    name = display_name or str(path)
    return parse_vocabulary(_read_text(path, name), name)


def load_vocabulary_quickly(path: Path, display_name: str, cache: ResultCache | None, *, trusted: bool) -> Vocabulary:
    """Load a vocabulary the fast way, with positions only when it has problems.

    A vocabulary that passed validation before is built from the signed JSON form the
    cache keeps of it, the embedded default from the JSON form its wheel ships: no YAML
    parser is even imported. Otherwise ruamel.yaml.clib's safe loader reads it several
    times faster than the round-trip loader, but keeps no positions: the data is checked
    against the schema and cross-checked by the builder (neither is needed for the
    embedded default, which the test suite validates); anything unexpected falls back to
    the full load, which reports every problem at its position.
    """
    text = _read_text(path, display_name)
    digest = _digest(text)
    known = _packaged_data(path, text) if trusted else None
    if known is None and cache is not None:
        known = cache.known_vocabulary(digest)
    if isinstance(known, dict):
        try:
            return _Builder(known, display_name, digest).build(checked=True)
        except (VocabularyError, KeyError, TypeError, ValueError, AttributeError):
            pass
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = _quietly_loaded(YAML(typ="safe"), text)
        if isinstance(data, dict):
            _refuse_aliases(data, display_name)
            if trusted or schema_valid(data):
                vocabulary = _Builder(data, display_name, digest).build(checked=trusted)
                if cache is not None:
                    cache.remember_vocabulary(digest, data)
                return vocabulary
    except (YAMLError, VocabularyError, KeyError, TypeError, ValueError, AttributeError):
        pass
    return parse_vocabulary(text, display_name)


def _packaged_data(path: Path, text: str) -> Any:
    """The data of the embedded default from the JSON its wheel carries beside the YAML
    (`hatch_build.py`), while that JSON was made from this very text; else None."""
    try:
        form = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(form, dict) or form.get("source") != hashlib.sha256(text.encode()).hexdigest():
        return None
    return form.get("data")


def _digest(text: str) -> str:
    """A vocabulary's identity: its text, read by this build of the tool."""
    return hashlib.sha256(text.encode() + tool_digest().encode()).hexdigest()


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
    problems = list(schema_problems(data, filename))
    if problems:
        raise VocabularyError(problems)
    builder = _Builder(data, filename, _digest(text))
    return builder.build()


def _read_yaml(text: str, filename: str) -> CommentedMap:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt", pure=True)
    try:
        data = _quietly_loaded(yaml, text)
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
        raise VocabularyError([f"{filename}:1:1: expected a mapping at the top level, got {type_name(data)}"])
    _refuse_aliases(data, filename)
    return data


def _quietly_loaded(yaml: YAML, text: str) -> Any:
    """`yaml.load(text)` with ruamel's warnings (a reused anchor, say) kept from the user's
    terminal: what matters in a vocabulary is reported as a vocabulary problem, at its line."""
    from ruamel.yaml.error import YAMLFutureWarning, YAMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", YAMLWarning)
        warnings.simplefilter("ignore", YAMLFutureWarning)
        return yaml.load(text)


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
            stack.extend(reversed([(value, position(node, key, of_key=True)) for key, value in node.items()]))
        else:
            stack.extend(reversed([(value, position(node, index)) for index, value in enumerate(node)]))


class _Builder:
    """Turns schema-valid YAML into the typed model, then runs the cross-reference checks."""

    def __init__(self, data: dict[str, Any], filename: str, digest: str) -> None:
        self.data = data
        self.filename = filename
        self.digest = digest
        self.retired_ids = RetiredIds()

    def origin(self, container: Any, key: Any) -> Origin:
        """Where `container[key]` stands in the file (1-based)."""
        line, column = position(container, key)
        return Origin(self.filename, line + 1, column + 1)

    def build(self, *, checked: bool = False) -> Vocabulary:
        """The checked vocabulary; every problem found is raised at once.

        `checked`: the data passed the cross-reference checks before (the cache's signed
        form of a vocabulary with the same text and build of the tool), so they are not run again.
        """
        data = self.data
        paths_map = data.get("paths", {})
        severity = data.get("severity", {})
        vocabulary = Vocabulary(
            name=data["name"],
            description=data.get("description", ""),
            source=self.filename,
            categories=tuple(
                Category(c["id"], c["title"], c.get("description", "")) for c in data.get("categories", [])
            ),
            terms=tuple(self._term(data["terms"], i) for i in range(len(data["terms"]))),
            removed=self._retired("removed", NameKind.REMOVED),
            deprecated=self._retired("deprecated", NameKind.DEPRECATED),
            prose_words=self._prose_words(),
            moved_modules=self._moved_modules(),
            conflations=self._conflations(),
            module_aliases={
                module: _as_tuple(aliases)
                for module, aliases in data.get("python", {}).get("module_aliases", {}).items()
            },
            paths=PathSettings(**{key: tuple(paths_map.get(key, [])) for key in PathSettings.__dataclass_fields__}),
            rule_severity=dict(severity.get("rules", {})),
            term_severity=dict(severity.get("terms", {})),
            digest=self.digest,
        )
        if not checked:
            problems = Problems(self.filename)
            cross_check(data, vocabulary, problems)
            problems.raise_if_any()
        return vocabulary

    def _prose_words(self) -> tuple[ProseWord, ...]:
        data = self.data
        return tuple(
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

    def _moved_modules(self) -> tuple[MovedModule, ...]:
        data = self.data
        return tuple(
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

    def _conflations(self) -> tuple[Conflation, ...]:
        data = self.data
        negations = tuple(data.get("negations", DEFAULT_NEGATIONS))
        return tuple(
            Conflation(
                id=c["id"],
                first=tuple(c["first"]),
                second=tuple(c["second"]),
                message=c["message"],
                origin=self.origin(data["conflations"], i),
                negations=tuple(c.get("negations", negations)),
                unless=tuple(c.get("unless", [])),
                claims=tuple(c.get("claims", [])),
                examples=_examples(c),
            )
            for i, c in enumerate(data.get("conflations", []))
        )

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
                id=raw.get("id") or self.retired_ids.of(raw["name"]),
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
                qualified=raw.get("qualified", False),
                exact_case=raw.get("case", "any") == "exact",
                contexts=frozenset(Context(name) for name in raw.get("contexts", [])),
                deprecated_in=_text_or_none(raw.get("deprecated_in")),
                removed_in=_text_or_none(raw.get("removed_in")),
                replacement_since=_text_or_none(raw.get("replacement_since")),
                package=raw.get("package"),
            )
            for i, raw in enumerate(seq)
        )


def _text_or_none(value: Any) -> str | None:
    """A version as written; YAML reads `2.0` as a number, which is the version "2.0"."""
    return None if value is None else str(value)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _examples(raw: CommentedMap) -> Examples:
    examples = raw.get("examples", {})
    return Examples(flag=tuple(examples.get("flag", [])), pass_=tuple(examples.get("pass", [])))
