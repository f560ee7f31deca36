"""reST markup in docstrings: literals are inline code, roles name Python objects.

The real material is Flask's `wrappers.py` (BSD; see tests/data/docstrings/NOTICE.md),
read with a vocabulary as a project renaming the 413 exception after RFC 9110 would write it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from lint.engine.engine import Engine
from lint.findings import Finding
from lint.formats.python.scanner import scan_python
from lint.vocabulary.load import load_vocabulary

from ...conftest import DATA, brief, write

FLASK_WRAPPERS = DATA / "docstrings" / "wrappers.py"

RFC_9110 = """\
version: 1
name: rfc9110
categories:
  - id: http
    title: HTTP
terms:
  - name: body size
    category: http
    definition: How many bytes a request's body holds.
    avoid: [content length]
removed:
  - name: werkzeug.exceptions.RequestEntityTooLarge
    qualified: true
    case: exact
    replacement: werkzeug.exceptions.ContentTooLarge
  - name: MAX_CONTENT_LENGTH
    case: exact
    replacement: MAX_BODY_SIZE
    scope: {scope}
"""


def _scan(tmp_path: Path, source: str, scope: str = "code") -> list[Finding]:
    vocabulary = write(tmp_path, {"vocab.yaml": RFC_9110.format(scope=scope)}) / "vocab.yaml"
    engine = Engine(load_vocabulary(vocabulary))
    return scan_python(source, "src/flask/wrappers.py", engine, engine.scope_for("src/flask/wrappers.py"))


def test_roles_and_literals_of_a_real_docstring_have_their_contexts(tmp_path: Path) -> None:
    findings = _scan(tmp_path, FLASK_WRAPPERS.read_text(encoding="utf-8"))
    exception = "werkzeug.exceptions.RequestEntityTooLarge"
    assert brief(findings) == [
        (62, 46, 87, "removed-name", "role", exception),  # after `:exc:` and the `~` prefix
        (69, 45, 63, "removed-name", "role", "MAX_CONTENT_LENGTH"),
        (86, 36, 54, "removed-name", "string", "MAX_CONTENT_LENGTH"),
        (96, 16, 57, "removed-name", "role", exception),
        (123, 16, 57, "removed-name", "role", exception),
    ]
    # ``Content-Length`` (line 65) is a literal: an avoided spelling is a concern of prose only.
    assert all(finding.rule.value != "non-canonical-term" for finding in findings)


def test_a_docstrings_markup_is_still_python_source_for_a_names_scope(tmp_path: Path) -> None:
    source = FLASK_WRAPPERS.read_text(encoding="utf-8")
    docs_only = _scan(tmp_path, source, scope="docs")
    assert [f.matched for f in docs_only].count("MAX_CONTENT_LENGTH") == 0
    roles_only = _scan(tmp_path, source, scope="code\n    contexts: [role]")
    assert [(f.line, f.context.value) for f in roles_only if f.matched == "MAX_CONTENT_LENGTH"] == [(69, "role")]


@pytest.mark.parametrize(
    ("docstring", "expected"),
    [
        pytest.param(
            'def f():\n    """Say the content length, not ``content_length``."""\n',
            [(2, 16, 30, "non-canonical-term", "docstring", "content length")],
            id="avoided-word-in-prose-not-in-a-literal",
        ),
        pytest.param(
            'def f():\n    """See :py:meth:`Limits.max_content <MAX_CONTENT_LENGTH>`."""\n',
            [(2, 42, 60, "removed-name", "role", "MAX_CONTENT_LENGTH")],
            id="explicit-title-target-is-the-role",
        ),
        pytest.param(
            'def f():\n    """Read ``MAX_CONTENT_LENGTH\n    twice``, then `content length <https://x.y/content-length>`_."""\n',
            [
                (2, 15, 33, "removed-name", "inline-code", "MAX_CONTENT_LENGTH"),
                (3, 20, 34, "non-canonical-term", "link-text", "content length"),
            ],
            id="literal-over-two-lines-and-a-reference",
        ),
        pytest.param(
            'def f():\n    """An unclosed ``MAX_CONTENT_LENGTH and :class:`content length."""\n',
            [
                (2, 22, 40, "removed-name", "docstring", "MAX_CONTENT_LENGTH"),
                (2, 53, 67, "non-canonical-term", "docstring", "content length"),
            ],
            id="unclosed-markup-stays-docstring",
        ),
    ],
)
def test_docstring_markup_at_exact_positions(
    tmp_path: Path, docstring: str, expected: list[tuple[int, int, int, str, str, str]]
) -> None:
    assert brief(_scan(tmp_path, docstring)) == expected


def test_fix_renames_a_role_target_in_a_real_docstring(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"vocab.yaml": RFC_9110.format(scope="both")})
    target = tmp_path / "src" / "flask" / "wrappers.py"
    target.parent.mkdir(parents=True)
    shutil.copy(FLASK_WRAPPERS, target)
    fixed = run_cli("fix", "--vocab", "vocab.yaml", "--no-cache", "src", cwd=tmp_path)
    assert fixed.code == 0, fixed.out + fixed.err
    text = target.read_text(encoding="utf-8")
    assert text.count(":exc:`~werkzeug.exceptions.ContentTooLarge`") == 3
    assert ":data:`MAX_BODY_SIZE` config" in text
    assert "RequestEntityTooLarge" not in text
    again = run_cli("check", "--vocab", "vocab.yaml", "--no-cache", "src", cwd=tmp_path)
    assert again.code == 0, again.out
