"""`[tool.vocab-lint]` and `vocab-lint.toml`: every key, the command line over the file, errors
at FILE:LINE with a did-you-mean, the published schema, and `--show-settings`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lint.server.buffers import Linter
from lint.settings_file import KEY_NAMES, settings_schema
from tests.conftest import CAPACITY_FILE, REPO, checked_findings, write

STALE = "x = ThrottleManager()\nThe throttling is gone.\n"
PY = "from pkg.old import ThrottleManager\n\nmanager = ThrottleManager()\n"
MD = "# Guide\n\nRequests are throttled per model.\n"


def _rules(run_cli: Any, cwd: Path, *args: str) -> list[tuple[str, str]]:
    return sorted({(f["path"], f["rule"]) for f in checked_findings(run_cli, *args, cwd=cwd)})


def _project(tmp_path: Path, table: str, name: str = "pyproject.toml") -> Path:
    header = "" if name == "vocab-lint.toml" else "[project]\nname = 'demo'\n\n[tool.vocab-lint]\n"
    return write(tmp_path, {**CAPACITY_FILE, name: header + table, "pkg/a.py": PY, "tests/t.py": PY, "docs/g.md": MD})


def test_select_ignore_and_per_file_ignores_come_from_the_file(tmp_path: Path, run_cli: Any) -> None:
    everything = _rules(run_cli, _project(tmp_path / "all", ""))
    assert ("docs/g.md", "prose-word") in everything and ("tests/t.py", "removed-name") in everything
    table = 'select = ["removed-name"]\nper-file-ignores = {"tests/**" = ["throttle-manager"]}\n'
    assert _rules(run_cli, _project(tmp_path / "some", table)) == [("pkg/a.py", "removed-name")]
    # extend-select adds to select; the command line's --select replaces the file's.
    extended = _project(tmp_path / "more", 'select = ["removed-name"]\nextend-select = ["prose-word"]\n')
    assert ("docs/g.md", "prose-word") in _rules(run_cli, extended)
    assert _rules(run_cli, extended, "--select", "prose-word") == [("docs/g.md", "prose-word")]
    # ignore in the file and on the command line add up.
    ignoring = _project(tmp_path / "ignore", 'ignore = ["prose-word"]\n')
    assert _rules(run_cli, ignoring, "--ignore", "removed-name") == []


def test_fail_on_output_format_and_show_source_come_from_the_file(tmp_path: Path, run_cli: Any) -> None:
    project = write(tmp_path, {**CAPACITY_FILE, "docs/g.md": MD})
    assert run_cli("check", cwd=project).code == 0  # a warning only
    write(project, {"vocab-lint.toml": 'fail-on = "warning"\noutput-format = "concise"\nshow-source = true\n'})
    result = run_cli("check", "--no-cache", cwd=project)
    assert result.code == 1 and result.out.startswith("docs/g.md:3:")
    assert "^" not in result.out  # concise has no source, whatever show-source says
    result = run_cli("check", "--no-cache", "--output-format", "text", "--fail-on", "error", cwd=project)
    assert result.code == 0 and "    Requests are throttled per model." in result.out and "^" in result.out


def test_vocab_lint_toml_wins_over_pyproject_in_one_folder(tmp_path: Path, run_cli: Any) -> None:
    project = _project(tmp_path, 'select = ["prose-word"]\n')
    assert _rules(run_cli, project) == [("docs/g.md", "prose-word")]
    write(project, {"vocab-lint.toml": 'select = ["removed-name"]\n'})
    assert {rule for _, rule in _rules(run_cli, project)} == {"removed-name"}


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ('slect = ["removed-name"]\n', "pyproject.toml:5: unknown key 'slect' in [tool.vocab-lint] (did you mean 'select'?)"),
        ('select = ["removed-nme"]\n', "pyproject.toml:5: select: 'removed-nme' names no rule and no vocabulary entry (did you mean 'removed-name'?)"),
        ('fail-on = "warn"\n', "pyproject.toml:5: fail-on must be one of: error, warning (did you mean 'warning'?)"),
        ('show-source = "yes"\n', "pyproject.toml:5: show-source must be true or false"),
        ('\n[tool.vocab-lint.per-file-ignores]\n"tests/**" = ["throtle-manager"]\n', "pyproject.toml:7: per-file-ignores: 'throtle-manager' names no rule and no vocabulary entry (did you mean 'throttle-manager'?)"),
        ('extend-exclude = "vendor/"\n', "pyproject.toml:5: extend-exclude must be a list of strings"),
        ('select = [\n', "pyproject.toml: not valid TOML"),
    ],
)  # fmt: skip
def test_bad_settings_are_usage_errors_at_file_and_line(tmp_path: Path, run_cli: Any, table: str, error: str) -> None:
    result = run_cli("check", cwd=_project(tmp_path, table))
    assert result.code == 2 and error in result.err and "Traceback" not in result.err


def test_an_unknown_id_on_the_command_line_names_the_flag(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("check", "--extend-select", "prose-wrd", cwd=_project(tmp_path, ""))
    assert result.code == 2 and "--extend-select: 'prose-wrd' names no rule" in result.err


def test_show_settings_tells_each_value_and_where_it_comes_from(tmp_path: Path, run_cli: Any) -> None:
    project = _project(tmp_path, 'ignore = ["prose-word"]\nfail-on = "warning"\n')
    result = run_cli("check", "--show-settings", "--ignore", "removed-name", "--fail-on", "error", cwd=project)
    assert result.code == 0, result.err
    lines = {line.split(" = ")[0]: line for line in result.out.splitlines() if " = " in line}
    assert lines["ignore"].startswith('ignore = ["prose-word", "removed-name"]')
    assert lines["ignore"].endswith("# pyproject.toml:5 and the command line")
    assert lines["fail-on"].startswith('fail-on = "error"') and lines["fail-on"].endswith("# command line")
    assert lines["vocabulary"].endswith("# vocab.yaml found from .")
    assert lines["select"].endswith("# default")
    assert "Files: a walk honouring .gitignore files (not a git work tree)" in result.out
    assert "  removed-name: error" in result.out


def test_the_published_schema_is_the_loader_s(tmp_path: Path) -> None:
    published = json.loads((REPO / "docs" / "settings.schema.json").read_text(encoding="utf-8"))
    assert published == settings_schema()
    assert set(published["properties"]) == {*KEY_NAMES, "vocab"}
    good = {"select": ["removed-name"], "per-file-ignores": {"tests/**": ["x"]}, "force-exclude": True}
    jsonschema.validate(good, published)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"slect": []}, published)


def test_a_file_the_settings_exclude_is_not_linted_in_the_editor(tmp_path: Path) -> None:
    project = write(tmp_path, {**CAPACITY_FILE, "pyproject.toml": '[tool.vocab-lint]\nextend-exclude = ["vendor/"]\n'})
    linter = Linter()
    assert linter.lint(project / "vendor" / "lib.py", PY) is None
    linted = linter.lint(project / "pkg" / "lib.py", PY)
    assert linted is not None and [f.rule.value for f in linted.findings] == ["removed-name", "removed-name"]
