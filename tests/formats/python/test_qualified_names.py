"""Qualified names, exact case and per-entry contexts: another project's API rename (NumPy 2).

The fixture project holds every import form, an alias, an attribute chain split over
lines, names shadowed by locals and by the module's own definitions, exact-case pairs
(`NaN`/`nan`) and dotted spellings in comments, strings, docstrings and a page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lint.engine.qualified import QualifiedNames
from lint.vocabulary.load import load_vocabulary

from ...conftest import DATA

NUMPY2 = DATA / "numpy2"
VOCAB = str(NUMPY2 / "vocab.yaml")


def _findings(run_cli: Any, *args: str, cwd: Path) -> list[tuple[str, int, int, str, str, str | None, bool]]:
    result = run_cli("check", "--no-cache", "--format", "json", *args, cwd=cwd)
    assert result.code in (0, 1), result.err
    return [
        (Path(f["path"]).name, f["line"], f["column"], f["context"], f["matched"], f.get("replacement"), f["fixable"])
        for f in json.loads(result.out)["findings"]
    ]


def test_references_resolve_through_every_import_form(run_cli: Any) -> None:
    found = _findings(run_cli, "--vocab", VOCAB, "imports.py", "shadowed.py", cwd=NUMPY2 / "project")
    assert found == [
        ("imports.py", 3, 19, "import", "float_", "float64", True),  # from numpy import float_
        ("imports.py", 3, 27, "import", "NaN", "nan", True),  # ... NaN as not_a_number
        ("imports.py", 12, 11, "attribute", "float_", "float64", True),  # N.float_ through `import numpy as N`
        ("imports.py", 14, 11, "attribute", "NaN", "nan", True),  # (N\n .NaN): a chain split over lines
        ("imports.py", 15, 15, "attribute", "Inf", "inf", True),  # numpy.Inf, not numpy.inf
        ("imports.py", 16, 9, "identifier", "float_", "float64", True),  # a bare use of the from-import
        (
            "imports.py",
            17,
            9,
            "identifier",
            "not_a_number",
            None,
            False,
        ),  # a use of the alias: the import's fix fixes it
        ("imports.py", 22, 23, "import", "round_", "round", True),  # an import inside a function
        ("imports.py", 23, 12, "identifier", "round_", "round", True),
        ("imports.py", 30, 32, "attribute", "product", "prod", True),  # N.product, not self.product
        # pandas' own find_common_type shadows the import: only the import is reported.
        ("shadowed.py", 1, 19, "import", "find_common_type", None, False),
    ]


def test_dotted_spellings_match_exactly_as_whole_tokens_in_text(run_cli: Any) -> None:
    found = _findings(run_cli, "--vocab", VOCAB, "text.py", "page.md", cwd=NUMPY2 / "project")
    assert found == [
        ("page.md", 3, 27, "inline-code", "np.float_", "np.float64", True),
        ("page.md", 3, 45, "prose", "np.NaN", "np.nan", True),  # not np.Nan, np.float_s or np.nan
        ("page.md", 7, 8, "attribute", "float_", "float64", True),  # a snippet that never imports np
        ("text.py", 1, 13, "docstring", "np.float_", "np.float64", True),
        ("text.py", 3, 12, "string", "numpy.NaN", "numpy.nan", True),  # not my_np.float_
        ("text.py", 3, 79, "comment", "np.Inf", "np.inf", True),
    ]


def _project(tmp_path: Path, vocabulary: str, files: dict[str, str]) -> Path:
    (tmp_path / "vocab.yaml").write_text(textwrap.dedent(vocabulary), encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_contexts_limit_an_entry(tmp_path: Path, run_cli: Any) -> None:
    project = _project(
        tmp_path,
        """\
        version: 1
        name: demo
        terms: []
        python: {module_aliases: {numpy: [np]}}
        removed:
          - name: numpy.float_
            qualified: true
            contexts: [attribute, import]
          - name: NaN
            case: exact
            contexts: [prose]
        """,
        {
            "mod.py": "import numpy as np\nx = np.float_  # np.float_ here is fine\nNaN = 1\n",
            "page.md": "NaN and np.float_ in prose; `NaN` in code.\n",
        },
    )
    assert _findings(run_cli, ".", cwd=project) == [
        ("mod.py", 2, 8, "attribute", "float_", None, False),
        ("page.md", 1, 1, "prose", "NaN", None, False),
    ]


def test_exact_case_names_and_their_case_variant_replacements_load(tmp_path: Path, run_cli: Any) -> None:
    vocabulary = """\
        version: 1
        name: demo
        terms:
          - name: infinity
            category: values
            definition: The float value larger than any other.
            code_names: [inf]
        removed:
          - name: Inf
            {case}
            replacement: inf
        """
    project = _project(tmp_path, vocabulary.replace("{case}", "case: exact"), {"a.py": "x = Inf + inf\n"})
    assert _findings(run_cli, ".", cwd=project) == [("a.py", 1, 5, "identifier", "Inf", "inf", True)]
    _project(tmp_path, vocabulary.replace("{case}", "case: any"), {})
    refused = run_cli("check", ".", cwd=project)
    assert refused.code == 2
    assert "'Inf' is both removed and a canonical name of term 'infinity'" in refused.err


def _fixed(tmp_path: Path, run_cli: Any, vocabulary: str, source: str) -> str:
    project = _project(tmp_path, vocabulary, {"a.py": source})
    result = run_cli("fix", "--no-cache", ".", cwd=project)
    assert result.code in (0, 1), result.err
    return (project / "a.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "replacement", "source", "expected"),
    [
        ("float_", "float64", "x = np.float_(1)\n", "x = np.float64(1)\n"),
        ("string_", "bytes_", "x = np.string_\n", "x = np.bytes_\n"),
        ("unicode_", "str_", "x = np.unicode_\n", "x = np.str_\n"),
        ("complex_", "complex128", "x = np.complex_\n", "x = np.complex128\n"),
    ],
    ids=["float_", "string_", "unicode_", "complex_"],
)
def test_a_trailing_underscore_is_renamed_with_the_name(
    tmp_path: Path, run_cli: Any, name: str, replacement: str, source: str, expected: str
) -> None:
    vocabulary = f"version: 1\nname: demo\nterms: []\nremoved:\n  - name: {name}\n    replacement: {replacement}\n"
    assert _fixed(tmp_path, run_cli, vocabulary, source) == expected


QUALIFIED_FIXES = [
    pytest.param("import numpy as np\nx = np.float_(1)\n", "import numpy as np\nx = np.float64(1)\n", id="alias-kept"),
    pytest.param("import numpy\nx = (numpy\n     .NaN)\n", "import numpy\nx = (numpy\n     .nan)\n", id="split-chain"),
    pytest.param(
        "from numpy import float_\n\ny = float_(2) + float_(3)\n",
        "from numpy import float64\n\ny = float64(2) + float64(3)\n",
        id="from-import-and-its-uses",
    ),
    pytest.param(
        "from numpy import float_ as F\ny = F(2)\n", "from numpy import float64 as F\ny = F(2)\n", id="import-alias"
    ),
    pytest.param(
        "import numpy as np\nw = np.ComplexWarning\n",
        "import numpy as np\nw = np.exceptions.ComplexWarning\n",
        id="moved-to-a-submodule",
    ),
    pytest.param(
        "from numpy import ComplexWarning, PZERO\n", "from numpy import ComplexWarning, PZERO\n", id="advice-only"
    ),
    pytest.param(
        "def f(float_):\n    return float_\n", "def f(float_):\n    return float_\n", id="local-name-untouched"
    ),
    # The module's own attribute already in use is the same attribute, not a merge of two.
    pytest.param(
        "import numpy as np\nx = np.Inf + np.inf\n",
        "import numpy as np\nx = np.inf + np.inf\n",
        id="beside-its-replacement",
    ),
    # `old as new` binds only `new`: renaming `old` to a name in scope collides with nothing.
    pytest.param(
        "from numpy import NaN as missing, nan\n",
        "from numpy import nan as missing, nan\n",
        id="aliased-import-beside-its-replacement",
    ),
]


@pytest.mark.parametrize(("source", "expected"), QUALIFIED_FIXES)
def test_qualified_fixes_rewrite_only_the_member(tmp_path: Path, run_cli: Any, source: str, expected: str) -> None:
    vocabulary = (NUMPY2 / "vocab.yaml").read_text(encoding="utf-8")
    assert _fixed(tmp_path, run_cli, vocabulary, source) == expected


def test_vocab_test_agrees_with_check(tmp_path: Path, run_cli: Any) -> None:
    """Each example of the fixture vocabulary, scanned as a file by `check`, behaves as `vocab test` says."""
    result = run_cli("vocab", "test", "--vocab", VOCAB)
    assert result.code == 0, result.out + result.err
    assert "8 of 8 examples behave as declared" in result.out
    shutil.copy(NUMPY2 / "vocab.yaml", tmp_path / "vocab.yaml")
    (tmp_path / "flagged.py").write_text("x = np.float_(1)\ny = np.NaN\n", encoding="utf-8")
    (tmp_path / "passing.py").write_text("x = np.inf\nnp.round(a, 2)\n", encoding="utf-8")
    assert [(name, line) for name, line, *_ in _findings(run_cli, ".", cwd=tmp_path)] == [
        ("flagged.py", 1),
        ("flagged.py", 2),
    ]


def test_a_bare_member_resolves_only_through_a_from_import(tmp_path: Path, run_cli: Any) -> None:
    """Without `from numpy import`, a bare `product` is the file's own word; with it, numpy's."""
    vocabulary = (NUMPY2 / "vocab.yaml").read_text(encoding="utf-8")
    project = _project(
        tmp_path,
        vocabulary,
        {
            "own.py": "import numpy as np\nproduct = 3\nprint(product, np.prod([1]))\n",
            "imported.py": "from numpy import (\n    product,\n)\nprint(product([1]))\n",
        },
    )
    assert _findings(run_cli, ".", cwd=project) == [
        ("imported.py", 2, 5, "import", "product", "prod", True),
        ("imported.py", 4, 7, "identifier", "product", "prod", True),
    ]


def test_explain_says_how_a_qualified_entry_matches_and_fixes(run_cli: Any) -> None:
    result = run_cli("explain", "numpy-complex-warning", "--vocab", VOCAB)
    assert result.code == 0, result.err
    assert "Safe fix: ComplexWarning becomes exceptions.ComplexWarning where it is written" in result.out
    assert "Matches: references that the file's imports resolve to it in Python code" in result.out
    assert "exactly as written" in result.out


def _plain_offsets(names: QualifiedNames, text: str) -> list[int]:
    """Offsets worth resolving as first found: each dot's chain read back to its start, and
    the whole text searched for an `as` of its root (quadratic on a file of such lines)."""
    from_import = any(f"from {root}" in text for root in names.roots)
    found = []
    for match in sorted(names.member_tokens.finditer(text), key=lambda token: token.start):
        start = match.start
        if not from_import and not (start and text[start - 1] == "."):
            continue
        if not from_import:
            begin = start - 1
            while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_."):
                begin -= 1
            root = text[begin : start - 1].split(".")[0]
            bound = root in names.module_names or re.search(rf"\bas\s+{re.escape(root)}\b", text) is not None
            if root.isidentifier() and not bound:
                continue
        found.append(start)
    return found


CHAIN_PIECES = ["x", "np", "a_b", ".", "float_", " as ", "as", " ", "\n", "(", "é", "·", "2"]


@example([" as ", "as", " ", "x", ".", "float_"])  # the first `as` names `as`, the second `x`
@given(st.lists(st.sampled_from(CHAIN_PIECES), max_size=25))
def test_offsets_worth_resolving_are_those_of_reading_each_chain_whole(pieces: list[str]) -> None:
    names = QualifiedNames(load_vocabulary(Path(VOCAB)))
    text = "".join(pieces)
    assert names.candidate_offsets(text) == _plain_offsets(names, text)


def test_a_file_of_member_lines_is_read_in_linear_time(tmp_path: Path) -> None:
    """Ten thousand `x.float_` lines searched the whole file for an `as x` each: 100,000
    took half an hour. `timeout` guards against a hang, it measures nothing."""
    (tmp_path / "members.py").write_text("x.float_ = 1\n" * 100_000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "lint", "check", "--no-cache", "--vocab", VOCAB, "members.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_page_block_that_imports_the_name_is_read(tmp_path: Path, run_cli: Any) -> None:
    """A page whose Python block imports the name (and never spells it out whole) passes the
    page's second filter: the block's imports resolve it."""
    project = _project(
        tmp_path,
        """\
        version: 1
        name: demo
        terms: []
        removed:
          - name: numpy.float_
            qualified: true
            replacement: numpy.float64
        """,
        {"page.md": "Use it:\n\n```python\nfrom numpy import float_\n\nx = float_(1)\n```\n"},
    )
    assert _findings(run_cli, ".", cwd=project) == [
        ("page.md", 4, 19, "import", "float_", "float64", True),
        ("page.md", 6, 5, "identifier", "float_", "float64", True),
    ]
