"""The embedded default vocabulary encodes every fact of capacity-vocabulary.md."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from lint.engine.engine import Engine
from lint.engine.scope import FileScope
from lint.findings import Context, Rule
from lint.text.words import word_tuple
from lint.vocabulary.load import default_vocabulary_path, load_vocabulary, load_vocabulary_quickly
from lint.vocabulary.schema import schema

from .conftest import DATA, REPO

FACTS = (DATA / "capacity-vocabulary.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The rule engine of the shipped default vocabulary itself (not the tests' copy)."""
    return Engine(load_vocabulary(default_vocabulary_path()))


ANYWHERE = FileScope("docs/page.md")


def _section(number: int) -> str:
    found = re.search(rf"^## {number}\..*?(?=^## |\Z)", FACTS, re.MULTILINE | re.DOTALL)
    assert found, number
    return found.group()


def _rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("| ---") and "---" not in line:
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]


def _ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_default_vocabulary_validates_against_the_published_schema() -> None:
    data = YAML(typ="safe", pure=True).load((REPO / "vocab.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())


def test_default_vocabulary_passes_the_cross_checks_a_trusted_load_skips() -> None:
    """`check` loads the embedded default without the schema and cross-reference checks."""
    vocabulary = load_vocabulary(REPO / "vocab.yaml")
    assert vocabulary.terms and vocabulary.removed


def test_schema_command_prints_the_shipped_schema(run_cli: Any) -> None:
    result = run_cli("vocab", "schema")
    assert result.code == 0
    assert json.loads(result.out) == schema()


def test_every_capacity_layer_is_a_term_with_its_code_names(engine: Engine) -> None:
    terms = {term.name: term for term in engine.vocabulary.terms}
    for row in _rows(_section(1)):
        name = re.sub(r"\s*\(also.*", "", row[0])
        assert name in terms, name
        code_names = {c.name for c in terms[name].code_names}
        for code_name in _ticked(row[1]):
            assert code_name in code_names or code_name.split(".")[-1] in code_names, (name, code_name)
        assert terms[name].owner == row[2], name
        for alias in re.findall(r'"([^"]+)"', row[0]):
            assert alias in terms[name].aliases


def test_every_durable_and_plan_name_is_canonical(engine: Engine) -> None:
    canonical = {word_tuple(c.name) for term in engine.vocabulary.terms for c in term.code_names}
    text = json.dumps([term.definition for term in engine.vocabulary.terms])
    names = _ticked(_section(1).split("Related durable names:")[1]) + _ticked(_section(2))
    for name in names:
        member = name.rsplit(".", 1)[-1]
        assert word_tuple(name) in canonical or name in text or member in text, name


@pytest.mark.parametrize("row", _rows(_section(4).split("Moved modules")[0]), ids=lambda r: r[0])
def test_every_removed_name_is_flagged_with_its_replacement(engine: Engine, row: list[str]) -> None:
    replacements = _ticked(row[1])
    for name in _ticked(row[0]):
        hits = engine.hits(name, Context.IDENTIFIER, ANYWHERE)
        # A name's leading underscore is part of it: the span covers the whole name.
        assert [(h.rule, h.matched) for h in hits] == [(Rule.REMOVED_NAME, name)], name
        if len(replacements) == 1:
            assert hits[0].replacement == replacements[0]
            assert hits[0].fixable
        else:
            assert hits[0].replacement is None


def test_every_moved_module_is_encoded(engine: Engine) -> None:
    moved = {m.old: set(m.new) for m in engine.vocabulary.moved_modules}
    rows = _rows(_section(4).split("Moved modules")[1])
    assert len(rows) == 6
    for row in rows:
        old = _ticked(row[0])[0]
        assert moved[old] == set(_ticked(row[1]))
        hits = engine.hits(f"from pkg.{old} import x", Context.IMPORT, ANYWHERE)
        assert [h.rule for h in hits] == [Rule.MOVED_MODULE]


def test_every_deprecated_name_is_encoded(engine: Engine) -> None:
    for row in _rows(_section(5)):
        name, replacement = _ticked(row[0])[0], _ticked(row[1])[0]
        hits = engine.hits(name, Context.ATTRIBUTE, ANYWHERE)
        assert [(h.rule, h.replacement) for h in hits] == [(Rule.DEPRECATED_NAME, replacement)], name


@pytest.mark.parametrize("word", ["throttle", "throttled", "throttling", "semaphore"])
def test_prose_words_are_flagged_in_current_docs(engine: Engine, word: str) -> None:
    hits = engine.hits(f"Calls are {word} here.", Context.PROSE, ANYWHERE)
    assert [h.rule for h in hits] == [Rule.PROSE_WORD]
    assert engine.hits(f"Calls are {word} here.", Context.PROSE, ANYWHERE, historical=True) == []


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("rate limiter", "request-admission"),
        ("request throttle", "request-admission"),
        ("concurrency limiter", "request-admission"),
        ("LLM slots", "task-admission"),
        ("task slots", "task-admission"),
        ("connection pool", "transport-pool"),
        ("row group admission", "row-group-admission"),
        ("rowgroup admission", "row-group-admission"),
    ],
)
def test_non_canonical_names_for_a_layer(engine: Engine, variant: str, canonical: str) -> None:
    hits = engine.hits(f"The {variant} decides.", Context.PROSE, ANYWHERE)
    assert [(h.rule, h.term, h.matched) for h in hits] == [(Rule.NON_CANONICAL_TERM, canonical, variant)]


def test_every_conflation_of_section_7_has_a_rule(engine: Engine) -> None:
    bullets = [line for line in _section(7).splitlines() if line.startswith("- ")]
    assert len(engine.vocabulary.conflations) >= len(bullets) - 1  # the last bullet is the avoid lists


def test_internal_names_are_flagged_in_user_docs_only(engine: Engine) -> None:
    for name in ["TaskAdmissionConfig", "RequestAdmissionConfig", "TaskAdmissionPolicy", "TaskAdmissionLease"]:
        public = engine.hits(name, Context.INLINE_CODE, engine.scope_for("docs/user-guide/x.md"))
        internal = engine.hits(name, Context.INLINE_CODE, engine.scope_for("docs/architecture/x.md"))
        assert [h.rule for h in public] == [Rule.INTERNAL_TERM_IN_PUBLIC_DOCS], name
        assert internal == [], name
    for knob in ["max_parallel_requests", "buffer_size", "RequestAdmissionTuningConfig"]:
        assert engine.hits(knob, Context.INLINE_CODE, engine.scope_for("docs/user-guide/x.md")) == [], knob


def test_vocab_test_passes_on_the_default(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("vocab", "test", cwd=tmp_path)
    assert result.code == 0, result.out
    assert "embedded default" in result.out


@pytest.mark.slow
def test_installed_wheel_carries_the_default_vocabulary(tmp_path: Path) -> None:
    """Build the wheel, install it in a fresh venv, and use it from an empty folder."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy a clean checkout")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The new venv sees this environment's dependencies, but not its copy of vocab-lint first.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "zz_parent.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    wheel = next(wheels.glob("vocab_lint-*.whl"))
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        packed = {name for name in archive.namelist() if name.startswith("lint/")}
    sources = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "lint").rglob("*")
        if path.suffix in (".py", ".json", ".css")
    }
    assert sources - packed == set(), "every module of the package is in the wheel (no ignore rule drops one)"
    assert {"lint/py.typed", "lint/data/vocab.yaml", "lint/data/vocab.json"} <= packed
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, "-q", str(wheel)], check=True
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    tool = [str(python), "-m", "lint"]
    tested = subprocess.run([*tool, "vocab", "test"], cwd=empty, capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    explained = subprocess.run([*tool, "explain", "ThrottleManager"], cwd=empty, capture_output=True, text=True)
    assert explained.returncode == 0
    assert "RequestAdmissionController" in explained.stdout
    located = subprocess.run(
        [str(python), "-c", "from lint.vocabulary.load import default_vocabulary_path as d; print(d())"],
        cwd=empty,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" in located.stdout and located.stdout.strip().endswith("lint/data/vocab.yaml")
    # The installed default is built from the JSON the wheel ships: no YAML parser imported.
    loaded = subprocess.run(
        [str(python), "-c", _LOAD_DEFAULT_WITHOUT_CACHE, "check"], cwd=empty, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["ruamel:False"]


_LOAD_DEFAULT_WITHOUT_CACHE = """
import sys
from lint.vocabulary.load import default_vocabulary_path, load_vocabulary_quickly
vocabulary = load_vocabulary_quickly(default_vocabulary_path(), "default", None, trusted=True)
assert vocabulary.removed
print(f"ruamel:{any(name.startswith('ruamel') for name in sys.modules)}")
"""


def _hatch_build() -> Any:
    spec = importlib.util.spec_from_file_location("hatch_build", REPO / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_packaged_json_form_builds_the_same_vocabulary(tmp_path: Path) -> None:
    """The wheel's JSON form of the default is read instead of its YAML while it was made
    from that very text; an edited YAML is read again."""
    text = (REPO / "vocab.yaml").read_text(encoding="utf-8")
    (tmp_path / "vocab.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "vocab.json").write_text(_hatch_build().packaged_form(text), encoding="utf-8")
    from_json = load_vocabulary_quickly(tmp_path / "vocab.yaml", "default", None, trusted=True)
    from_yaml = load_vocabulary_quickly(REPO / "vocab.yaml", "default", None, trusted=True)
    assert from_json == from_yaml
    added = "  - name: edited term\n    category: capacity-layers\n    definition: Added after the build.\n"
    edited = text.replace("terms:\n", "terms:\n" + added, 1)
    (tmp_path / "vocab.yaml").write_text(edited, encoding="utf-8")
    reread = load_vocabulary_quickly(tmp_path / "vocab.yaml", "default", None, trusted=True)
    assert "edited term" in {term.name for term in reread.terms}


# The project itself, with its own vocabulary ----------------------------------------------


def test_the_project_passes_its_own_vocabulary(run_cli: Any) -> None:
    """Dogfooding: the repository's code and docs pass vocab-lint with its own vocabulary."""
    result = run_cli("check", "lint", "docs", "README.md", "--no-show-source", cwd=REPO)
    assert result.code == 0, result.out
    assert "no findings" in result.out


def test_readme_quick_start_finds_the_stale_sample(run_cli: Any) -> None:
    """`cd examples && vocab-lint check`, the README's first command, reports the old vocabulary."""
    result = run_cli("check", "--format", "json", "--no-cache", cwd=REPO / "examples")
    assert result.code == 1
    paths = {f["path"] for f in json.loads(result.out)["findings"]}
    assert {
        "engine/throttle_manager.py",
        "engine/scheduler.py",
        "docs/user-guide/capacity.md",
        "docs/user-guide/tour.ipynb",
        "docs/user-guide/admission.rst",
    } <= paths
    assert "engine/request_admission_clean.py" not in paths


def test_correct_capacity_docs_have_no_findings() -> None:
    completed = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "precision.py")], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stdout


# The repository the default describes, with no configuration -----------------------------


def test_the_default_is_right_on_the_repository_it_describes(tmp_path: Path, run_cli: Any) -> None:
    """A trimmed copy of NVIDIA-NeMo/DataDesigner after its rename (`tests/data/datadesigner`),
    checked as a new user would: the real leftovers and the `llm_wait` resource key are found;
    the deliberate shim, the plans, the dated posts and the user docs are right as they are;
    "connection pool" naming httpx's own pool stays the one arguable warning."""
    copy = tmp_path / "DataDesigner"
    shutil.copytree(DATA / "datadesigner", copy)
    result = run_cli("check", "--no-cache", "--output-format", "json", cwd=copy)
    assert result.code == 1, result.err
    findings = json.loads(result.out)["findings"]
    found = sorted({(f["path"].split("/")[-1], f["rule"], f["term"]) for f in findings})
    assert found == [
        ("models.md", "removed-name", "throttle-manager"),  # architecture: the current request-admission section
        ("resolver.py", "removed-name", "llm-wait"),  # the "llm_wait" task-resource key
        ("retry.py", "non-canonical-term", "transport-pool"),
        ("test_async_scheduler.py", "removed-name", "llm-wait"),  # max_llm_wait and the hand-off docstring
        ("test_resources.py", "removed-name", "llm-wait"),
    ]
    key = next(f for f in findings if f["path"].endswith("resolver.py"))
    assert "name the resource or reason after task-stage pressure" in key["message"]
