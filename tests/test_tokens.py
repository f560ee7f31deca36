"""`TokenTable` finds each spelling exactly where it stands as a whole token, whichever
search it uses: RE2 between word boundaries for word keys in ASCII text, an automaton of
every occurrence otherwise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine.tokens import TokenTable

# Small alphabets, so that spellings meet each other and their neighbours often.
WORD_SPELLINGS = st.sampled_from(["get", "get_conn", "np.NaN", "NaN", "a1", "x.get", "_x"])
OTHER_SPELLINGS = st.sampled_from(["LLM-wait", "dag run", "é_name"])
TEXT = st.text(alphabet="getconNa1x_.-( \néLMwidrum", max_size=60)


def _word(character: str) -> bool:
    return character.isalnum() or character == "_"


def _expected(text: str, spellings: list[tuple[str, bool, bool]]) -> set[tuple[int, int, str]]:
    """Every whole-token occurrence, by definition: the spelling at the offset (as written, or
    in any case), no word character after it, nor before it (nor a dot, unless it may follow one)."""
    found = set()
    for spelling, exact, after_dot in spellings:
        for start in range(len(text) - len(spelling) + 1):
            end = start + len(spelling)
            written = text[start:end]
            same = written == spelling if exact else written.lower() == spelling.lower()
            before = text[start - 1] if start else ""
            alone = not before or not (_word(before) or (before == "." and not after_dot))
            if same and alone and not (end < len(text) and _word(text[end])):
                found.add((start, end, spelling))
    return found


def _table(spellings: list[tuple[str, bool, bool]]) -> TokenTable[str]:
    table: TokenTable[str] = TokenTable()
    for spelling, exact, after_dot in spellings:
        table.add([spelling], spelling, exact_case=exact, after_dot=after_dot)
    return table


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(WORD_SPELLINGS | OTHER_SPELLINGS, st.booleans(), st.booleans()), min_size=1, max_size=5),
    TEXT,
)
def test_a_table_finds_exactly_the_whole_tokens(spellings: list[tuple[str, bool, bool]], text: str) -> None:
    unique = list({spelling: (spelling, exact, after_dot) for spelling, exact, after_dot in spellings}.values())
    found = {(match.start, match.end, match.payload) for match in _table(unique).finditer(text)}
    assert found == _expected(text, unique)


def test_word_keys_in_ascii_text_skip_occurrences_inside_longer_words() -> None:
    """The case the word-boundary search is for: `get` everywhere inside longer names."""
    table = _table([("get", True, True), ("get_conn", True, True)])
    text = "target = hook.get_conn(); forget(); x.get(1); budget_get = get\n"
    found = sorted((match.start, match.text) for match in table.finditer(text))
    assert found == [(text.index("get_conn"), "get_conn"), (text.index("get(1)"), "get"), (text.rindex("get"), "get")]


def test_a_text_outside_ascii_is_searched_all_the_same() -> None:
    table = _table([("NaN", True, True)])
    text = "café = np.NaN  # é NaN éNaN NaNé\n"
    assert [match.start for match in table.finditer(text)] == [text.index("NaN"), text.index("NaN", 18)]
