"""MDX pages (Fern, Docusaurus): component bodies, props, expressions, `{/* */}` directives, the MDX glossary."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint.engine.engine import Engine
from lint.fix.edits import fix_text
from lint.formats import MARKDOWN
from lint.formats.markdown.mdx import Closings, read_mdx, string_end
from lint.formats.markdown.scanner import scan_markdown

from ...conftest import CAPACITY, DATA, write

FERN = DATA / "fern_docs"


def _findings(run_cli: Any, name: str) -> list[tuple[int, int, int, str, str, str]]:
    report = json.loads(run_cli("check", "--no-cache", "--format", "json", name, cwd=FERN).out)
    return [
        (f["line"], f["column"], f["end_column"], f["rule"], f["context"], f["matched"]) for f in report["findings"]
    ]


def test_every_part_of_a_fern_page_is_read_at_exact_positions(run_cli: Any) -> None:
    assert _findings(run_cli, "tuning.mdx") == [
        (3, 24, 39, "removed-name", "front-matter", "ThrottleManager"),
        (6, 42, 58, "removed-name", "import", "throttle_manager"),
        (11, 5, 20, "removed-name", "prose", "ThrottleManager"),  # a callout body
        (14, 13, 22, "prose-word", "jsx-attribute", "Throttled"),  # a string prop
        (15, 13, 22, "prose-word", "prose", "throttled"),  # an indented body
        (20, 12, 27, "removed-name", "jsx-attribute", "ThrottleManager"),  # a prop of a tag over lines
        (21, 17, 33, "removed-name", "link-target", "throttle_manager"),  # href
        (28, 15, 30, "removed-name", "code-block", "ThrottleManager"),  # a fence indented in tabs
        (35, 7, 21, "removed-name", "prose", "ThrottleDomain"),  # an accordion over blank lines
        (41, 14, 29, "removed-name", "inline-code", "ThrottleManager"),  # a step
        (47, 10, 30, "removed-name", "identifier", "ThrottledModelClient"),  # a Python fence in a code group
        (51, 22, 37, "removed-name", "jsx-attribute", "ThrottleManager"),  # a template literal in a prop
        (52, 18, 34, "removed-name", "link-target", "throttle_manager"),  # src
        (52, 49, 64, "removed-name", "jsx-attribute", "ThrottleManager"),  # alt
        (55, 16, 31, "removed-name", "identifier", "ThrottleManager"),  # an expression, once
    ]


def test_mdx_comment_directives_work_as_html_comments_do(run_cli: Any) -> None:
    assert _findings(run_cli, "directives.mdx") == [
        (11, 3, 18, "removed-name", "prose", "ThrottleManager"),  # after the off/on region
        (11, 37, 92, "unused-suppression", "html-comment", "{/* vocab-lint: allow[throttle-domain] nothing here */}"),
        (13, 31, 46, "removed-name", "html-comment", "ThrottleManager"),  # a comment is not a directive
    ]


def test_blanked_text_keeps_every_offset() -> None:
    page = (FERN / "tuning.mdx").read_text(encoding="utf-8")
    prepared, spans = read_mdx(page)
    assert len(prepared) == len(page)
    assert [i for i, (a, b) in enumerate(zip(page, prepared, strict=True)) if (a == "\n") != (b == "\n")] == []
    assert prepared.count("<Note>") == 1 and "`<Note>`" in prepared  # only the one in inline code
    assert "{config" not in prepared and "import {" not in prepared
    assert all(page[span.start : span.end].strip() for span in spans)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param("<Note>The ThrottleManager</Note>\n", [(1, 11)], id="one-line-component"),
        pytest.param("<Card title='ThrottleManager' />\n", [(1, 14)], id="self-closing-single-quotes"),
        pytest.param("<A>\n  <B>\n    The ThrottleManager\n  </B>\n</A>\n", [(3, 9)], id="nested"),
        pytest.param("Text {/*ThrottleManager*/} and {'a' + b}.\n", [], id="comment-without-space-is-blank"),
        pytest.param("a < b and ThrottleManager > c\n", [(1, 11)], id="comparisons-are-not-tags"),
        pytest.param("<https://example.com/ThrottleManager>\n", [(1, 22)], id="autolink-is-a-link-not-a-tag"),
        pytest.param("1. ```python\n</Note>x = ThrottleManager()\n", [(2, 12)], id="fence-line-after-a-blanked-tag"),
    ],
)
def test_jsx_shapes(engine: Engine, page: str, expected: list[tuple[int, int]]) -> None:
    findings = scan_markdown(page, "docs/a.mdx", engine, engine.scope_for("docs/a.mdx"))
    assert [(f.line, f.column) for f in findings] == expected


def test_import_and_export_blocks_run_to_a_blank_line_and_are_never_rewritten(engine: Engine) -> None:
    """MDX reads an `import`/`export` block to the next blank line: its later lines were
    read as prose, and `fix` renamed the JavaScript names and strings in them."""
    page = (
        'import {\n  ThrottleDomain,\n} from "./x"\nexport const meta = {\n  title: "ThrottleManager",\n}\n\nThe end.\n'
    )
    findings = scan_markdown(page, "docs/a.mdx", engine, engine.scope_for("docs/a.mdx"))
    assert [(f.line, f.column, f.context.value, f.fixable) for f in findings] == [
        (2, 3, "import", False),
        (5, 11, "import", False),
    ]
    assert fix_text(page, findings, file_format=MARKDOWN).fixed == page


def test_allow_here_for_mdx_inserts_a_directive_that_works(engine: Engine) -> None:
    from pygls.workspace import PositionCodec

    from lint.runner import make_jobs
    from lint.server.buffers import Linted
    from lint.server.features import allow_edit
    from lint.server.positions import Positions

    page = "# T\n\n<Note>\n  The ThrottleManager is here.\n</Note>\n"
    job = make_jobs([Path("docs/a.mdx")], Path("."), Path("."))[0]
    findings = tuple(scan_markdown(page, "docs/a.mdx", engine, engine.scope_for("docs/a.mdx")))
    linted = Linted(job, page, findings, engine)
    edit = allow_edit(linted.job.format, Positions(page, PositionCodec()), findings[0])
    assert edit is not None and edit.new_text == "{/* vocab-lint: allow[throttle-manager] */}\n"
    lines = page.splitlines(keepends=True)
    allowed = "".join([*lines[: edit.range.start.line], edit.new_text, *lines[edit.range.start.line :]])
    assert scan_markdown(allowed, "docs/a.mdx", engine, engine.scope_for("docs/a.mdx")) == []


def test_mdx_glossary_has_front_matter_anchors_and_no_markdown_only_syntax(run_cli: Any, tmp_path: Path) -> None:
    markdown = run_cli("glossary", "--vocab", str(CAPACITY)).out
    mdx = run_cli("glossary", "--vocab", str(CAPACITY), "--format", "mdx").out
    assert mdx.startswith('---\ntitle: "Glossary"\n---\n')
    assert "{ #" not in mdx and "<!--" not in mdx and "{/* Generated by vocab-lint" in mdx
    ids = [line.split("{ #")[1].rstrip(" }") for line in markdown.splitlines() if "{ #" in line]
    assert ids and ids == [line.split('"')[1] for line in mdx.splitlines() if line.startswith('### <a id="')]
    assert "| Old name | Status | Use instead | Note |" in mdx


@pytest.fixture(scope="session")
def mdx_compiler(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """@mdx-js/mdx (with remark-gfm, as Fern and Docusaurus use it), installed from the npm registry."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed (.ci/run installs them)")
    folder = tmp_path_factory.mktemp("mdx-compiler")
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "@mdx-js/mdx@3", "remark-gfm@4"],
        cwd=folder, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (folder / "compile.mjs").write_text(
        "import {compile} from '@mdx-js/mdx'\nimport remarkGfm from 'remark-gfm'\n"
        "import {readFile} from 'node:fs/promises'\n"
        "for (const path of process.argv.slice(2)) {\n"
        "  await compile(await readFile(path, 'utf8'), {remarkPlugins: [remarkGfm]})\n"
        "  console.log('compiled ' + path)\n}\n",
        encoding="utf-8",
    )
    (folder / "print.mjs").write_text(
        "import {compile} from '@mdx-js/mdx'\nimport remarkGfm from 'remark-gfm'\n"
        "import {readFile} from 'node:fs/promises'\n"
        "console.log(String(await compile(await readFile(process.argv[2], 'utf8'), {remarkPlugins: [remarkGfm]})))\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.slow
def test_the_mdx_glossary_and_the_fixtures_compile_with_a_real_mdx_compiler(
    run_cli: Any, tmp_path: Path, mdx_compiler: Path
) -> None:
    glossary = tmp_path / "glossary.mdx"
    assert run_cli("glossary", "--vocab", str(CAPACITY), "--format", "mdx", "-o", str(glossary)).code == 0
    pages = [glossary, *sorted(FERN.glob("*.mdx"))]
    result = subprocess.run(
        ["node", "compile.mjs", *map(str, pages)], cwd=mdx_compiler, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NODE_NO_WARNINGS": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("compiled ") == len(pages)


def _plain_closing(text: str, index: int) -> int | None:
    """The closing `}` of the `{` at `index`, read from it alone (as first written)."""
    depth, cursor = 0, index
    while cursor < len(text):
        char = text[cursor]
        if char in "\"'`":
            closing = string_end(text, cursor)
            if closing is None:
                return None
            cursor = closing
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return cursor + 1
        cursor += 1
    return None


@given(st.text(alphabet="{}\"'`\\\nab", max_size=30), st.randoms())
def test_each_brace_closes_where_reading_from_it_alone_says(text: str, order: Random) -> None:
    """Closings learnt while reading from one `{` are kept for the others (a page of braces
    that never close was read to its end from each): asked in any order, each answer is
    the one a read from that brace alone gives."""
    braces = [index for index, char in enumerate(text) if char == "{"]
    order.shuffle(braces)
    closings = Closings(text)
    assert [closings.after(index) for index in braces] == [_plain_closing(text, index) for index in braces]


HOSTILE = """version: 1
name: hostile
description: "export const fromDescription = globalThis"
categories:
  - id: c
    title: "import x from 'y'"
    description: "{globalThis.fromCategory = 1}"
terms:
  - name: gate
    category: c
    definition: "export const fromDefinition = globalThis; see (the docs) {globalThis.fromBraces = 1} <b>bold</b>"
    code_names: ["gate{globalThis.fromCodeName = 1}"]
removed:
  - name: "old{globalThis.fromName = 1}gate"
    replacement: "new{globalThis.fromReplacement = 1}gate"
    message: "export const fromMessage = 1 and old_gate{globalThis.fromNote = 1}"
"""


@pytest.mark.slow
def test_nothing_from_a_vocabulary_runs_as_code_in_the_mdx_glossary(
    run_cli: Any, tmp_path: Path, mdx_compiler: Path
) -> None:
    """Definitions, messages, names and replacements are inert text: a real MDX compiler
    finds no ESM statement and no expression of the vocabulary's in the page."""
    write(tmp_path, {"vocab.yaml": HOSTILE})
    glossary = tmp_path / "glossary.mdx"
    assert (
        run_cli("glossary", "--vocab", str(tmp_path / "vocab.yaml"), "--format", "mdx", "-o", str(glossary)).code == 0
    )
    result = subprocess.run(
        ["node", "print.mjs", str(glossary)], cwd=mdx_compiler, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NODE_NO_WARNINGS": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    compiled = result.stdout
    assert compiled.count("globalThis") == 8  # every payload is on the page ...
    for payload in re.finditer(r"export const from\w+|import x from|globalThis\.from\w+ = 1", compiled):
        line = compiled[compiled.rfind("\n", 0, payload.start()) + 1 : payload.start()]
        assert line.count('"') % 2 == 1, line + payload.group()  # ... inside a JavaScript string: text


def test_a_name_the_page_imports_is_not_renamed_in_its_expressions(tmp_path: Path, run_cli: Any) -> None:
    """`import { ThrottleManager } from ...` names a module's export, which a fix never
    rewrites; renaming `{ThrottleManager.x}` and `source={ThrottleManager}` alone would
    leave the page referring to a name nothing binds."""
    page = 'import { ThrottleManager } from "../components";\n\n<Card source={ThrottleManager}>\n  {ThrottleManager.x}\n</Card>\n'
    write(tmp_path, {"a.mdx": page})
    result = run_cli("fix", "--no-cache", "--no-show-source", "a.mdx", cwd=tmp_path)
    assert "fix-refused" in result.out and "'ThrottleManager' is imported by the page" in result.out
    assert (tmp_path / "a.mdx").read_text() == page
    alone = "<Card source={ThrottleManager}>\n  The ThrottleManager.\n</Card>\n"
    write(tmp_path, {"b.mdx": alone})
    run_cli("fix", "--no-cache", "b.mdx", cwd=tmp_path)
    assert (tmp_path / "b.mdx").read_text() == alone.replace("ThrottleManager", "RequestAdmissionController")


def test_a_sentence_across_a_jsx_tag_reports_the_text_as_written(engine: Engine) -> None:
    """Found by the long fuzz pass: a conflation over `<Note>` (blanked for reading) reported
    spaces as its matched text; `matched` is always the page's own text at the span."""
    text = "record windowThrottleManager<Note>concurrency"
    findings = scan_markdown(text, "docs/page.mdx", engine, engine.scope_for("docs/page.mdx"))
    conflated = [f for f in findings if f.rule.value == "conflated-terms"]
    assert conflated, findings
    for finding in conflated:
        assert text[finding.column - 1 : finding.end_column - 1] == finding.matched


def test_a_phrase_is_never_read_across_a_blanked_tag(engine: Engine) -> None:
    """`<div>` is blanked for markdown-it; "throttle manager" read across it is not written
    in the page (found by the fuzz test: a fix there deleted the tag). The name after it is."""
    page = "throttle<div>managerThrottleManager"
    findings = scan_markdown(page, "docs/page.mdx", engine, engine.scope_for("docs/page.mdx"))
    assert [(f.column, f.matched) for f in findings] == [(21, "ThrottleManager")]
    assert fix_text(page, findings, file_format=MARKDOWN).fixed == "throttle<div>managerRequestAdmissionController"
