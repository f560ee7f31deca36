"""Word splitting, spelling styles and phrase matching (`docs/matching.md`)."""

from __future__ import annotations

import random
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine.engine import Engine
from lint.engine.explain import explain
from lint.engine.matcher import JOINER, Match, Matcher
from lint.engine.prefilter import LOWERS_TO_ASCII, Prefilter
from lint.findings import Context
from lint.text.words import Style, detect_style, restyle, spell, split_words, word_tuple
from lint.vocabulary.load import parse_vocabulary


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("ThrottleManager", ("throttle", "manager"), id="pascal"),
        pytest.param("throttle_manager", ("throttle", "manager"), id="snake"),
        pytest.param("THROTTLE_MANAGER", ("throttle", "manager"), id="screaming"),
        pytest.param("throttleManager", ("throttle", "manager"), id="camel"),
        pytest.param("throttle-manager", ("throttle", "manager"), id="kebab"),
        pytest.param("throttle manager", ("throttle", "manager"), id="prose"),
        pytest.param("LLMWaitTracker", ("llm", "wait", "tracker"), id="acronym"),
        pytest.param("HTTPPool2", ("http", "pool", "2"), id="digits"),
        pytest.param("models.clients.request_admission", ("models", "clients", "request", "admission"), id="dotted"),
    ],
)
def test_every_style_splits_into_the_same_words(text: str, words: tuple[str, ...]) -> None:
    assert word_tuple(text) == words


@pytest.mark.parametrize(
    ("matched", "prose", "expected"),
    [
        pytest.param("ThrottleManager", False, "RequestAdmissionController", id="pascal"),
        pytest.param("throttle_manager", False, "request_admission_controller", id="snake"),
        pytest.param("THROTTLE_MANAGER", False, "REQUEST_ADMISSION_CONTROLLER", id="screaming"),
        pytest.param("throttleManager", False, "requestAdmissionController", id="camel"),
        pytest.param("throttle-manager", False, "request-admission-controller", id="kebab"),
        pytest.param("throttle manager", True, "request admission controller", id="prose"),
        pytest.param("Throttle manager", True, "Request admission controller", id="sentence-start"),
    ],
)
def test_replacement_takes_the_style_of_the_matched_text(matched: str, prose: bool, expected: str) -> None:
    assert restyle("RequestAdmissionController", matched, prose=prose) == expected


def test_prose_replacement_keeps_its_own_hyphens() -> None:
    assert restyle("row-group admission", "Row group admission", prose=True) == "Row-group admission"


def test_paths_are_never_restyled() -> None:
    assert restyle("request_admission/controller.py", "ThrottleManager") == "request_admission/controller.py"


def test_detect_style_and_spell_round_trip() -> None:
    for style in Style:
        if style in (Style.PROSE_CAPITALIZED, Style.TITLE):
            continue
        spelled = spell(("request", "domain"), style)
        assert word_tuple(spelled) == ("request", "domain")
        assert detect_style(spelled, prose=style is Style.PROSE) is style


def _matcher(*phrases: str) -> Matcher[str]:
    matcher: Matcher[str] = Matcher()
    for phrase in phrases:
        matcher.add_phrase(word_tuple(phrase), phrase)
    return matcher


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("_create_throttle_manager", ["throttle_manager"], id="inside-longer-identifier"),
        pytest.param("max_llm_wait", ["llm_wait"], id="suffix"),
        pytest.param("holds_llm_wait", ["llm_wait"], id="held"),
        pytest.param("the LLM-wait pool", ["LLM-wait"], id="hyphenated-prose"),
        pytest.param("throttled", [], id="longer-word-is-another-word"),
        pytest.param("throttle. Manager", [], id="sentence-boundary"),
        pytest.param("throttle\nmanager", ["throttle\nmanager"], id="wrapped-line"),
        pytest.param("a throttle_manager_py", ["throttle_manager_py"], id="longest-wins"),
    ],
)
def test_phrase_matching(text: str, expected: list[str]) -> None:
    matcher = _matcher("throttle manager", "llm wait", "throttle manager py")
    assert [m.text for m in matcher.find(text)] == expected


def test_longest_match_wins_on_overlap() -> None:
    matcher = _matcher("llm wait", "max llm wait tasks")
    found = matcher.find("max_llm_wait_tasks = 1")
    assert [(m.text, m.payload) for m in found] == [("max_llm_wait_tasks", "max llm wait tasks")]


def test_regex_escape_hatch() -> None:
    matcher = _matcher()
    matcher.add_regex(re.compile(r"\bv1\.0\b"), "old-version")
    assert [m.text for m in matcher.find("upgrade from v1.0 now")] == ["v1.0"]


identifier_parts = st.lists(
    st.sampled_from(["throttle", "manager", "LLM", "wait", "Http", "pool", "2", "x", "Domain", "llm"]),
    min_size=1,
    max_size=6,
)
separators = st.sampled_from(["", "_", "-", ".", " ", "__", "\n"])


@st.composite
def identifiers(draw: st.DrawFn) -> str:
    parts = draw(identifier_parts)
    out = parts[0]
    for part in parts[1:]:
        out += draw(separators) + part
    return out


@given(identifiers())
def test_splitting_is_lossless(text: str) -> None:
    words = split_words(text)
    pieces = []
    cursor = 0
    for word in words:
        pieces.append(text[cursor : word.start])
        pieces.append(text[word.start : word.end])
        cursor = word.end
    pieces.append(text[cursor:])
    assert "".join(pieces) == text
    assert all(text[w.start : w.end].lower() == w.lower for w in words)


@given(identifiers())
def test_spans_always_slice_to_the_matched_text(text: str) -> None:
    matcher = _matcher("throttle manager", "llm wait", "http pool", "wait")
    for match in matcher.find(text):
        assert text[match.start : match.end] == match.text
        assert word_tuple(match.text) == word_tuple(match.payload)


@given(st.text(max_size=60) | identifiers())
def test_prefilter_never_says_no_to_a_text_that_matches(text: str) -> None:
    phrases = ["throttle manager", "llm wait", "http pool"]
    matcher = _matcher(*phrases)
    prefilter = Prefilter([word_tuple(p) for p in phrases])
    if matcher.find(text):
        assert prefilter.may_match(text)


def test_prefilter_says_no_to_unrelated_text() -> None:
    prefilter = Prefilter([word_tuple("throttle manager")])
    assert not prefilter.may_match("async def handler():\n    await queue.get()\n")
    assert prefilter.may_match("x = THROTTLE_MANAGER")


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80) | identifiers())
def test_the_byte_prefilter_of_ascii_files_agrees_with_the_text_prefilter(text: str) -> None:
    """An ASCII file is prefiltered as bytes, without decoding: the answer must be the text's."""
    prefilter = Prefilter(
        [word_tuple(p) for p in ("throttle manager", "llm wait", "http pool")],
        keys=["vocab-lint", "request_admission"],
        exact_keys=["NaN"],
    )
    assert prefilter.may_match_ascii(text.encode("ascii")) == prefilter.may_match(text)


@given(
    st.lists(
        st.sampled_from(["key", "KEY", "\u212aey", "ring", "RİNG", "r\u0130ng", "é", "Straße", "Ω", "\ufb01", "—",
                         "\U0001f600", "throttle", "Manager", " ", "_", "\n", "-", "NaN", "vocab-lint"]),
        max_size=12,
    ).map("".join)
)  # fmt: skip
def test_the_prefilter_of_non_ascii_text_agrees_with_the_str_search(text: str) -> None:
    """Non-ASCII text is searched as UTF-8 bytes unless it holds a character that lowers to
    ASCII; either way the answer is that of the `str` search."""
    prefilter = Prefilter(
        [word_tuple(p) for p in ("throttle manager", "key ring")], keys=["vocab-lint"], exact_keys=["NaN"]
    )
    assert prefilter.may_match(text) == prefilter.found(text, text.lower().encode())


def test_the_prefilter_finds_a_phrase_written_with_the_kelvin_sign() -> None:
    prefilter = Prefilter([word_tuple("key ring")])
    assert prefilter.may_match("caf\u00e9: \u212aEY RING")
    assert not prefilter.may_match("caf\u00e9: KEY PING")


def test_a_phrase_with_a_word_outside_ascii_is_found_in_any_case() -> None:
    """`bytes.lower` leaves "É" as it is: such a phrase is looked for in the lowered `str`."""
    prefilter = Prefilter([word_tuple("café manager")])
    assert prefilter.may_match("the CAFÉ MANAGER, naïvely")
    assert prefilter.may_match("café_manager")


def test_only_two_characters_outside_ascii_lower_to_ascii() -> None:
    """The UTF-8 prefilter relies on it (checked against this Python's Unicode database)."""
    lowered_to_ascii = [
        chr(code)
        for code in range(128, sys.maxunicode + 1)
        if any(character.isascii() for character in chr(code).lower())
    ]
    assert tuple(lowered_to_ascii) == LOWERS_TO_ASCII


def test_the_byte_prefilter_finds_keys_exact_keys_and_anchors_in_any_case() -> None:
    prefilter = Prefilter([word_tuple("throttle manager")], keys=["vocab-lint"], exact_keys=["NaN"])
    assert prefilter.may_match_ascii(b"x = THROTTLE_MANAGER")
    assert prefilter.may_match_ascii(b"# VOCAB-LINT: allow")
    assert prefilter.may_match_ascii(b"y = np.NaN")
    assert not prefilter.may_match_ascii(b"y = np.nan  # throttle alone")


OVERLAPPING = ["connection pool", "needs slot", "onion ring", "ionic", "ctio zz", "ring fence"]


@given(
    st.lists(
        st.sampled_from(["connection", "needs", "onion", "on", "Ionic", "ionic", "ring", "pool", "slot", "nee", "ds",
                         "ctio", "zz", "fence", "conne", "ction", " ", "_", "-", "\n", "x", "Ring"]),
        max_size=24,
    ).map("".join)
)  # fmt: skip
def test_prefilter_finds_anchors_hidden_inside_other_matches(text: str) -> None:
    """The prefilter's leftmost search steps over a pattern that starts inside another's
    match: it must still never say no to a text that matches."""
    matcher = _matcher(*OVERLAPPING)
    prefilter = Prefilter([word_tuple(p) for p in OVERLAPPING], keys=["ring_key"])
    if matcher.find(text):
        assert prefilter.may_match(text)
        assert prefilter.may_match_ascii(text.encode("ascii"))


def test_an_anchor_starting_inside_another_match_is_found() -> None:
    prefilter = Prefilter([word_tuple(p) for p in OVERLAPPING])
    # Lowered, "onIonic" is "onionic": the search finds "onion" and steps past "ionic".
    assert _matcher(*OVERLAPPING).find("x = onIonic")
    assert prefilter.may_match("x = onIonic")
    assert prefilter.may_match_ascii(b"x = onIonic")
    assert not prefilter.may_match("connection needs nothing")


JOINED = ["request admission controller", "row group", "llm wait", "http pool"]


@given(
    st.lists(
        st.sampled_from(["request", "Request", "REQUEST", "admission", "Admission", "controller", "Controller", "row",
                         "Row", "group", "Group", "llm", "LLM", "wait", "Wait", "http", "HTTP", "pool", "Pool", "s",
                         " ", "  ", "_", "__", "-", ".", "/", "\t", "\n", "\n    ", "\r\n", ",", "x", "2"]),
        max_size=16,
    ).map("".join)
)  # fmt: skip
def test_prefilter_finds_every_phrase_whatever_joins_its_words(text: str) -> None:
    """The prefilter looks for a phrase as its words joined as the matcher joins them (spaces,
    a line break and indentation, `_`, `-`, `.`, `/`, or nothing between camel-case words):
    it never says no to a text the matcher finds a phrase in."""
    matcher = _matcher(*JOINED)
    prefilter = Prefilter([word_tuple(p) for p in JOINED])
    if matcher.find(text):
        assert prefilter.may_match(text)
        assert prefilter.may_match_ascii(text.encode("ascii"))


def test_prefilter_says_no_to_words_that_are_near_but_not_a_phrase() -> None:
    prefilter = Prefilter([word_tuple(p) for p in JOINED])
    assert not prefilter.may_match("The row is read, then the group.")
    assert not prefilter.may_match_ascii(b"The row is read, then the group.")
    assert prefilter.may_match_ascii(b"RowGroup") and prefilter.may_match("row\n    group")


def test_only_ascii_characters_start_a_joiner() -> None:
    """The prefilter picks the joiner to try by the character where a word ends, from a
    table of ASCII characters: no other character may start a non-empty joiner."""
    for code in range(128, sys.maxunicode + 1):
        joined = JOINER.match(chr(code))
        assert joined is None or joined.end() == 0, hex(code)


def test_a_walk_is_the_candidates_of_its_own_text_however_far_each_reader_went() -> None:
    """The second filter and the Python scanner share one walk per file, passed as a value:
    a reader that stopped early and one that reads on see the same candidates."""
    matcher = _matcher("throttle manager")
    assert [m.text for m in matcher.walk("a = ThrottleManager()")] == ["ThrottleManager"]
    assert list(matcher.walk("a = manager")) == []
    assert [m.text for m in matcher.walk("throttle_manager = 1")] == ["throttle_manager"]
    text = "ThrottleManager, throttle_manager; " * 200 + "THROTTLE MANAGER"
    walk = matcher.walk(text)
    assert next(iter(walk)).text == "ThrottleManager"  # the second filter stops here
    other = matcher.walk("throttle_manager = 1")  # another text's walk in between changes nothing
    resumed = [(m.start, m.text) for m in walk]
    assert resumed == [(m.start, m.text) for m in _matcher("throttle manager").walk(text)]
    assert resumed == [(m.start, m.text) for m in walk]  # read again: the same, each once
    assert len(resumed) == 401
    assert [m.text for m in other] == ["throttle_manager"]


def test_a_long_text_is_searched_for_anchors_a_block_at_a_time_and_misses_none() -> None:
    """Anchors are looked for one block of the text at a time (memory stays flat): a phrase
    across a block boundary, or at either edge, is found as when the text is split whole."""
    matcher = _matcher("throttle manager", "llm wait")
    boundary = 1 << 16
    text = ""
    for offset in range(-12, 3):  # an anchor that starts before, at, and after a boundary
        at = (len(text) // boundary + 1) * boundary + offset
        text += " " * (at - len(text)) + ("ThrottleManager" if offset % 2 else "llm-wait")
    text += " Throttle Manager"

    def spans(found: list[Match[object]]) -> list[tuple[int, int, str]]:
        return sorted((m.start, m.end, m.text) for m in found)

    assert spans(list(matcher.walk(text))) == spans(matcher.candidates(text))
    assert len(matcher.candidates(text)) == 15 + 1


def test_the_texts_that_match_are_found_by_one_search_of_them_all_or_each() -> None:
    prefilter = Prefilter([word_tuple("throttle manager")])
    paths = ["pkg/a.py", "pkg/throttle_manager.py", "docs/throttle/x.py", "manager/b.py"]
    assert prefilter.matching(paths) == ["pkg/throttle_manager.py"]
    assert prefilter.matching(["pkg/a.py", "pkg/b.py"]) == []
    anchored = Prefilter([], regexes=[re.compile(r"^old/")])
    assert anchored.matching(["new/a.py", "old/b.py"]) == ["old/b.py"]


def test_kept_candidates_follow_the_phrases_and_what_each_caller_accepts() -> None:
    """A short text's candidates are kept between calls; a new phrase, or a caller that
    accepts less, still gets its own answer."""
    matcher = _matcher("throttle manager")
    assert matcher.find("throttle") == []
    assert [m.payload for m in matcher.find("ThrottleManager")] == ["throttle manager"]
    assert matcher.find("ThrottleManager", accept=lambda payload: payload != "throttle manager") == []
    matcher.add_phrase(word_tuple("throttle"), "throttle")
    assert [m.payload for m in matcher.find("throttle")] == ["throttle"]
    matcher.add_regex(re.compile("Mgr"), "regex")
    assert [m.payload for m in matcher.find("ThrottleMgr")] == ["throttle", "regex"]


def test_a_prefilter_of_fifty_thousand_phrases_answers(capfd: pytest.CaptureFixture[str]) -> None:
    """RE2 refuses one alternation of tens of thousands of phrases ("pattern too large"):
    they are searched in groups, silently."""
    chance = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word() -> str:
        return "".join(chance.choice(letters) for _ in range(chance.randint(4, 10)))

    phrases = [tuple(word() for _ in range(chance.randint(1, 4))) for _ in range(50_000)]
    prefilter = Prefilter(phrases)
    assert prefilter.may_match("-".join(phrases[-1]).upper())
    assert not prefilter.may_match("0123 4567")
    assert capfd.readouterr().err == ""


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40))
def test_longest_first_keeps_what_a_plain_greedy_keeps(spans: list[tuple[int, int]]) -> None:
    """Longest first, earliest on ties, never two overlapping: as a greedy pass that checks
    every span taken so far would choose (the reference the mask must agree with)."""
    from lint.engine.matcher import Match, longest_first

    candidates = [Match(start, start + length, "x" * length, index) for index, (start, length) in enumerate(spans)]
    taken: list[Match[int]] = []
    for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= other.start or other.end <= match.start for other in taken):
            taken.append(match)
    assert longest_first(candidates) == sorted(taken, key=lambda m: m.start)


_LONG_TEXT_PARTS = st.sampled_from(
    [
        "throttle", "Throttle", "THROTTLE", "manager", "Manager", "managers", "llm", "LLM", "wait",
        "request", "admission", " ", "  ", "_", "-", ".", "\n", "x" * 300, "Y" * 2500, "42", "the pool ",
    ]
)  # fmt: skip


@settings(max_examples=60)
@given(st.lists(_LONG_TEXT_PARTS, min_size=1, max_size=200), st.integers(min_value=1, max_value=30))
def test_a_long_text_split_near_its_anchors_finds_each_match_of_the_whole_once(parts: list[str], copies: int) -> None:
    """Pieces of a long text overlap, and an identifier may run on for thousands of
    characters: every match of the text split whole is found, each exactly once."""
    matcher = _matcher("throttle manager", "llm wait", "throttle", "request admission", "manager")
    text = ("".join(parts) * copies)[:40_000]
    text += " filler" * max(0, (5000 - len(text)) // 7 + 1)  # long enough to be split near its anchors

    def keys(found: list[Match[object]]) -> list[tuple[int, int, int]]:
        return sorted((m.start, m.end, id(m.payload)) for m in found)

    whole = keys(matcher.candidates(text, words=split_words(text)))
    assert keys(matcher.candidates(text)) == whole
    assert keys(list(matcher.walk(text))) == whole


def test_a_leading_underscore_marks_a_private_name_and_is_not_one_of_its_words(engine: Engine) -> None:
    """`_submission_semaphore` is also the class `SubmissionSemaphore`, the public
    `submission_semaphore` and the prose of posts and plans; the underscore, where written,
    is covered by the finding."""
    scope = engine.scope_for("pkg/scheduler.py")
    for text, context, matched in [
        ("await self._submission_semaphore.acquire()", Context.IDENTIFIER, "_submission_semaphore"),
        ("gate = SubmissionSemaphore(4)", Context.IDENTIFIER, "SubmissionSemaphore"),
        ("submission_semaphore = make()", Context.IDENTIFIER, "submission_semaphore"),
        ("The old submission semaphore handed slots over.", Context.PROSE, "submission semaphore"),
    ]:
        assert [h.matched for h in engine.hits(text, context, scope)] == [matched], text


def test_a_trailing_underscore_stays_part_of_the_name() -> None:
    vocabulary = parse_vocabulary(
        "version: 1\nname: v\nterms: []\nremoved:\n  - {name: type_, replacement: kind_}\n", "v"
    )
    engine = Engine(vocabulary)
    scope = engine.scope_for("a.py")
    assert [(h.matched, h.replacement) for h in engine.hits("x = type_", Context.IDENTIFIER, scope)] == [
        ("type_", "kind_")
    ]
    assert engine.hits("x = type(y)", Context.IDENTIFIER, scope) == []
    assert "always with its trailing underscore" in explain(vocabulary, "type_")


@given(st.text(alphabet=st.sampled_from(list("NaInfPY_37 .x\nf")), max_size=60))
def test_many_exact_keys_are_found_as_written(text: str) -> None:
    """Past a few exact keys (a library's removed names), one RE2 looks for them all:
    it must find what one substring test per key finds, in text, bytes and gates."""
    keys = ["NaN", "Inf", "PY37", "PY38", "float_", "NINF", "PINF", "Infinity", "NZERO", "PZERO"]
    prefilter = Prefilter([], exact_keys=keys)
    expected = any(key in text for key in keys)
    assert prefilter.may_match(text) == expected
    assert prefilter.may_match_ascii(text.encode()) == expected
    assert prefilter.gates_found(text.encode(), text.lower().encode()) == expected
