"""Version windows: deprecated in X, removed in Y, judged against the versions a real project supports.

The projects are real pyproject.toml files (Flask's, scikit-image's: `tests/data/versions`)
copied into temporary folders beside a vocabulary and code of the test's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from lint.project_versions import Support
from lint.vocabulary.load import load_vocabulary
from lint.vocabulary.windows import judged

from .conftest import CAPACITY, DATA, checked_findings, git, write

PROJECTS = DATA / "versions"

NUMPY_VOCABULARY = """version: 1
name: numpy-2
terms: []
deprecated:
  - name: numpy.trapz
    qualified: true
    replacement: numpy.trapezoid
    package: numpy
    deprecated_in: "2.0"
    replacement_since: "2.0"
removed:
  - name: numpy.float_
    qualified: true
    replacement: numpy.float64
    package: numpy
    removed_in: "2.0"
"""
NUMPY_CODE = "import numpy as np\n\narea = np.trapz([1, 2, 3])\nvalue = np.float_(1)\n"


def _project(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    """A copy of the real project file `name` with the test's own files beside it."""
    root = tmp_path / name
    root.mkdir()
    shutil.copy(PROJECTS / name / "pyproject.toml", root / "pyproject.toml")
    return write(root, files)


def _by_term(findings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {finding["term"]: finding for finding in findings}


# Which versions count ------------------------------------------------------------------------


def test_a_project_on_numpy_1_and_2_is_warned_and_its_fix_waits_for_unsafe_fixes(tmp_path: Path, run_cli: Any) -> None:
    """scikit-image declares `numpy>=1.20`: 2.x is supported, so `np.trapz` is deprecated for it;
    `np.trapezoid` is absent before 2.0, so renaming is an unsafe fix (its reason in the finding)."""
    root = _project(tmp_path, "scikit-image", {"vocab.yaml": NUMPY_VOCABULARY, "area.py": NUMPY_CODE})
    found = _by_term(checked_findings(run_cli, cwd=root))
    trapz = found["numpy-trapz"]
    assert (trapz["rule"], trapz["severity"], trapz["applicability"]) == ("deprecated-name", "warning", "unsafe")
    assert trapz["message"] == (
        "'numpy.trapz' is deprecated in numpy 2.0; this project supports numpy>=1.20; use 'numpy.trapezoid' "
        "(an unsafe fix: 'numpy.trapezoid' is new in numpy 2.0)"
    )
    assert (found["numpy-float"]["rule"], found["numpy-float"]["applicability"]) == ("removed-name", "safe")

    left = run_cli("fix", "--no-cache", cwd=root)  # the unsafe fix is left; a warning fails no run
    assert left.code == 0 and "Fixed 1 finding in 1 file; 1 remain." in left.out
    assert (root / "area.py").read_text() == NUMPY_CODE.replace("np.float_", "np.float64")
    assert run_cli("fix", "--no-cache", "--unsafe-fixes", cwd=root).code == 0
    assert "np.trapezoid([1, 2, 3])" in (root / "area.py").read_text()


def test_a_project_on_numpy_2_gets_a_safe_fix_and_one_below_2_no_finding(tmp_path: Path, run_cli: Any) -> None:
    root = _project(tmp_path, "scikit-image", {"vocab.yaml": NUMPY_VOCABULARY, "area.py": NUMPY_CODE})
    write(root, {"vocab-lint.toml": 'versions = {numpy = ">=2"}\n'})
    found = _by_term(checked_findings(run_cli, cwd=root))
    assert found["numpy-trapz"]["applicability"] == "safe"
    assert "this project supports numpy>=2;" in found["numpy-trapz"]["message"]
    # The command line replaces the settings' versions of that distribution.
    assert checked_findings(run_cli, "--assume-version", "numpy>=1.24,<2", cwd=root) == []


def test_dependencies_extras_and_dependency_groups_all_count(tmp_path: Path, run_cli: Any) -> None:
    """Flask's pyproject.toml: `click>=8.1.3` (dependencies), `asgiref>=3.2` (an extra),
    `sphinx<9` (a dependency group), `gha-update ; python_full_version >= '3.12'` (a marker)."""
    vocabulary = """version: 1
name: flask-deps
terms: []
deprecated:
  - {name: click.BaseCommand, qualified: true, replacement: click.Command, package: click,
     deprecated_in: "8.2", removed_in: "9.0"}
  - {name: asgiref.sync.old_bridge, qualified: true, package: asgiref, deprecated_in: "3.0", removed_in: "4.0"}
  - {name: sphinx.util.old_helper, qualified: true, package: sphinx, deprecated_in: "8.0", removed_in: "9.0"}
  - {name: gha_update.old_pin, qualified: true, package: gha-update, removed_in: "1.0"}
"""
    code = (
        "import click\nimport sphinx.util\nfrom asgiref.sync import old_bridge\nimport gha_update\n\n"
        "click.BaseCommand\nsphinx.util.old_helper\nold_bridge\ngha_update.old_pin\n"
    )
    root = _project(tmp_path, "flask", {"vocab.yaml": vocabulary, "app.py": code})
    found = _by_term(checked_findings(run_cli, cwd=root))
    assert found["click-base-command"]["message"].startswith(
        "'click.BaseCommand' was removed in click 9.0; this project supports click>=8.1.3;"
    )
    assert found["asgiref-sync-old-bridge"]["rule"] == "removed-name"  # asgiref>=3.2 reaches 4.0
    sphinx = found["sphinx-util-old-helper"]
    assert (sphinx["rule"], sphinx["severity"]) == ("deprecated-name", "warning")  # sphinx<9 never reaches 9.0
    assert "is deprecated in sphinx 8.0 (removed in 9.0); this project supports sphinx<9" in sphinx["message"]
    assert found["gha-update-old-pin"]["message"].endswith("this project supports gha-update")  # any version


def test_requirements_files_count_when_pyproject_declares_nothing(tmp_path: Path, run_cli: Any) -> None:
    root = write(
        tmp_path,
        {
            "vocab.yaml": NUMPY_VOCABULARY,
            "area.py": NUMPY_CODE,
            "requirements.txt": "# pinned below 2 until the C extension builds\n--index-url https://pypi.org/simple\n"
            "numpy>=1.24,<2  # see above\n-r requirements-dev.txt\n",
            "requirements-dev.txt": "pytest\n",
        },
    )
    assert checked_findings(run_cli, cwd=root) == []  # neither name is retired below numpy 2
    write(root, {"requirements-dev.txt": "pytest\nnumpy \\\n  >=2.1\n"})  # another way to install: 2.x
    found = _by_term(checked_findings(run_cli, cwd=root))
    assert set(found) == {"numpy-trapz", "numpy-float"}
    assert "this project supports numpy>=2.1 or numpy>=1.24,<2;" in found["numpy-trapz"]["message"]


def test_a_distribution_the_project_does_not_declare_counts_as_its_newest(tmp_path: Path, run_cli: Any) -> None:
    root = write(tmp_path, {"vocab.yaml": NUMPY_VOCABULARY, "area.py": NUMPY_CODE})
    found = _by_term(checked_findings(run_cli, cwd=root))
    assert found["numpy-trapz"]["applicability"] == "safe"
    assert "this project does not declare numpy (its newest version counts)" in found["numpy-trapz"]["message"]


def test_the_project_s_own_dynamic_version_comes_from_git_describe(tmp_path: Path, run_cli: Any) -> None:
    """scikit-image's version is dynamic and the package is not installed here: the newest
    tag decides, and the release that removes a shim turns its warning into an error."""
    vocabulary = (
        "version: 1\nname: own\nterms: []\ndeprecated:\n"
        "  - {name: legacy_filter, replacement: gaussian, deprecated_in: '0.19', removed_in: '0.21'}\n"
    )
    root = _project(tmp_path, "scikit-image", {"vocab.yaml": vocabulary, "filters.py": "out = legacy_filter(img)\n"})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "0.20")
    git(root, "tag", "v0.20.0")
    (warning,) = checked_findings(run_cli, cwd=root)
    assert warning["message"] == (
        "'legacy_filter' is deprecated in 0.19 (removed in 0.21); this project is at scikit-image 0.20.0; use 'gaussian'"
    )
    due = run_cli("vocab", "due", cwd=root)
    assert (due.code, due.out) == (0, "Nothing is due: this project is at scikit-image 0.20.0.\n")

    git(root, "commit", "-q", "--allow-empty", "-m", "0.21")
    git(root, "tag", "v0.21.0")
    (error,) = checked_findings(run_cli, cwd=root)
    assert (error["rule"], error["severity"]) == ("removed-name", "error")
    due = run_cli("vocab", "due", cwd=root)
    assert due.code == 1
    assert due.out.splitlines() == [
        "vocab.yaml:5:5: 'legacy_filter' (legacy-filter) is due: removed in 0.21",
        "1 name due for removal: this project is at scikit-image 0.21.0.",
    ]


def test_a_development_version_precedes_the_release_that_removes(tmp_path: Path, run_cli: Any) -> None:
    """Flask's own version is `3.2.0.dev`: PEP 440 puts it before 3.2, so a name removed in
    3.2 is still a warning there and not yet due; `--assume-version` stands in for the release."""
    vocabulary = (
        "version: 1\nname: own\nterms: []\ndeprecated:\n"
        "  - {name: flask.old_api, qualified: true, deprecated_in: '3.0', removed_in: '3.2'}\n"
    )
    root = _project(tmp_path, "flask", {"vocab.yaml": vocabulary, "app.py": "import flask\nflask.old_api()\n"})
    (finding,) = checked_findings(run_cli, cwd=root)
    assert finding["rule"] == "deprecated-name" and "this project is at Flask 3.2.0.dev0" in finding["message"]
    assert run_cli("vocab", "due", cwd=root).code == 0
    released = run_cli("vocab", "due", "--assume-version", "flask==3.2.0", cwd=root)
    assert released.code == 1 and "'flask.old_api' (flask-old-api) is due: removed in 3.2" in released.out


def test_vocab_due_without_a_version_is_a_clear_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"vocab.yaml": "version: 1\nname: own\nterms: []\n"})
    result = run_cli("vocab", "due", cwd=tmp_path)
    assert result.code == 2 and result.err.startswith("vocab-lint: cannot tell this project's version")


# Invalid input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{name: old_a, deprecated_in: 'two'}", "deprecated_in 'two' is not a PEP 440 version"),
        ("{name: old_a, deprecated_in: '2.0', removed_in: '1.5'}", "removed_in 1.5 is before deprecated_in 2.0"),
        ("{name: old_a, package: numpy}", "package needs deprecated_in, removed_in or replacement_since"),
        ("{name: old_a, package: 'num py', removed_in: '2'}", "'num py' is not valid here (expected a distribution"),
        ("{name: old_a, replacement_since: '2.0'}", "replacement_since names no replacement's version"),
    ],
)
def test_a_bad_window_is_an_error_at_its_line(tmp_path: Path, run_cli: Any, entry: str, problem: str) -> None:
    write(tmp_path, {"vocab.yaml": f"version: 1\nname: v\nterms: []\nremoved:\n  - {entry}\n", "a.py": "x = 1\n"})
    result = run_cli("check", "--no-cache", cwd=tmp_path)
    assert result.code == 2
    assert "vocab.yaml:5:" in result.err and problem in result.err


def test_bad_versions_in_settings_or_on_the_command_line_are_usage_errors(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"vocab.yaml": NUMPY_VOCABULARY, "a.py": NUMPY_CODE})
    write(tmp_path, {"pyproject.toml": '[tool.vocab-lint]\nversions = {numpy = "two"}\n'})
    result = run_cli("check", "--no-cache", cwd=tmp_path)
    assert result.code == 2 and "pyproject.toml:2: versions numpy = 'two' is not a version specifier" in result.err
    (tmp_path / "pyproject.toml").unlink()
    result = run_cli("check", "--no-cache", "--assume-version", "numpy", cwd=tmp_path)
    assert result.code == 2 and "write a name and versions only, e.g. numpy==2.1" in result.err


# Where the window shows ----------------------------------------------------------------------


def test_explain_and_the_glossary_show_the_window(tmp_path: Path, run_cli: Any) -> None:
    root = _project(tmp_path, "scikit-image", {"vocab.yaml": NUMPY_VOCABULARY})
    explained = run_cli("explain", "numpy-trapz", cwd=root).out
    assert "Versions: deprecated in numpy 2.0, replacement since numpy 2.0\n" in explained
    assert "In this project: is deprecated in numpy 2.0; this project supports numpy>=1.20 (an unsafe fix:" in explained
    assert "Unsafe fix: rename to numpy.trapezoid, with --unsafe-fixes only" in explained
    below = run_cli("explain", "numpy-trapz", cwd=write(root, {"vocab-lint.toml": 'versions = {numpy = "<2"}\n'}))
    assert "In this project: no finding before the window; this project supports numpy<2" in below.out
    page = run_cli("glossary", "--vocab", "vocab.yaml", cwd=root).out
    assert "| Old name | Status | Deprecated in | Removed in | Use instead | Note |" in page
    assert "| `numpy.trapz` | deprecated | numpy 2.0 | — | `numpy.trapezoid` |  |" in page
    rst = run_cli("glossary", "--vocab", "vocab.yaml", "--format", "rst", cwd=root).out
    assert "     - Deprecated in\n     - Removed in\n" in rst and "     - numpy 2.0\n     - —\n" in rst


# Entries without versions --------------------------------------------------------------------


def test_a_vocabulary_without_versions_is_judged_as_it_is_without_reading_the_project(tmp_path: Path) -> None:
    capacity = load_vocabulary(CAPACITY)
    assert judged(capacity, lambda: pytest.fail("the project was read")) is capacity


# The versions a set of specifiers admits ------------------------------------------------------


@pytest.mark.parametrize(
    ("specifiers", "version", "reaches", "all_reach"),
    [
        (">=1.24,<3", "2.0", True, False),
        (">=1.24,<2", "2.0", False, False),
        (">2.1,<2.3", "2.2", True, False),  # only a version between the bounds is supported
        (">2.1,<2.3", "2.1", True, True),
        ("~=1.26", "2.0", False, False),
        ("==1.26.*", "1.26", True, True),
        ("==2.0.*", "2.0.5", True, False),
        (">=2.0rc1", "2.0", True, False),  # the release candidate is before 2.0
        ("!=2.0", "2.0", True, False),
        ("<=2.0", "2.0", True, False),
        ("", "5", True, False),  # any version
    ],
)
def test_which_supported_versions_reach_a_version(
    specifiers: str, version: str, reaches: bool, all_reach: bool
) -> None:
    support = Support("numpy", (SpecifierSet(specifiers),), f"numpy{specifiers}")
    assert support.reaches(Version(version)) is reaches
    assert support.all_reach(Version(version)) is all_reach


def test_a_union_of_ways_to_install_reaches_what_either_does() -> None:
    support = Support("numpy", (SpecifierSet("<2"), SpecifierSet(">=2.1")), "numpy<2 or numpy>=2.1")
    assert support.reaches(Version("2.0")) and not support.all_reach(Version("1.0"))
    assert Support("numpy", (), "").reaches(Version("99")) and Support("numpy", (), "").all_reach(Version("99"))


def test_a_cached_result_is_not_reused_once_the_supported_versions_change(tmp_path: Path, run_cli: Any) -> None:
    """The judged vocabulary has its own digest, which the result cache keys on."""
    root = write(tmp_path, {"vocab.yaml": NUMPY_VOCABULARY, "area.py": NUMPY_CODE})
    write(root, {"pyproject.toml": '[project]\nname = "a"\ndependencies = ["numpy<2"]\n'})
    assert run_cli("check", "--output-format", "json", cwd=root).code == 0
    write(root, {"pyproject.toml": '[project]\nname = "a"\ndependencies = ["numpy>=2"]\n'})
    again = run_cli("check", "--output-format", "json", cwd=root)
    assert again.code == 1 and '"numpy-float"' in again.out


@pytest.mark.parametrize(
    "pyproject",
    [
        'project = "demo"\n',
        '[project]\nname = "a"\ndependencies = "numpy>=2"\noptional-dependencies = ["x"]\ndynamic = "version"\n',
        '[project]\nname = "a"\n[project.optional-dependencies]\nfast = "numpy"\n[dependency-groups]\ndev = 3\n',
    ],
)
def test_a_hand_edited_pyproject_of_odd_types_counts_as_declaring_nothing(
    tmp_path: Path, run_cli: Any, pyproject: str
) -> None:
    write(tmp_path, {"vocab.yaml": NUMPY_VOCABULARY, "area.py": NUMPY_CODE, "pyproject.toml": pyproject})
    found = _by_term(checked_findings(run_cli, cwd=tmp_path))
    assert "this project does not declare numpy" in found["numpy-trapz"]["message"]
