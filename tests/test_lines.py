"""The one line model: `split_lines` and `LineIndex` agree on every text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lint.text.lines import LineIndex, split_lines

_TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\x0c", "\u2028", "é"]), max_size=40)


@given(_TEXTS)
def test_lines_with_their_endings_rebuild_the_text_and_start_where_the_index_says(text: str) -> None:
    lines = split_lines(text, keep_ends=True)
    assert "".join(lines) == text
    index = LineIndex(text)
    starts = [sum(map(len, lines[:number])) for number in range(len(lines))]
    assert starts == index.starts[: len(starts)]
    # Only a text ending in a line break has a start past its last line.
    assert len(index.starts) == len(lines) + (1 if text.endswith(("\n", "\r")) else 0) or not text


@given(_TEXTS)
def test_lines_without_endings_are_the_lines_with_their_endings_stripped(text: str) -> None:
    assert split_lines(text) == [line.rstrip("\r\n") for line in split_lines(text, keep_ends=True)]


def test_only_newline_and_carriage_return_end_lines() -> None:
    assert split_lines("a\x0cb\u2028c\r\nd\re\n") == ["a\x0cb\u2028c", "d", "e"]
    assert split_lines("a\nb", keep_ends=True) == ["a\n", "b"]
    assert split_lines("") == []
