"""A library's API migration as its users meet it: names imported under an alias, and
compatibility fallbacks in `except ImportError` (a real provider, `tests/data/airflow`)."""

from __future__ import annotations

import json
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
    neither; the base class imported outside any fallback is a plain error."""
    found = _findings(run_cli, AIRFLOW, "airflow/providers/http/sensors/http.py")
    assert found == [
        ("http.py", 28, "error", "import", "BaseSensorOperator", False),
        ("http.py", 36, "warning", "import", "Context", False),
        ("http.py", 39, "error", "identifier", "BaseSensorOperator", False),
    ]
    result = run_cli("check", "--no-cache", "--vocab", VOCAB, "airflow/providers/http/sensors/http.py", cwd=AIRFLOW)
    assert "here only as the fallback of a `try` that imports first (`except ImportError`)" in result.out


def test_uses_of_an_import_alias_are_the_entry(tmp_path: Path, run_cli: Any) -> None:
    """`as Bash` is the user's name for the moved class: each use is found (once the import
    is fixed they are right again, so only the import is fixable)."""
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
        ("dag.py", 1, "error", "import", "BashOperator", False),
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
