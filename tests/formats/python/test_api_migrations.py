"""A library's API migration as its users meet it: names imported under an alias, and
compatibility fallbacks in `except ImportError` (a real provider, `tests/data/airflow`)."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

from ...conftest import DATA

AIRFLOW = DATA / "airflow"
VOCAB = str(AIRFLOW / "vocab.yaml")


def _findings(run_cli: Any, cwd: Path, *paths: str) -> list[tuple[str, int, str, str, str, bool]]:
    result = run_cli("check", "--no-cache", "--format", "json", "--vocab", VOCAB, *paths, cwd=cwd)
    assert result.code in (0, 1), result.err
    return [
        (Path(f["path"]).name, f["line"], f["severity"], f["context"], f["matched"], f["fixable"])
        for f in json.loads(result.out)["findings"]
    ]


def test_a_fallback_import_is_a_warning_and_the_name_it_shares_is_no_one_s(run_cli: Any) -> None:
    """The provider imports Airflow 3's `Context` and falls back to Airflow 2's: the fallback
    is reported as such, never fixed; `context: Context` is bound by both imports and is
    neither; the base class imported outside any fallback is a plain error, its import fixed
    by importing it from its new module."""
    found = _findings(run_cli, AIRFLOW, "airflow/providers/http/sensors/http.py")
    assert found == [
        ("http.py", 28, "error", "import", "airflow.sensors.base", True),
        ("http.py", 36, "warning", "import", "airflow.utils.context", False),
        ("http.py", 39, "error", "identifier", "BaseSensorOperator", False),
    ]
    result = run_cli("check", "--no-cache", "--vocab", VOCAB, "airflow/providers/http/sensors/http.py", cwd=AIRFLOW)
    assert "here only as the fallback of a `try` that imports first (`except ImportError`)" in result.out


def test_uses_of_an_import_alias_are_the_entry(tmp_path: Path, run_cli: Any) -> None:
    """`as Bash` is the user's name for the moved class: each use is found (once the import
    is fixed they are right again, so only the import is fixable). A module imported under
    `as` and read only for that class moves with it: its import is fixed."""
    (tmp_path / "dag.py").write_text(
        textwrap.dedent(
            """\
            from airflow.operators.bash import BashOperator as Bash
            import airflow.operators.bash as bash_ops


            def build():
                first = Bash(task_id="a")
                second = bash_ops.BashOperator(task_id="b")
                return [first, second, Bash]


            def shadowed(Bash):
                return Bash
            """
        ),
        encoding="utf-8",
    )
    found = _findings(run_cli, tmp_path, "dag.py")
    assert found == [
        ("dag.py", 1, "error", "import", "airflow.operators.bash", True),  # the import moves, `as Bash` stays
        ("dag.py", 2, "error", "import", "airflow.operators.bash", True),  # `bash_ops` moves
        ("dag.py", 6, "error", "identifier", "Bash", False),
        ("dag.py", 7, "error", "attribute", "BashOperator", False),
        ("dag.py", 8, "error", "identifier", "Bash", False),
    ]  # the parameter `Bash` of `shadowed` is not the import
    text = run_cli("check", "--no-cache", "--vocab", VOCAB, "dag.py", cwd=tmp_path).out
    assert "'airflow.operators.bash.BashOperator' was removed; use 'airflow.providers.standard" in text
    assert "(imported as 'Bash')" in text


def test_a_severity_override_still_applies_to_fallbacks(tmp_path: Path, run_cli: Any) -> None:
    vocabulary = (AIRFLOW / "vocab.yaml").read_text(encoding="utf-8") + "severity:\n  rules: {removed-name: error}\n"
    (tmp_path / "vocab.yaml").write_text(vocabulary, encoding="utf-8")
    (tmp_path / "m.py").write_text(
        "try:\n    from airflow.sdk import BaseSensorOperator\nexcept ImportError:\n"
        "    from airflow.sensors.base import BaseSensorOperator\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--no-cache", "--format", "json", "m.py", cwd=tmp_path)
    assert [(f["line"], f["severity"]) for f in json.loads(result.out)["findings"]] == [(4, "error")]


DAGS = """\
import airflow
from airflow import DAG
from airflow.models.dag import DAG as ModelDAG


def nightly(DAG):
    return DAG(schedule_interval="@daily")  # a parameter named DAG: not Airflow's


first = DAG("first", schedule_interval="@daily", catchup=False)
second = airflow.DAG(
    "second",
    schedule_interval=None,
)
third = ModelDAG("third", schedule_interval="@hourly")
fourth = dict(schedule_interval="@daily")
"""


def test_a_removed_parameter_matches_keywords_of_calls_its_callable_resolves_to(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "dags.py").write_text(DAGS, encoding="utf-8")
    assert _findings(run_cli, tmp_path, "dags.py") == [
        ("dags.py", 10, "error", "keyword", "schedule_interval", True),
        ("dags.py", 13, "error", "keyword", "schedule_interval", True),
        ("dags.py", 15, "error", "keyword", "schedule_interval", True),  # through the alias ModelDAG
    ]
    fixed = run_cli("fix", "--no-cache", "--vocab", VOCAB, "dags.py", cwd=tmp_path)
    assert fixed.code == 0, fixed.out + fixed.err
    text = (tmp_path / "dags.py").read_text(encoding="utf-8")
    assert 'DAG("first", schedule="@daily", catchup=False)' in text
    assert "    schedule=None,\n" in text and 'ModelDAG("third", schedule="@hourly")' in text
    assert 'DAG(schedule_interval="@daily")  # a parameter' in text and 'dict(schedule_interval="@daily")' in text
    compile(text, "dags.py", "exec")


def test_explain_says_how_a_parameter_entry_matches(run_cli: Any) -> None:
    explained = run_cli("explain", "airflow-dag-schedule-interval", "--vocab", VOCAB).out
    assert (
        "Matches: the keyword argument schedule_interval= of calls that the file's imports resolve to airflow.DAG"
        in explained
    )
    assert "Safe fix: schedule_interval= becomes schedule= in calls of airflow.DAG" in explained


def test_a_parameter_entry_must_be_qualified(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "vocab.yaml").write_text(
        "version: 1\nname: x\nterms: []\nremoved:\n  - name: pkg.Client(timeout_s)\n", encoding="utf-8"
    )
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.code == 2 and "names a parameter: it needs 'qualified: true'" in result.err
    assert "Traceback" not in result.err


def test_the_documented_package_migration_reports_what_the_docs_say(tmp_path: Path, run_cli: Any) -> None:
    """The worked example of docs/vocabulary.md, run as written."""
    docs = (Path(__file__).parents[3] / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    example = docs[docs.index("### A worked example: a package migration") :]
    vocabulary, source = re.findall(r"```(?:yaml|python)\n(.*?)```", example, flags=re.DOTALL)[:2]
    (tmp_path / "vocab.yaml").write_text(vocabulary, encoding="utf-8")
    (tmp_path / "dag.py").write_text(source, encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", "dag.py", cwd=tmp_path)
    found = [
        (f["line"], f["rule"], f["severity"], f["matched"], f["fixable"]) for f in json.loads(result.out)["findings"]
    ]
    split = "from airflow.operators.python import PythonOperator, get_current_context"
    assert found == [
        (2, "removed-name", "error", "airflow.sensors.base", True),
        (3, "moved-module", "error", "airflow.contrib", True),
        (4, "removed-name", "error", split, True),
        (9, "removed-name", "warning", "airflow.sensors.base", False),
        (11, "removed-name", "error", "schedule_interval", True),
        (12, "removed-name", "error", "Sensor", False),
        (16, "removed-name", "error", "get_current_context", False),
        (16, "removed-name", "error", "external_trigger", True),
    ]
    run_cli("fix", "--no-cache", "dag.py", cwd=tmp_path)
    fixed = (tmp_path / "dag.py").read_text(encoding="utf-8")
    assert fixed.splitlines()[1:5] == [
        "from airflow.sdk import BaseSensorOperator as Sensor",
        "from airflow.providers.hooks import gcs_hook",
        "from airflow.operators.python import PythonOperator",
        "from airflow.sdk import get_current_context",
    ]
    assert 'schedule="@daily"' in fixed and '["dag_run"].run_after' in fixed
    left = run_cli("check", "--no-cache", "--format", "json", "dag.py", cwd=tmp_path).out
    assert [(f["line"], f["severity"]) for f in json.loads(left)["findings"]] == [(10, "warning")]  # the fallback


def test_an_import_whose_names_all_moved_is_fixed_to_their_new_module(tmp_path: Path, run_cli: Any) -> None:
    """Fixing the released provider: its base class is imported from the Task SDK, the
    fallback in `except ImportError` is left as it is, and the file still compiles."""
    provider = tmp_path / "http.py"
    shutil.copy(AIRFLOW / "airflow/providers/http/sensors/http.py", provider)
    (tmp_path / "mixed.py").write_text(
        "from airflow.sensors.base import BaseSensorOperator, PokeReturnValue\n"
        "from airflow.sensors.base import (\n    BaseSensorOperator as Base,\n)\n",
        encoding="utf-8",
    )
    result = run_cli("fix", "--no-cache", "--vocab", VOCAB, "http.py", "mixed.py", cwd=tmp_path)
    assert result.code == 0, result.out + result.err  # only the fallback's warning remains
    fixed = provider.read_text(encoding="utf-8")
    assert "\nfrom airflow.sdk import BaseSensorOperator\n" in fixed
    assert "        from airflow.utils.context import Context\n" in fixed
    compile(fixed, "http.py", "exec")
    mixed = (tmp_path / "mixed.py").read_text(encoding="utf-8")
    assert mixed.startswith(
        "from airflow.sensors.base import PokeReturnValue\nfrom airflow.sdk import BaseSensorOperator\n"
    )
    assert "from airflow.sdk import (\n    BaseSensorOperator as Base,\n)" in mixed
    assert _findings(run_cli, tmp_path, "http.py") == [
        ("http.py", 36, "warning", "import", "airflow.utils.context", False)
    ]


def test_a_removed_package_is_one_entry_for_every_module_under_it(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "vocab.yaml").write_text(
        "version: 1\nname: x\nterms: []\nmoved_modules:\n  - old: airflow.contrib\n    new: []\n", encoding="utf-8"
    )
    (tmp_path / "dag.py").write_text(
        "import airflow.contrib.hooks.gcs_hook\nfrom airflow.contrib.operators.ssh import SSHOperator\n"
        "from airflow.contributors import team\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--no-cache", "--format", "json", "dag.py", cwd=tmp_path)
    found = [(f["line"], f["matched"], f["fixable"], f["message"]) for f in json.loads(result.out)["findings"]]
    assert found == [
        (1, "airflow.contrib", False, "module 'airflow.contrib' was removed"),
        (2, "airflow.contrib", False, "module 'airflow.contrib' was removed"),
    ]


def test_both_branches_of_a_version_gate_are_fallbacks(tmp_path: Path, run_cli: Any) -> None:
    """scikit-learn's `sklearn/utils/fixes.py` imports NumPy's warnings from their new module
    on NumPy >= 1.25 and from the old one before: the old import is reported as a fallback
    and never fixed (rewriting it would drop NumPy 1.24); an `if` whose branches import
    different names is no gate."""
    source = (
        "import numpy as np\n"
        'if np_version >= parse_version("1.25.0"):\n'
        "    from numpy.exceptions import ComplexWarning, VisibleDeprecationWarning\n"
        "else:\n"
        "    from numpy import ComplexWarning, VisibleDeprecationWarning  # type: ignore  # noqa\n"
        "if DEBUG:\n"
        "    from numpy import ComplexWarning as Loud\n"
        "else:\n"
        "    from numpy import nan as Quiet\n"
    )
    (tmp_path / "fixes.py").write_text(source, encoding="utf-8")
    vocabulary = str(DATA / "numpy2" / "vocab.yaml")
    result = run_cli("check", "--no-cache", "--format", "json", "--vocab", vocabulary, "fixes.py", cwd=tmp_path)
    found = [(f["line"], f["severity"], f["matched"], f["fixable"]) for f in json.loads(result.out)["findings"]]
    assert found == [(5, "warning", "numpy", False), (7, "error", "numpy", True)]
    assert "here only as a branch of a version gate" in json.loads(result.out)["findings"][0]["message"]
    run_cli("fix", "--no-cache", "--vocab", vocabulary, "fixes.py", cwd=tmp_path)
    assert "    from numpy import ComplexWarning, VisibleDeprecationWarning  # type" in (
        tmp_path / "fixes.py"
    ).read_text(encoding="utf-8")
