"""The Markdown scanner: contexts, MkDocs and MDX syntax, code blocks, history, audiences."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lint.findings import Context, Finding
from lint.formats.markdown.html import html_spans
from lint.formats.markdown.scanner import Heading, blocks_after_comments, historical_lines, markdown_parser
from lint.formats.markdown.source import align_inline
from lint.text.lines import LineIndex

from ...conftest import CAPACITY, DATA, brief

Scan = Callable[..., list[Finding]]


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "Calls are throttled here.\n",
            [(1, 11, 20, "prose-word", "prose", "throttled")],
            id="prose",
        ),
        pytest.param(
            "# The ThrottleManager\n",
            [(1, 7, 22, "removed-name", "heading", "ThrottleManager")],
            id="heading",
        ),
        pytest.param(
            "Use `ThrottleDomain.CHAT` here.\n",
            [(1, 6, 20, "removed-name", "inline-code", "ThrottleDomain")],
            id="inline-code",
        ),
        pytest.param(
            "```text\nstate: throttle_manager\n```\n",
            [(2, 8, 24, "removed-name", "code-block", "throttle_manager")],
            id="code-block-text",
        ),
        pytest.param(
            "See [the ThrottleManager page](guide.md).\n",
            [(1, 10, 25, "removed-name", "link-text", "ThrottleManager")],
            id="link-text",
        ),
        pytest.param(
            "See [the old page](src/engine/throttle_manager.py).\n",
            [(1, 31, 50, "removed-name", "link-target", "throttle_manager.py")],
            id="link-target",
        ),
        pytest.param(
            "---\ntitle: Throttling guide\n---\nBody.\n",
            [(2, 8, 18, "prose-word", "front-matter", "Throttling")],
            id="front-matter",
        ),
        pytest.param(
            "<!-- TODO: remove the ThrottleManager -->\n\nText.\n",
            [(1, 23, 38, "removed-name", "html-comment", "ThrottleManager")],
            id="html-comment",
        ),
        pytest.param(
            "Read https://example.com/throttling/guide and <https://example.com/throttled>.\n",
            [],
            id="urls-are-never-prose",
        ),
        pytest.param(
            "Old code: https://example.com/engine/throttle_manager.py is gone.\n",
            [(1, 38, 57, "removed-name", "link-target", "throttle_manager.py")],
            id="bare-url-still-a-link-target",
        ),
        pytest.param(
            "Set `throttle.max_retries` once.\n",
            [],
            id="prose-word-not-in-inline-code",
        ),
        pytest.param(  # the parser decodes these; the text around them was looked for decoded
            "The ThrottleManager &amp; the \\* ThrottleDomain.\n",
            [
                (1, 5, 20, "removed-name", "prose", "ThrottleManager"),
                (1, 34, 48, "removed-name", "prose", "ThrottleDomain"),
            ],
            id="entities-and-escapes",
        ),
        pytest.param(
            "# ThrottleManager &copy; 2025\n\nSee [ThrottleDomain &amp; co](x.md).\n",
            [
                (1, 3, 18, "removed-name", "heading", "ThrottleManager"),
                (3, 6, 20, "removed-name", "link-text", "ThrottleDomain"),
            ],
            id="entities-in-headings-and-link-text",
        ),
        pytest.param(  # the target was looked for right after the text, before the closing `**`
            "See [the **guide**](throttle_manager.md) and ![*ThrottleManager*](throttle_manager.png).\n",
            [
                (1, 21, 37, "removed-name", "link-target", "throttle_manager"),
                (1, 49, 64, "removed-name", "link-text", "ThrottleManager"),
                (1, 67, 83, "removed-name", "link-target", "throttle_manager"),
            ],
            id="targets-after-emphasis",
        ),
        pytest.param(  # titles were skipped with the target
            "See [x](a.md \"The ThrottleManager (old)\") and ![y](b.png 'ThrottleDomain').\n",
            [
                (1, 19, 34, "removed-name", "prose", "ThrottleManager"),
                (1, 59, 73, "removed-name", "prose", "ThrottleDomain"),
            ],
            id="link-and-image-titles",
        ),
        pytest.param(  # an admonition took the title's first word for its kind
            '=== "ThrottleManager tab"\n    The tab.\n',
            [(1, 6, 21, "removed-name", "prose", "ThrottleManager")],
            id="content-tab-title",
        ),
        pytest.param(  # markdown-it reads the line end as a space: the span was looked for so, in vain
            "Run `a\nThrottleDomain` and ThrottleManager.\n",
            [
                (2, 1, 15, "removed-name", "inline-code", "ThrottleDomain"),
                (2, 21, 36, "removed-name", "prose", "ThrottleManager"),
            ],
            id="code-span-over-two-lines",
        ),
        pytest.param(  # an entity in an alt text, the text after the image
            "See ![a &amp; ThrottleManager](throttle_manager.png) ThrottleManager.\n",
            [
                (1, 15, 30, "removed-name", "link-text", "ThrottleManager"),
                (1, 32, 48, "removed-name", "link-target", "throttle_manager"),
                (1, 54, 69, "removed-name", "prose", "ThrottleManager"),
            ],
            id="image-alt-with-an-entity",
        ),
        pytest.param(  # the text of an inline `<code>` tag was prose: its words were prose words
            "Run <code>throttle</code> and <kbd>ThrottleManager</kbd> then throttle.\n",
            [
                (1, 36, 51, "removed-name", "inline-code", "ThrottleManager"),
                (1, 63, 71, "prose-word", "prose", "throttle"),
            ],
            id="inline-html-code-tags",
        ),
    ],
)
def test_contexts_at_exact_positions(scan_md: Scan, source: str, expected: list[tuple[Any, ...]]) -> None:
    assert brief(scan_md(source)) == expected


def test_table_nested_list_blockquote_and_wrapped_paragraph(scan_md: Scan) -> None:
    source = md(
        """
        | Knob | Meaning |
        |------|---------|
        | `max_parallel_requests` | the ThrottleDomain cap |

        - level one
            - level two with ThrottleDomain
              and a wrapped throttle
              manager

        > quoted: the TrackingSemaphore
        """
    )
    lines = source.splitlines()
    findings = scan_md(source)
    assert brief(findings) == [
        (3, 33, 47, "removed-name", "prose", "ThrottleDomain"),
        (6, 22, 36, "removed-name", "prose", "ThrottleDomain"),
        (7, 21, 14, "removed-name", "prose", "throttle\n      manager"),
        (10, 15, 32, "removed-name", "prose", "TrackingSemaphore"),
    ]
    for finding in findings:
        assert lines[finding.line - 1][finding.column - 1 :].startswith(finding.matched.split("\n")[0])


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('!!! note "Heads up"\n    Requests are throttled by the provider.\n', id="admonition"),
        pytest.param('??? tip "More"\n    Requests are throttled by the provider.\n', id="collapsible"),
        pytest.param('???+ tip "More"\n    Requests are throttled by the provider.\n', id="collapsible-open"),
        pytest.param('=== "Python"\n\n    Requests are throttled by the provider.\n', id="content-tab"),
        pytest.param("Term\n:   Requests are throttled by the provider.\n", id="definition-list"),
        pytest.param("Text.[^1]\n\n[^1]: Requests are throttled by the provider.\n", id="footnote"),
    ],
)
def test_material_containers_are_prose_not_indented_code(scan_md: Scan, source: str) -> None:
    findings = scan_md(source)
    assert [(f.rule.value, f.context.value, f.matched) for f in findings] == [("prose-word", "prose", "throttled")]
    line = source.splitlines()[findings[0].line - 1]
    assert line[findings[0].column - 1 : findings[0].end_column - 1] == "throttled"


def test_abbreviations_attribute_lists_and_snippets(scan_md: Scan) -> None:
    source = md(
        """
        The LLM wait is gone.

        *[LLM]: large language model, never throttled
        ## Capacity { #throttle-free .wide }

        --8<-- "includes/throttle_manager.md"
        """
    )
    assert [(f.line, f.matched) for f in scan_md(source)] == [(1, "LLM wait"), (3, "throttled")]


def test_mdx_statements_are_imports_and_props_are_jsx_attributes(scan_md: Scan) -> None:
    source = md(
        """
        import { ThrottleManager } from './throttle'
        export const meta = { title: 'throttled' }

        <Callout kind="throttled">

        Markdown inside JSX: requests are throttled.

        </Callout>
        """
    )
    findings = scan_md(source, "docs/page.mdx")
    assert [(f.line, f.context.value, f.matched) for f in findings] == [
        (1, "import", "ThrottleManager"),
        (4, "jsx-attribute", "throttled"),
        (6, "prose", "throttled"),
    ]
    assert not findings[0].fixable


def test_python_code_blocks_use_the_python_scanner_at_page_positions(scan_md: Scan) -> None:
    source = md(
        """
        Intro.

        - Step one:

            ```python
            from engine import ThrottleManager

            manager = ThrottleManager(max_llm_wait_tasks=4)
            ```

        ```pycon
        >>> RunConfig(throttle=None)
        RunConfig(...)
        ```
        """
    )
    lines = source.splitlines()
    findings = scan_md(source)
    assert brief(findings) == [
        (6, 24, 39, "removed-name", "import", "ThrottleManager"),
        (8, 15, 30, "removed-name", "identifier", "ThrottleManager"),
        (8, 31, 49, "removed-name", "keyword", "max_llm_wait_tasks"),
        (12, 15, 23, "deprecated-name", "keyword", "throttle"),
    ]
    for finding in findings:
        assert lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.matched


@pytest.mark.parametrize(
    ("source", "expected_lines"),
    [
        pytest.param(
            "<!-- vocab-lint: allow[throttle] quoting the old docs -->\nRequests are throttled.\n\nStill throttled.\n",
            [4],
            id="allow-next-block",
        ),
        pytest.param(
            "<!-- vocab-lint: allow[removed-name] -->\n```python\nx = ThrottleManager()\n```\n",
            [3],
            id="allow-by-rule-is-not-an-id",
        ),
        pytest.param(
            "<!-- vocab-lint: allow -->\n- throttled\n- and throttling\n\nthrottled\n",
            [5],
            id="allow-covers-a-list",
        ),
        pytest.param(
            "<!-- vocab-lint: off -->\nthrottled\n\nthrottling\n<!-- vocab-lint: on -->\n\nthrottled\n",
            [7],
            id="off-on-region",
        ),
        pytest.param(
            "# Guide\n\nthrottled\n\n## History\n\nThe ThrottleManager throttled calls.\n\n## Now\n\nthrottled\n",
            [3, 11],
            id="historical-heading",
        ),
        pytest.param(
            "# Guide\n\n## Before 1.0\n<!-- vocab-lint: historical -->\n\nThe ThrottleManager.\n\n"
            "### Details\n\nthrottled\n\n## After\n\nthrottled\n",
            [14],
            id="historical-directive-section",
        ),
    ],
)
def test_suppressions_and_history(scan_md: Scan, source: str, expected_lines: list[int]) -> None:
    findings = [f for f in scan_md(source) if f.rule.value != "unused-suppression"]
    assert [f.line for f in findings] == expected_lines


README_HTML = md(
    """
    <p align="center">
      <img src="docs/throttle_manager.png" alt="The ThrottleManager at work" width="60%">
      <br>The ThrottleManager, drawn.
    </p>

    <details>
    <summary>What the ThrottleDomain was</summary>

    Markdown again.

    </details>

    <pre>
    m = ThrottleManager()
    </pre>

    <!-- a note --> The ThrottleManager trails a comment.

    Inline: <img alt="ThrottleDomain chart" src="x.png"> and <a href="throttle_manager.md" title="ThrottleManager">x</a>.
    """
)


def test_html_blocks_and_tags_are_read_as_a_reader_sees_them(scan_md: Scan) -> None:
    """CommonMark passes raw HTML through: its text, `alt`/`title` and `href`/`src` are
    still the page's words (an HTML block was never scanned at all)."""
    findings = scan_md(README_HTML)
    assert brief(findings) == [
        (2, 18, 34, "removed-name", "link-target", "throttle_manager"),  # src
        (2, 49, 64, "removed-name", "prose", "ThrottleManager"),  # alt
        (3, 11, 26, "removed-name", "prose", "ThrottleManager"),  # text
        (7, 19, 33, "removed-name", "prose", "ThrottleDomain"),  # a summary
        (14, 5, 20, "removed-name", "code-block", "ThrottleManager"),  # <pre>
        (17, 21, 36, "removed-name", "prose", "ThrottleManager"),  # after a comment
        (19, 19, 33, "removed-name", "prose", "ThrottleDomain"),  # an inline tag's alt
        (19, 67, 83, "removed-name", "link-target", "throttle_manager"),  # href
        (19, 95, 110, "removed-name", "prose", "ThrottleManager"),  # title
    ]
    lines = README_HTML.split("\n")
    for finding in findings:
        assert lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.matched


@pytest.mark.parametrize(
    ("source", "expected_lines"),
    [
        pytest.param("<!-- vocab-lint: allow -->\n<p>ThrottleManager</p>\n\nThrottleManager\n", [4], id="before"),
        pytest.param("<div>\n<!-- vocab-lint: allow -->\nThrottleManager\n</div>\n\nThrottleManager\n", [6], id="in"),
        pytest.param("<!-- vocab-lint: off\nThrottleManager\n", [2], id="unclosed-is-no-directive"),
    ],
)
def test_directives_govern_html_blocks(scan_md: Scan, source: str, expected_lines: list[int]) -> None:
    findings = [f for f in scan_md(source) if f.rule.value != "unused-suppression"]
    assert [f.line for f in findings] == expected_lines


REFERENCES = md(
    """
    See [the guide][g], [ThrottleManager][] and [ThrottleManager].

    [g]: <docs/throttle_manager.md> "The ThrottleManager guide"
    [ThrottleManager]:
      https://example.com/throttle_manager
      'ThrottleDomain'
    """
)


def test_reference_definitions_are_read_and_labels_never_rewritten(scan_md: Scan) -> None:
    """A definition's target and title were never scanned (markdown-it keeps definitions
    out of its tokens); a link whose text is its label is reported but not fixable."""
    findings = scan_md(REFERENCES)
    assert [(*brief([f])[0], f.fixable) for f in findings] == [
        (1, 22, 37, "removed-name", "link-text", "ThrottleManager", False),  # [text][]
        (1, 46, 61, "removed-name", "link-text", "ThrottleManager", False),  # [text]
        (3, 12, 28, "removed-name", "link-target", "throttle_manager", False),
        (3, 38, 53, "removed-name", "prose", "ThrottleManager", True),  # a title
        (5, 23, 39, "removed-name", "link-target", "throttle_manager", False),
        (6, 4, 18, "removed-name", "prose", "ThrottleDomain", True),
    ]
    lines = REFERENCES.split("\n")
    for finding in findings:
        assert lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.matched


def test_unused_suppression_in_markdown(scan_md: Scan) -> None:
    source = "<!-- vocab-lint: allow[throttle] -->\nAll current.\n"
    assert brief(scan_md(source)) == [
        (1, 1, 37, "unused-suppression", "html-comment", "<!-- vocab-lint: allow[throttle] -->")
    ]


def test_historical_paths(scan_md: Scan) -> None:
    assert scan_md("The ThrottleManager throttled calls.\n", "CHANGELOG.md") == []
    assert scan_md("The ThrottleManager throttled calls.\n", "docs/history/0.9.md") == []


def test_internal_names_in_user_docs_only(scan_md: Scan) -> None:
    source = "Tune `TaskAdmissionConfig` and `max_parallel_requests`.\n"
    user = scan_md(source, "docs/user-guide/tuning.md")
    assert brief(user) == [(1, 7, 26, "internal-term-in-public-docs", "inline-code", "TaskAdmissionConfig")]
    assert scan_md(source, "docs/architecture/scheduler.md") == []


@pytest.mark.parametrize(
    ("faulty", "denial"),
    [
        ("Raise `buffer_size` to get more request concurrency.", "`buffer_size` is not a request-concurrency knob."),
        ("Use DATA_DESIGNER_ASYNC_ENGINE as a capacity knob.", "DATA_DESIGNER_ASYNC_ENGINE is not a capacity knob."),
        ("Row-group admission is AIMD.", "Row-group admission is never AIMD."),
        ("The transport pool sets request concurrency.", "The transport pool is not request concurrency."),
        ("`max_parallel_requests` is adaptive.", "`max_parallel_requests` never adapts."),
        ("Task admission bounds provider calls.", "Task admission does not bound provider calls."),
        ("Request admission bounds scheduler tasks.", "Request admission never bounds scheduler tasks."),
    ],
)
def test_every_conflation_both_ways(scan_md: Scan, faulty: str, denial: str) -> None:
    flagged = scan_md(f"Intro, e.g. this one. {faulty} Outro.\n")
    assert [f.rule.value for f in flagged] == ["conflated-terms"]
    assert flagged[0].line == 1 and flagged[0].column > len("Intro, e.g. this one. ")
    assert scan_md(f"Intro. {denial} Outro.\n") == []


def test_conflation_needs_one_sentence(scan_md: Scan) -> None:
    assert scan_md("The record window groups rows. Request concurrency is separate.\n") == []


def test_non_canonical_spelling(scan_md: Scan) -> None:
    findings = scan_md("Row group admission bounds row groups.\n")
    assert [(f.rule.value, f.matched, f.replacement) for f in findings] == [
        ("non-canonical-term", "Row group admission", "Row-group admission")
    ]


def test_realistic_docs_folder(run_cli: Any, tmp_path: Path) -> None:
    """User guide, architecture page, changelog with history, a page with admonitions and tabs."""
    folder = shutil.copytree(DATA / "legacy_docs", tmp_path / "legacy_docs")
    result = run_cli("check", ".", "--format", "json", cwd=folder)
    findings = json.loads(result.out)["findings"]
    got = sorted(f"{f['path']}:{f['line']}:{f['column']} {f['rule']} {f['term']} {f['matched']}" for f in findings)
    expected = sorted(line for line in (DATA / "legacy_docs.expected").read_text().splitlines() if line)
    assert got == expected
    paths = {f["path"] for f in findings}
    assert "CHANGELOG.md" not in paths
    assert not any("denials" in f["path"] for f in findings)


def test_every_finding_slices_to_its_matched_text_on_disk() -> None:
    from lint.engine.engine import Engine
    from lint.formats.markdown.scanner import scan_markdown
    from lint.vocabulary.load import load_vocabulary

    engine = Engine(load_vocabulary(CAPACITY))
    for path in sorted((DATA / "legacy_docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for finding in scan_markdown(text, path.name, engine, engine.scope_for(path.name)):
            if finding.line == finding.end_line and finding.matched:
                assert lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.matched


def _plain_next_block(tokens: list[Any], index: int, shown: set[int]) -> tuple[int, int]:
    """The block a comment at `index` governs, looked for ahead of it (as first written):
    an HTML block with text (`shown`) governs itself, and is a block for those before it."""
    if index in shown:
        return tokens[index].map[0] + 1, tokens[index].map[1]
    level = tokens[index].level
    for later, token in enumerate(tokens[index + 1 :], index + 1):
        a_block = token.type != "html_block" or later in shown
        if token.map and token.level <= level and token.nesting >= 0 and a_block:
            return token.map[0] + 1, token.map[1]
    line = (tokens[index].map or [0, 0])[1] + 1
    return line, line


PAGE_PIECES = ["<!-- vocab-lint: allow -->\n", "<div>\n", "para\n", "\n", "- item\n", "  - nested\n", "> quote\n",
               "> <!-- c -->\n", "    code\n", "# Head\n", "1. one\n", "  <!-- x -->\n", "<p>text</p>\n"]  # fmt: skip


@given(st.lists(st.sampled_from(PAGE_PIECES), max_size=30))
def test_each_comment_governs_the_block_a_look_ahead_finds(pieces: list[str]) -> None:
    """The block after each HTML comment is found in one pass from the end of the page."""
    page = "".join(pieces)
    source = LineIndex(page)
    tokens = markdown_parser().parse(page)
    html = {
        i: html_spans(page, source.start(t.map[0] + 1), source.start(t.map[1] + 1))
        for i, t in enumerate(tokens)
        if t.type == "html_block" and t.map
    }
    shown = {i for i, spans in html.items() if spans}
    expected = {i: _plain_next_block(tokens, i, shown) for i in html}
    assert blocks_after_comments(tokens, html) == expected


class _CountingText(str):
    """Page text that counts the characters its searches may read."""

    read = 0

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = super().find(sub, start, end)
        stop = (len(self) if end is None else end) if found == -1 else found + len(sub)
        _CountingText.read += stop - (start or 0)
        return found


@pytest.mark.parametrize("piece", ["&copy;`c` ", "&#65;*x* ", "\\*`a  b` "])
def test_children_the_parser_decoded_are_not_searched_for_again(piece: str) -> None:
    """A child whose content is not in the source as written (an entity, an escape, a code
    span's normalised spaces) was searched for to the paragraph's end each time."""
    page = "The throttle " + piece * 2000 + "\n"
    inline = next(token for token in markdown_parser().parse(page) if token.type == "inline")
    _CountingText.read = 0
    align_inline(inline, _CountingText(page), 0, len(page), Context.PROSE)
    assert _CountingText.read < 20 * len(page)


def test_each_table_cell_is_found_in_its_own_place(scan_md: Callable[..., list[Finding]]) -> None:
    """The cells of a row share its line: each is looked for after the one before it (the
    second `throttle` was reported at the first one's column, twice)."""
    findings = scan_md("| a | b |\n| --- | --- |\n| throttle | throttle |\n")
    assert [(f.line, f.column) for f in findings] == [(3, 3), (3, 14)]


def _plain_historical_lines(
    headings: list[Any], comments: list[tuple[int, str]], names: list[str], last: int
) -> set[int]:
    """Historical sections as first marked: each section's end found by a walk over the headings."""

    def section_end(start_line: int, level: int) -> int:
        return next((h.line - 1 for h in headings if h.line > start_line and h.level <= level), last)

    marked: set[int] = set()
    for heading in headings:
        title = heading.title.strip().lower()
        if any(title == name or title.startswith((name + " ", name + ":")) for name in names):
            marked.update(range(heading.line, section_end(heading.line, heading.level) + 1))
    for line, comment in comments:
        if "historical" in comment:
            above = [h for h in headings if h.line < line]
            marked.update(range(line, section_end(line, above[-1].level if above else 0) + 1))
    return marked


@example([(2, "Now"), (2, "Now")], [5])  # a directive on a heading's own line: that heading neither holds nor ends it
@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.sampled_from(["History", "Now", "history: old", "Changelog"])), max_size=12
    ),
    st.lists(st.integers(1, 60), max_size=5),
)
def test_historical_sections_end_where_a_walk_over_the_headings_says(
    raw_headings: list[tuple[int, str]], comment_lines: list[int]
) -> None:
    headings = [Heading(4 * number + 1, level, title) for number, (level, title) in enumerate(raw_headings)]
    comments = [(line, "<!-- vocab-lint: historical -->") for line in comment_lines]
    names = ["history", "changelog"]
    assert historical_lines(headings, comments, names, 70) == _plain_historical_lines(headings, comments, names, 70)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_phrase_wrapped_across_a_line_break_is_found_whatever_the_line_endings(
    tmp_path: Path, run_cli: Any, ending: str
) -> None:
    """A page must pass or fail alike on a Windows checkout (CRLF) and a Linux one."""
    page = ending.join(["# Guide", "", "Requests wait in the throttle", "manager until admitted.", ""])
    (tmp_path / "page.md").write_bytes(page.encode())
    report = json.loads(run_cli("check", "--no-cache", "--output-format", "json", "page.md", cwd=tmp_path).out)
    assert [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in report["findings"]] == [(3, 22, 4, 8)]
