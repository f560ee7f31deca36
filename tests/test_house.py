"""House rules a newcomer relies on: small modules and functions, light plugins, a whole sdist."""

from __future__ import annotations

import ast
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from lint.engine.engine import Engine

from .conftest import REPO, write

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_CLASS_LINES = 200


def _sizes() -> list[tuple[str, str, int, int]]:
    rows = []
    for path in sorted((REPO / "lint").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        rows.append((name, "module", source.count("\n"), MAX_MODULE_LINES))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                assert node.end_lineno is not None
                limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
                rows.append((name, node.name, node.end_lineno - node.lineno + 1, limit))
    return rows


def test_modules_functions_and_classes_stay_small() -> None:
    too_long = [
        f"{path}: {name} has {lines} lines (limit {limit})" for path, name, lines, limit in _sizes() if lines > limit
    ]
    assert too_long == []


@pytest.mark.parametrize("module", ["lint.site.mkdocs_plugin", "lint.markdown_extension", "lint.site.glossary"])
def test_site_plugins_load_a_vocabulary_without_the_run_modules(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "from lint.config import load_settings_and_vocabulary\n"
        "from pathlib import Path\n"
        "load_settings_and_vocabulary(Path('.'), None)\n"
        "heavy = [m for m in ('lint.check', 'lint.runner', 'lint.cache', 'libcst') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.slow
def test_the_sdist_holds_what_its_tests_need(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    [sdist] = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "lint/py.typed", "docs/rules.md", ".pre-commit-hooks.yaml", "benchmarks/run.sh",
                   "action.yml", "mkdocs.yml", "tests/conftest.py", "vocab.yaml", "hatch_build.py"):  # fmt: skip
        assert needed in names, needed


@pytest.mark.parametrize(("platform", "method"), [("linux", "fork"), ("darwin", "spawn"), ("win32", "spawn")])
def test_workers_fork_only_where_fork_is_safe(monkeypatch: pytest.MonkeyPatch, platform: str, method: str) -> None:
    from lint import runner

    monkeypatch.setattr(runner.sys, "platform", platform)
    assert runner.start_method() == method


def test_spawned_workers_report_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    from lint import runner

    write(tmp_path, {f"pkg/m{i}.py": f"x{i} = ThrottleManager()\n" if i % 3 else "ok = 1\n" for i in range(12)})
    files = sorted(tmp_path.rglob("*.py"))
    jobs = runner.make_jobs(files, tmp_path, tmp_path)
    alone = list(runner.scan_all(jobs, engine, workers=1))
    monkeypatch.setattr(runner, "start_method", lambda: "spawn")
    spawned = list(runner.scan_all(jobs, engine, workers=2))
    assert [r.findings for r in spawned] == [r.findings for r in alone]
    assert sum(len(r.findings) for r in alone) == 8


def test_forked_workers_report_what_one_process_reports(tmp_path: Path, engine: Engine) -> None:
    """Workers send a clean file back as its digest alone; every other result whole."""
    from lint import runner

    files = {f"pkg/m{i}.py": f"x{i} = ThrottleManager()\n" if i % 3 else "ok = 1\n" for i in range(30)}
    write(tmp_path, {**files, "docs/a.md": "The ThrottleManager.\n", "docs/b.md": "Clean.\n"})
    (tmp_path / "pkg" / "binary.py").write_bytes(b"\0\1\2")
    (tmp_path / "docs" / "latin.md").write_bytes("Caf\xe9 ThrottleManager\n".encode("latin-1"))
    jobs = runner.make_jobs(sorted(p for p in tmp_path.rglob("*") if p.is_file()), tmp_path, tmp_path)

    def shown(results: list[Any]) -> list[tuple[Any, ...]]:
        return [(r.path, r.findings, r.error, r.skipped, r.notes, r.text, r.digest) for r in results]

    alone = list(runner.scan_jobs(jobs, engine, 1, hashed=True))
    forked = list(runner.scan_jobs(jobs, engine, 2, hashed=True))
    assert shown(forked) == shown(alone)
    assert all(r.digest for r in alone)
    assert sum(len(r.findings) for r in alone) == 22
    assert any(r.skipped for r in alone) and any(r.notes for r in alone if not r.skipped)


@pytest.mark.parametrize(("count", "workers"), [(0, 2), (3, 2), (1562, 2), (10_000, 8)])
def test_workers_get_every_job_once_in_ever_smaller_ranges(count: int, workers: int) -> None:
    """Guided scheduling: the ranges tile the jobs in order, shrink, and end small, so the
    last files one worker scans are few while the others wait."""
    from lint.runner import SMALLEST_RANGE, job_ranges

    ranges = job_ranges(count, workers)
    assert [index for start, stop in ranges for index in range(start, stop)] == list(range(count))
    sizes = [stop - start for start, stop in ranges]
    assert sizes == sorted(sizes, reverse=True)
    assert all(size <= SMALLEST_RANGE for size in sizes[-2:])
    if count >= 1000:
        assert sizes[0] >= count // (2 * workers) and len(ranges) < count // SMALLEST_RANGE


def test_no_property_test_fails_on_time() -> None:
    """A loaded machine runs examples slowly: hypothesis' deadline and its "too slow" check
    are off for every property test (the profile `conftest` loads)."""
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
