"""The rule registry and the command-line conventions users bring from Ruff."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint.errors import VocabularyError
from lint.findings import Context, Finding
from lint.rules import RULES, Rule, rules_page
from lint.scan.suppressions import Directive, Suppressions, Verb
from lint.vocabulary.load import parse_vocabulary

from .conftest import CAPACITY_FILE, REPO, write

STALE = "manager = ThrottleManager()\n"


def _vocab(text: str) -> str:
    return "version: 1\nname: x\nterms: []\nremoved:\n  - name: OldThing\n" + text


def _run(
    args: list[str], cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "lint", *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=environment
    )


def test_every_rule_has_one_registry_row() -> None:
    assert set(RULES) == set(Rule)
    assert all(info.rule is rule and info.summary and info.explanation for rule, info in RULES.items())


def test_the_rules_page_of_the_docs_is_generated_from_the_registry() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_page(), (
        "regenerate with: vocab-lint rule --all --output-format markdown > docs/rules.md"
    )


def test_sarif_lists_the_rules_of_the_registry(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    report = json.loads(run_cli("check", "--output-format", "sarif", cwd=tmp_path).out)
    rules = report["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["id"], r["shortDescription"]["text"]) for r in rules] == [(i.id, i.summary) for i in RULES.values()]


def test_rule_command_explains_one_rule_or_all(run_cli: Any, tmp_path: Path) -> None:
    one = run_cli("rule", "conflated-terms", cwd=tmp_path)
    assert one.code == 0 and one.out.startswith("conflated-terms (warning by default)")
    listed = json.loads(run_cli("rule", "--all", "--output-format", "json", cwd=tmp_path).out)
    assert [row["id"] for row in listed] == [rule.value for rule in Rule]
    wrong = run_cli("rule", "removed-nam", cwd=tmp_path)
    assert wrong.code == 2 and "did you mean 'removed-name'?" in wrong.err


def test_explain_accepts_a_rule_id(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("explain", "removed-name", cwd=tmp_path)
    assert result.code == 0
    assert result.out.startswith("removed-name (error by default)")


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_select_and_ignore_refuse_unknown_ids(tmp_path: Path, run_cli: Any, flag: str) -> None:
    write(tmp_path, {"a.py": STALE})
    result = run_cli("check", flag, "removed-nam", cwd=tmp_path)
    assert result.code == 2
    assert "'removed-nam' names no rule and no vocabulary entry (did you mean 'removed-name'?)" in result.err
    assert run_cli("check", flag, "removed-name,throttle-manager,ThrottleManager", cwd=tmp_path).code in (0, 1)


def test_severity_keys_must_name_rules_and_entries() -> None:
    text = _vocab("severity:\n  rules: {removed-nam: warning}\n  terms: {old-thin: off}\n")
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary(text, "vocab.yaml")
    assert str(raised.value).splitlines() == [
        "vocab.yaml:7:11: severity: 'removed-nam' is not a rule (did you mean 'removed-name'?)",
        "vocab.yaml:8:11: severity: 'old-thin' names no entry (did you mean 'old-thing'?)",
    ]


@pytest.mark.parametrize(
    ("files", "rule"),
    [
        pytest.param({"a.py": "def broken(:\n    OldThing()\n"}, "parse-error", id="parse-error"),
        pytest.param({"a.py": "x = 1  # vocab-lint: allow\n"}, "unused-suppression", id="unused-suppression"),
        pytest.param({"a.py": "x = OldThing()\n"}, "removed-name", id="removed-name"),
    ],
)
def test_severity_off_turns_every_rule_off(tmp_path: Path, run_cli: Any, files: dict[str, str], rule: str) -> None:
    write(tmp_path, {**files, "vocab.yaml": _vocab("")})
    before = json.loads(run_cli("check", "--format", "json", cwd=tmp_path).out)["findings"]
    assert rule in {f["rule"] for f in before}
    write(tmp_path, {"vocab.yaml": _vocab(f"severity:\n  rules: {{{rule}: off}}\n")})
    after = json.loads(run_cli("check", "--format", "json", cwd=tmp_path).out)["findings"]
    assert rule not in {f["rule"] for f in after}


def test_severity_override_reaches_every_rule(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": "x = 1  # vocab-lint: allow\n", "vocab.yaml": _vocab("severity:\n  rules: {unused-suppression: error}\n")})  # fmt: skip
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    assert result.code == 1
    assert [f["severity"] for f in json.loads(result.out)["findings"]] == ["error"]


def test_output_format_and_output_file_with_their_aliases(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    run_cli("check", "--output-format", "json", "-o", "new.json", cwd=tmp_path)
    run_cli("check", "--format", "json", "--output", "old.json", cwd=tmp_path)
    new, old = (json.loads((tmp_path / name).read_text()) for name in ("new.json", "old.json"))
    assert new == old and new["summary"]["findings"] == 1


def test_quiet_prints_the_findings_and_nothing_else(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    result = run_cli("check", "-q", "--no-show-source", cwd=tmp_path)
    assert result.code == 1
    assert len(result.out.splitlines()) == 1 and result.out.startswith("a.py:1:11: removed-name")
    assert result.err == ""


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        pytest.param([], {}, False, id="auto-not-a-terminal"),
        pytest.param([], {"FORCE_COLOR": "1"}, True, id="force-color"),
        pytest.param(["--color", "always"], {"NO_COLOR": "1"}, True, id="always-beats-no-color"),
        pytest.param([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, id="no-color-beats-force-color"),
        pytest.param(["--color", "never"], {"FORCE_COLOR": "1"}, False, id="never"),
    ],
)
def test_color_follows_the_flag_then_no_color_then_force_color(
    tmp_path: Path, args: list[str], env: dict[str, str], coloured: bool
) -> None:
    write(tmp_path, {**CAPACITY_FILE, "a.py": STALE})
    result = _run(["check", "--no-show-source", *args], tmp_path, env=env)
    assert result.returncode == 1
    assert ("\x1b[" in result.stdout) is coloured


def test_stdin_filename_lints_the_buffer_not_the_file(tmp_path: Path) -> None:
    write(tmp_path, {**CAPACITY_FILE, "pkg/a.py": "clean = 1\n"})
    result = _run(["check", "--stdin-filename", "pkg/a.py", "--format", "json"], tmp_path, stdin=STALE)
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["line"], finding["matched"]) == ("pkg/a.py", 1, "ThrottleManager")


def test_stdin_filename_with_fix_prints_the_fixed_text(tmp_path: Path) -> None:
    write(tmp_path, CAPACITY_FILE)
    result = _run(["fix", "--stdin-filename", "a.py"], tmp_path, stdin=STALE + "# throttle manager\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "manager = RequestAdmissionController()\n# request admission controller\n"
    assert "Fixed 2 findings in standard input." in result.stderr
    assert not (tmp_path / "a.py").exists()


def test_stdin_filename_refuses_paths(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("check", "--stdin-filename", "a.py", "other.py", cwd=tmp_path)
    assert result.code == 2 and "give no PATHS" in result.err


@pytest.mark.parametrize("name", ["NOTES.MD", "Guide.Markdown", "tool.PY"])
def test_suffixes_compare_case_insensitively(tmp_path: Path, run_cli: Any, name: str) -> None:
    write(tmp_path, {name: "The ThrottleManager is gone.\n" if not name.endswith("PY") else STALE})
    walked = json.loads(run_cli("check", "--format", "json", cwd=tmp_path).out)
    named = json.loads(run_cli("check", name, "--format", "json", cwd=tmp_path).out)
    assert [f["path"] for f in walked["findings"]] == [name] == [f["path"] for f in named["findings"]]


def _plain_apply(
    spans: list[tuple[int, int, frozenset[str] | None]], findings: list[Finding]
) -> tuple[set[int], set[int]]:
    """Which findings each span suppresses, every span asked about every finding (as first
    written): the indexes of the findings kept and of the spans that suppressed nothing."""
    used: set[int] = set()
    kept = set()
    for index, finding in enumerate(findings):
        covering = {
            number
            for number, (first, last, ids) in enumerate(spans)
            if first <= finding.line <= last and (ids is None or any(finding.term == ALIASES.get(n, n) for n in ids))
        }
        used |= covering
        if not covering:
            kept.add(index)
    return kept, set(range(len(spans))) - used


ALIASES = {"old-id": "a"}
TERM_IDS = ["a", "b", "old-id"]


@given(
    st.lists(st.tuples(st.integers(1, 12), st.integers(0, 4), st.none() | st.frozensets(st.sampled_from(TERM_IDS)))),
    st.lists(st.tuples(st.integers(1, 16), st.sampled_from(["a", "b", "c"]))),
)
def test_suppressions_keep_and_report_as_asking_every_span_about_every_finding(
    raw_spans: list[tuple[int, int, frozenset[str] | None]], raw_findings: list[tuple[int, str]]
) -> None:
    spans = [(first, first + length, ids or None) for first, length, ids in raw_spans]
    findings = [
        Finding("a.py", line, 1, line, 2, Rule.REMOVED_NAME, Rule.REMOVED_NAME.default_severity, term, "x",
                Context.IDENTIFIER, "m")
        for line, term in raw_findings
    ]  # fmt: skip
    suppressions = Suppressions(ALIASES)
    for number, (first, last, ids) in enumerate(spans):
        directive = Directive(Verb.ALLOW, ids, number + 100, 1, 5, f"d{number}", Context.COMMENT)
        suppressions.allow(directive, first, last)
    result = suppressions.apply(findings, "a.py")
    kept, idle = _plain_apply(spans, findings)
    assert [f for f in result if f.rule is Rule.REMOVED_NAME] == sorted(
        (findings[i] for i in sorted(kept)), key=lambda f: f.sort_key
    )
    assert {f.matched for f in result if f.rule is Rule.UNUSED_SUPPRESSION} == {f"d{n}" for n in idle}
