"""Malformed vocabularies: exit code 2 and one clear `FILE:LINE:COLUMN: message` each."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lint.errors import VocabularyError
from lint.vocabulary.load import load_vocabulary

MINIMAL = """\
version: 1
name: demo
terms:
  - name: request admission
    category: layers
    definition: Bounds provider calls.
    code_names: [RequestAdmissionController]
"""


def _vocab(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vocab.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


MALFORMED = [
    pytest.param("", "1:1", "vocabulary file is empty", id="empty-file"),
    pytest.param("version: 1\nname: [unclosed\n", "3:1", "YAML syntax error", id="yaml-syntax"),
    pytest.param("- just\n- a list\n", "1:1", "expected a mapping at the top level", id="top-level-list"),
    pytest.param(MINIMAL + "removd: []\n", "8:1", "unknown key 'removd' (did you mean 'removed'?)", id="unknown-key"),
    pytest.param(
        MINIMAL.replace("    definition:", "    definiton:"),
        "6:5",
        "unknown key 'definiton' in 'terms' (did you mean 'definition'?)",
        id="unknown-nested-key",
    ),
    pytest.param(
        MINIMAL.replace("name: demo", "name: [a, b]"), "2:7", "'name': expected a string, got a list", id="wrong-type"
    ),
    pytest.param(
        "version: 1\nname: demo\nterms:\n  - name: x\n    category: c\n",
        "4:5",
        "missing required key 'definition'",
        id="missing-field",
    ),
    pytest.param(MINIMAL.replace("version: 1", "version: 2"), "1:10", "must be 1", id="wrong-version"),
    pytest.param(
        MINIMAL + "  - name: request admission\n    category: layers\n    definition: Again.\n",
        "8:5",
        "duplicate id 'request-admission' (first declared at",
        id="duplicate-id",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: float_\n    qualified: true\n",
        "9:11",
        "qualified name 'float_' must be a dotted Python name",
        id="qualified-not-dotted",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: '*.run.flag'\n",
        "9:11",
        "an attribute on any receiver is written '*.member'",
        id="any-receiver-not-one-member",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: '*.flag'\n    qualified: true\n",
        "9:11",
        "'*.flag' is found by its spelling: it cannot be 'qualified' or a 'pattern'",
        id="any-receiver-qualified",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: '*.flag'\n    replacement: run.new_flag\n",
        "10:18",
        "replacement 'run.new_flag' is not an attribute ('*.member' or 'member')",
        id="any-receiver-replacement",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: NaN\n    case: exact\n    pattern: 'N[a]N'\n",
        "11:14",
        "'pattern' cannot be combined with 'qualified' or 'case'",
        id="pattern-with-case",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: NaN\n    contexts: [identifer]\n",
        "10:16",
        "identifer",
        id="unknown-context",
    ),
    pytest.param(
        MINIMAL + "python:\n  module_aliases:\n    numpy-core: [np]\n",
        "10:5",
        "'numpy-core' is not a module name",
        id="module-alias-not-a-module",
    ),
    pytest.param(
        MINIMAL.replace("    code_names:", "    see_also: [task-admision]\n    code_names:"),
        "7:16",
        "see_also 'task-admision' names no term",
        id="unknown-see-also",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: old\n    pattern: 'thr(ottle'\n",
        "10:14",
        "invalid regular expression 'thr(ottle'",
        id="bad-regex",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - name: request_admission\n",
        "9:11",
        "'request_admission' is both removed and a canonical name of term 'request-admission'",
        id="canonical-and-removed",
    ),
    pytest.param(
        MINIMAL.replace("    category: layers", "    category: layers\n    audience: everyone"),
        "6:15",
        "'audience': 'everyone' is not one of: public, internal",
        id="bad-enum",
    ),
    pytest.param(
        "version: 1\nname: demo\nterms:\n  - name: x\n    name: y\n    category: c\n    definition: d\n",
        "5:5",
        "duplicate key",
        id="duplicate-key",
    ),
    pytest.param(
        "version: 1\nname: demo\nnegations: &n [not, never]\nterms: []\nprose_words: *n\n",
        "5:1",
        "YAML aliases are not allowed",
        id="alias",
    ),
    pytest.param(
        "version: 1\nname: demo\ncategories:\n  - id: layers\n    title: Layers\nterms:\n"
        "  - name: x\n    category: layer\n    definition: d\n",
        "8:15",
        "category 'layer' is not declared in 'categories' (did you mean 'layers'?)",
        id="unknown-category",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - {name: ThrottleManager, replacement: AdmissionGate}\n"
        "  - {name: AdmissionGate, replacement: ThrottleManager}\n",
        "9:42",
        "'ThrottleManager' is renamed to 'AdmissionGate', which is itself removed (entry 'admission-gate' at "
        "vocab.yaml:10:5); the two renames undo each other",
        id="rename-cycle",
    ),
    pytest.param(
        MINIMAL + "removed:\n  - {name: old_gate, replacement: middle_gate}\n"
        "deprecated:\n  - {name: middle_gate, replacement: RequestAdmissionController}\n",
        "9:35",
        "'old_gate' is renamed to 'middle_gate', which is itself deprecated (entry 'middle-gate' at vocab.yaml:11:5);"
        " a fix would rename it again",
        id="rename-chain",
    ),
]


@pytest.mark.parametrize(("text", "position", "message"), MALFORMED)
def test_malformed_vocabulary_exits_2_with_position(
    tmp_path: Path, run_cli: Any, text: str, position: str, message: str
) -> None:
    path = _vocab(tmp_path, text)
    result = run_cli("vocab", "test", "--vocab", str(path), cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert lines[0].startswith(f"vocab-lint: {path.name}:")
    assert any(
        line.startswith((f"vocab-lint: {path.name}:{position}: ", f"{path.name}:{position}: ")) and message in line
        for line in lines
    ), lines


def test_alias_bomb_is_refused_quickly(tmp_path: Path, run_cli: Any) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    path = _vocab(tmp_path, "\n".join(levels) + "\n")
    result = run_cli("check", "--vocab", str(path), cwd=tmp_path)
    assert result.code == 2
    assert "aliases are not allowed" in result.err


def test_each_problem_is_told_once(tmp_path: Path, run_cli: Any) -> None:
    """Each missing key was its own schema error, all named after the first one missing."""
    path = _vocab(tmp_path, "name: demo\n")
    result = run_cli("check", "--vocab", str(path), cwd=tmp_path)
    assert result.code == 2
    assert result.err.strip().splitlines() == [f"vocab-lint: {path.name}:1:1: missing required keys 'version', 'terms'"]


def test_a_reused_anchor_prints_no_python_warning(tmp_path: Path) -> None:
    """ruamel warns of a reused anchor through Python's warnings, which reached the terminal
    with ruamel's own source line; the vocabulary's problems are all a user sees."""
    path = _vocab(tmp_path, "a: &x 1\nb: &x 2\n")
    done = subprocess.run(
        [sys.executable, "-m", "lint", "check", "--vocab", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"vocab-lint: {path.name}:1:1: unknown key 'a'")
    assert "Warning" not in done.stderr and "ruamel" not in done.stderr


def test_missing_vocabulary_file(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("check", "--vocab", "nope.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "vocabulary file not found: nope.yaml" in result.err


def test_a_valid_minimal_vocabulary_loads(tmp_path: Path) -> None:
    vocabulary = load_vocabulary(_vocab(tmp_path, MINIMAL))
    assert [t.id for t in vocabulary.terms] == ["request-admission"]
    assert vocabulary.terms[0].code_names[0].name == "RequestAdmissionController"


def test_a_valid_vocabulary_loads_without_the_positioned_parse(tmp_path: Path, monkeypatch: Any) -> None:
    """The C loader and the schema suffice for a valid file; the slow round-trip parse is only
    for reporting problems at their positions."""
    import lint.vocabulary.load as load

    calls: list[str] = []
    real = load.parse_vocabulary

    def counted(text: str, filename: str) -> Any:
        calls.append(filename)
        return real(text, filename)

    monkeypatch.setattr(load, "parse_vocabulary", counted)
    valid = _vocab(tmp_path, MINIMAL)
    assert load.load_vocabulary_quickly(valid, "vocab.yaml", None, trusted=False).terms[0].name == "request admission"
    assert calls == []
    invalid = _vocab(tmp_path, MINIMAL + "removd: []\n")
    with pytest.raises(VocabularyError, match="8:1: unknown key 'removd'"):
        load.load_vocabulary_quickly(invalid, "vocab.yaml", None, trusted=False)
    assert calls == ["vocab.yaml"]


def test_names_that_differ_only_in_case_get_distinct_default_ids(tmp_path: Path) -> None:
    """`DatasetManager` and `dataset_manager` are two names when spelt exactly (Airflow 3 removed
    both): the first keeps the kebab-case id, the later ones are told apart by their spelling;
    a name repeated is still a duplicate."""
    entries = """\
        removed:
          - {name: pkg.manager.DatasetManager, qualified: true, case: exact}
          - {name: pkg.manager.dataset_manager, qualified: true, case: exact}
          - {name: "pkg.DAG(concurrency)", qualified: true}
          - {name: "pkg.dag(concurrency)", qualified: true}
          - {name: "pkg.Dag(concurrency)", qualified: true}
        """
    path = _vocab(tmp_path, MINIMAL + textwrap.dedent(entries))
    ids = [entry.id for entry in load_vocabulary(path).removed]
    assert ids == [
        "pkg-manager-dataset-manager",
        "pkg-manager-dataset_manager",
        "pkg-dag-concurrency",
        "pkg-dag-concurrency-2",
        "pkg-Dag-concurrency",
    ]
    repeated = _vocab(tmp_path, MINIMAL + "removed:\n  - name: pkg.Old\n  - name: pkg.Old\n")
    with pytest.raises(VocabularyError, match="duplicate id 'pkg-old'"):
        load_vocabulary(repeated)


def test_checking_the_schema_loads_no_format_checker() -> None:
    """jsonschema's import loads the modules of its format checkers when they are installed
    (Jupyter installs them; `rfc3987_syntax` compiles grammars for seconds, `isoduration`
    imports `arrow`); the vocabulary's schema checks no format, so they are kept out of that
    import, and stay importable after it."""
    script = textwrap.dedent(
        """\
        import importlib.util, sys
        from lint.vocabulary.schema import FORMAT_CHECKER_MODULES, schema_valid
        assert not schema_valid({"version": 1})
        loaded = [name for name in FORMAT_CHECKER_MODULES if name in sys.modules]
        assert not loaded, loaded
        installed = [name for name in FORMAT_CHECKER_MODULES if importlib.util.find_spec(name) is not None]
        for name in installed:
            importlib.import_module(name)
        print(len(installed), "importable")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("importable")
