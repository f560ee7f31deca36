"""Reporters, gate controls and baselines: the CI stale-term gate (`docs/ci.md`)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import subprocess
import sys
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint.check import CheckOptions, write_report
from lint.errors import LintError
from lint.files.textfile import output_stream
from lint.findings import Context, Finding
from lint.report import baseline
from lint.report.ci import write_junit
from lint.report.report import Report
from lint.rules import Rule

from .conftest import DATA, write

GOLDEN = DATA / "golden"
SAMPLE = {
    "pkg/engine.py": "from pkg.old import ThrottleManager\n\nconfig = ThrottleConfig()  # the rate limiter\n",
    "docs/guide.md": "# Guide\n\nRequests are throttled by the `ThrottleDomain`.\n",
}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write(tmp_path, SAMPLE)


FORMATS = ["text", "concise", "json", "sarif", "github", "junit", "gitlab", "rdjson"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(sample: Path, run_cli: Any, fmt: str) -> None:
    result = run_cli("check", "--format", fmt, "--no-show-source", "--fail-on", "warning", cwd=sample)
    assert result.code == 1
    out = result.out.replace(sample.as_uri() + "/", "file:///project/")  # SARIF's %SRCROOT%
    golden = GOLDEN / f"report.{fmt}"
    if os.environ.get("VOCAB_LINT_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_output_file_keeps_the_summary_on_the_terminal(sample: Path, run_cli: Any) -> None:
    result = run_cli("check", "--format", "sarif", "--output", "out.sarif", cwd=sample)
    assert result.out == ""
    assert result.err.splitlines() == [
        "2 files scanned with the embedded default (async capacity vocabulary of NVIDIA-NeMo/DataDesigner): "
        "5 findings (2 errors, 3 warnings).",
        "[*] 4 fixable with `vocab-lint fix`.",
    ]
    assert json.loads((sample / "out.sarif").read_text())["version"] == "2.1.0"


def test_statistics_replace_the_listing_with_a_fixable_column(sample: Path, run_cli: Any) -> None:
    out = run_cli("check", "--statistics", "--no-show-source", cwd=sample).out.splitlines()
    assert out[:4] == [
        " Count  Fixable  Rule                           Term",
        "     1        1  deprecated-name                throttle-config",
        "     1        1  non-canonical-term             request-admission",
        "     1        0  prose-word                     throttle",
    ]
    assert not any(line.startswith(("pkg/", "docs/")) for line in out)  # no finding listed


@pytest.mark.parametrize(
    ("args", "code", "rules"),
    [
        pytest.param([], 1, ["removed-name", "deprecated-name", "non-canonical-term", "prose-word", "removed-name"], id="all"),
        pytest.param(["--select", "removed-name"], 1, ["removed-name", "removed-name"], id="select-rule"),
        pytest.param(["--select", "throttle,throttle-config"], 0, ["deprecated-name", "prose-word"], id="select-terms"),
        pytest.param(["--ignore", "removed-name,request-admission"], 0, ["deprecated-name", "prose-word"], id="ignore"),
        pytest.param(["--ignore", "removed-name", "--fail-on", "warning"], 1, ["deprecated-name", "non-canonical-term", "prose-word"], id="fail-on-warning"),
        pytest.param(["--exit-zero"], 0, ["removed-name", "deprecated-name", "non-canonical-term", "prose-word", "removed-name"], id="exit-zero"),
    ],
)  # fmt: skip
def test_gate_controls_and_exit_codes(sample: Path, run_cli: Any, args: list[str], code: int, rules: list[str]) -> None:
    result = run_cli("check", "--format", "json", *args, cwd=sample)
    findings = json.loads(result.out)["findings"]
    assert sorted(f["rule"] for f in findings) == sorted(rules)
    assert result.code == code


def test_severity_overrides_in_the_vocabulary(tmp_path: Path, run_cli: Any) -> None:
    vocab = (
        "version: 1\nname: demo\nterms: []\nremoved:\n  - name: OldThing\n  - name: GoneThing\n"
        "prose_words:\n  - word: throttle\n"
        "severity:\n  rules: {prose-word: error}\n  terms: {old-thing: warning, gone-thing: 'off'}\n"
    )
    write(
        tmp_path, {"vocab.yaml": vocab, "a.py": "x = OldThing()\ny = GoneThing()\n", "a.md": "Calls throttle here.\n"}
    )
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    findings = {f["term"]: f["severity"] for f in json.loads(result.out)["findings"]}
    assert findings == {"old-thing": "warning", "throttle": "error"}
    assert result.code == 1


def test_baseline_hides_known_findings_across_edits(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": "x = 1\nm = ThrottleManager()\nd = ThrottleDomain.CHAT\n"})
    recorded = run_cli("baseline", cwd=tmp_path)
    assert recorded.code == 0
    baseline = tmp_path / ".vocab-lint-baseline.json"
    entries = json.loads(baseline.read_text())["findings"]
    assert [(e["path"], e["term"], e["count"]) for e in entries] == [
        ("a.py", "throttle-domain", 1), ("a.py", "throttle-manager", 1),
    ]  # fmt: skip
    assert run_cli("check", "--baseline", str(baseline), cwd=tmp_path).code == 0
    # Lines inserted above and unrelated edits do not resurrect the baselined findings.
    (tmp_path / "a.py").write_text("import os\n\n\nx = 2\nm = ThrottleManager()\nd = ThrottleDomain.CHAT\n")
    quiet = run_cli("check", "--baseline", str(baseline), "--no-show-source", cwd=tmp_path)
    assert quiet.code == 0
    assert "2 baselined findings hidden; 0 baseline entries fixed." in quiet.out
    # A new occurrence of the same term on another line is reported.
    (tmp_path / "a.py").write_text("m = ThrottleManager()\nd = ThrottleDomain.CHAT\nn = ThrottleManager(2)\n")
    loud = run_cli("check", "--baseline", str(baseline), "--format", "json", cwd=tmp_path)
    assert loud.code == 1
    assert [(f["line"], f["term"]) for f in json.loads(loud.out)["findings"]] == [(3, "throttle-manager")]


def test_baseline_counts_fixed_entries_and_update_prunes_them(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": "m = ThrottleManager()\nd = ThrottleDomain.CHAT\n"})
    run_cli("baseline", "--output", "base.json", cwd=tmp_path)
    (tmp_path / "a.py").write_text("m = ThrottleManager()\nd = RequestDomain.CHAT\nz = ThrottleDomain\n")
    result = run_cli("check", "--baseline", "base.json", "--no-show-source", cwd=tmp_path)
    assert "1 baselined finding hidden; 1 baseline entry fixed." in result.out
    assert result.code == 1
    before = (tmp_path / "base.json").read_text()
    run_cli("baseline", "--output", "base.json", "--update", cwd=tmp_path)
    after = json.loads((tmp_path / "base.json").read_text())["findings"]
    assert [e["term"] for e in after] == ["throttle-manager"]
    assert before != (tmp_path / "base.json").read_text()


def test_bad_baseline_is_a_usage_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": "x = 1\n", "base.json": "{not json"})
    result = run_cli("check", "--baseline", "base.json", cwd=tmp_path)
    assert result.code == 2
    assert "base.json:1:2: baseline is not valid JSON" in result.err
    assert run_cli("check", "--baseline", "missing.json", cwd=tmp_path).code == 2


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[str, str]:
    """Run the CLI with stderr on a pseudo-terminal; return (stdout, what the terminal saw)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "lint", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=follower, text=True
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out = process.communicate()[0]
    os.close(leader)
    return out, seen.decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal_and_only_for_text(tmp_path: Path) -> None:
    write(tmp_path, {f"pkg/m{i}.py": "x = 1\n" for i in range(250)})
    _, terminal = _run_on_a_terminal(["check"], tmp_path)
    assert "Scanning" in terminal
    out, terminal = _run_on_a_terminal(["check", "--format", "json"], tmp_path)
    assert "Scanning" not in terminal
    assert json.loads(out)["summary"]["files_scanned"] == 250
    piped = subprocess.run([sys.executable, "-m", "lint", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert "Scanning" not in piped.stderr


def test_colour_never_with_no_color(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "m = ThrottleManager()\n"})
    env = {**os.environ, "NO_COLOR": "1"}
    piped = subprocess.run(
        [sys.executable, "-m", "lint", "check"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert "\x1b[" not in piped.stdout


def test_carets_show_utf16_source_lines_as_text(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "a.py").write_bytes("# é\nmanager = ThrottleManager()\n".encode("utf-16"))
    result = run_cli("check", "--show-source", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[1:3] == ["    manager = ThrottleManager()", "              ^^^^^^^^^^^^^^^"]
    assert "\x00" not in result.out


_SCALARS = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))


_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2), st.dictionaries(st.text(), _SCALARS, max_size=2))


@given(st.lists(st.dictionaries(st.text(min_size=1), _VALUES, min_size=1), max_size=5))
def test_the_json_report_is_laid_out_as_json_dumps_lays_it_out(findings: list[dict[str, Any]]) -> None:
    """Findings are written by the C encoder in batches; the text must be `indent=2`'s to the byte."""
    import io

    from lint.report import json_report

    outline = {"version": 1, "findings": [], "summary": {"findings": len(findings)}}
    expected = json.dumps({**outline, "findings": findings}, indent=2, ensure_ascii=False) + "\n"
    for batch in (1, 2, 2048):
        stream = io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(json_report, "BATCH", batch)
            json_report.write_indented_json(outline, findings, stream)
        assert stream.getvalue() == expected


def test_a_long_line_of_findings_is_fingerprinted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Baselines and GitLab reports key each finding by its line's hash: a line with
    thousands of findings is hashed once, not once for each (quadratic in its length)."""
    hashed: list[int] = []
    real_sha256 = hashlib.sha256

    def counting(data: bytes) -> Any:
        hashed.append(len(data))
        return real_sha256(data)

    monkeypatch.setattr(baseline.hashlib, "sha256", counting)
    line = "the ThrottleManager " * 5000
    findings = [
        Finding("a.md", 1, column, 1, column + 15, Rule.REMOVED_NAME, Rule.REMOVED_NAME.default_severity,
                "throttle-manager", "ThrottleManager", Context.PROSE, "m")
        for column in range(5, len(line), 20)
    ]  # fmt: skip
    keys = baseline.keys_of(findings, {"a.md": [line]})
    assert sum(keys.values()) == len(findings) == 5000
    assert sum(hashed) < 2 * len(line)


def _many_findings(count: int) -> list[Finding]:
    return [
        Finding(
            path="docs/page.md",
            line=number,
            column=5,
            end_line=number,
            end_column=20,
            rule=Rule.REMOVED_NAME,
            severity=Rule.REMOVED_NAME.default_severity,
            term="throttle-manager",
            matched="ThrottleManager",
            context=Context.PROSE,
            message="'ThrottleManager' was removed; use 'RequestAdmissionController'",
            replacement="RequestAdmissionController",
            fixable=True,
        )
        for number in range(1, count + 1)
    ]


def _writing_peak(tmp_path: Path, fmt: str, count: int) -> tuple[int, int]:
    """Bytes allocated at most while a report of `count` findings is written, and its size."""
    report = Report(_many_findings(count), 1, {})
    output = tmp_path / f"report-{count}"
    options = CheckOptions(output_format=fmt, output=output, quiet=True)
    tracemalloc.start()
    try:
        write_report(report, options, io.StringIO(), io.StringIO(), [])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, output.stat().st_size


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "github", "gitlab", "junit"])
def test_a_report_file_is_written_as_it_is_made_not_held_whole(tmp_path: Path, fmt: str) -> None:
    """A report of many findings (a 5 MB line of stale names gives 276,000) is streamed to
    its temporary file: what writing allocates does not grow with the findings (the report
    was held three times over: as text, as one string, as bytes)."""
    small_peak, _ = _writing_peak(tmp_path, fmt, 6_000)
    peak, size = _writing_peak(tmp_path, fmt, 24_000)
    assert size > 2_000_000
    assert peak < 2 * small_peak + 200_000  # four times the findings, not four times the memory
    assert peak < size / 2
    assert sorted(os.listdir(tmp_path)) == ["report-24000", "report-6000"]


def test_a_report_that_fails_midway_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("previous\n", encoding="utf-8")

    def failing_writer(report: Report, stream: Any) -> None:
        stream.write("half a report")
        raise OSError(28, "No space left on device")

    with (
        pytest.raises(LintError, match=r"cannot write .*report\.json: No space left on device"),
        output_stream(tmp_path / "report.json") as stream,
    ):
        failing_writer(Report([], 0, {}), stream)
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "previous\n"
    assert os.listdir(tmp_path) == ["report.json"]


def _junit_by_element_tree(report: Report) -> str:
    """The JUnit report as ElementTree builds it whole: the reference the writer follows."""
    from xml.etree import ElementTree as ET

    by_path: dict[str, list[Finding]] = {path: [] for path in report.scanned_paths}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    counts = {"tests": str(sum(len(found) or 1 for found in by_path.values())), "failures": str(len(report.findings))}
    suite = ET.Element("testsuite", name="vocab-lint", **counts, errors="0", skipped="0")
    for path, findings in sorted(by_path.items()):
        if not findings:
            ET.SubElement(suite, "testcase", classname=path, name="no findings", file=path)
        for f in findings:
            name = f"{f.rule.value} [{f.term}] at {f.line}:{f.column}"
            case = ET.SubElement(suite, "testcase", classname=path, name=name, file=path, line=str(f.line))
            failure = ET.SubElement(case, "failure", type=f.rule.value, message=f.message)
            failure.text = f"{f.path}:{f.line}:{f.column}: {f.rule.value} [{f.term}] {f.message}"
    suites = ET.Element("testsuites", name="vocab-lint", **counts)
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


_XML_TRICKY = st.lists(st.sampled_from([*"a/é &<>\"'\r\n\t;#", "&amp;", "]]>"]), max_size=12).map("".join)


@given(st.lists(st.tuples(_XML_TRICKY, _XML_TRICKY, st.integers(1, 3)), max_size=6), st.integers(0, 3))
def test_the_junit_report_is_what_element_tree_would_write(entries: list[tuple[str, str, int]], scanned: int) -> None:
    """Written a failure at a time, the JUnit report keeps ElementTree's layout and escapes."""
    findings = [
        replace(_many_findings(1)[0], path=f"docs/{path}.md", message=message, line=line)
        for path, message, line in entries
    ]
    clean = tuple(f"docs/clean {index}.md" for index in range(scanned))
    report = Report(findings, scanned, {}, scanned_paths=clean)
    stream = io.StringIO()
    write_junit(report, stream)
    assert stream.getvalue() == _junit_by_element_tree(report)
