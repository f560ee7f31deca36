"""Which new name took an old one's place, from how git's word diff lines the two up.

A rename leaves its trace in every line it touched: `-throttle_manager: ThrottleManager`
became `+request_admission: RequestAdmissionController`. `git diff --word-diff=porcelain`
aligns the words of each changed line; here the removed and added words of one change are
lined up again (`difflib` over their parts, so unchanged neighbours anchor the rest), and
each old word set against a new one is a vote. One vote is an accident; the same pair seen
in many places is a rename. Dotted chains vote as a whole too, which is how a moved module
shows (`...utils.fair_task_queue` became `...scheduling.queue` in every import of it).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from lint.text.words import word_tuple

CHAIN = r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"  # POSIX ERE: git reads it too
_CHAIN = re.compile(CHAIN)
# A change this large is a rewrite, not a rename: lining it up would only add noise.
MAX_PARTS = 400


@dataclass
class Votes:
    """How often each old word was seen replaced by each new one."""

    names: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    chains: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def best(self, old: str, eligible: Iterable[str], *, of_chains: bool = False) -> tuple[str, int, int] | None:
        """The eligible new word most often put in `old`'s place, its votes and all eligible votes."""
        allowed = set(eligible)
        tally: Counter[str] = (self.chains if of_chains else self.names).get(old, Counter())
        counted = _general({new: count for new, count in tally.items() if new in allowed})
        if not counted:
            return None
        count, new = max((count, new) for new, count in counted.items())
        return new, count, sum(counted.values())


def _general(counted: dict[str, int]) -> dict[str, int]:
    """Votes for a qualified name go to the general name it qualifies, when that got votes too.

    `ThrottleManager` became `AdaptiveRequestAdmissionController` where one was built and
    `RequestAdmissionController` where one was typed: the concept is the general name.
    """
    words = {name: word_tuple(name) for name in counted}
    general: dict[str, int] = {}
    for name, count in counted.items():
        heads = [
            other
            for other in counted
            if len(words[other]) < len(words[name]) and words[name][-len(words[other]) :] == words[other]
        ]
        target = max(heads, key=lambda other: len(words[other])) if heads else name
        general[target] = general.get(target, 0) + count
    return general


def votes(word_diff: str) -> Votes:
    """The votes of one `git diff --word-diff=porcelain` output."""
    found = Votes()
    removed: list[str] = []
    added: list[str] = []
    in_header = True
    for line in word_diff.splitlines():
        if line.startswith("diff --git"):
            in_header = True
        elif line.startswith("@@"):
            in_header = False
        if in_header or line.startswith("@@"):
            _line_up(removed, added, found)
            removed, added = [], []
            continue
        marker, text = line[:1], line[1:]
        if marker == "-":
            removed.append(text)
        elif marker == "+":
            added.append(text)
        elif marker == " ":
            _line_up(removed, added, found)
            removed, added = [], []
    _line_up(removed, added, found)
    return found


def _line_up(removed: list[str], added: list[str], found: Votes) -> None:
    if not removed or not added:
        return
    old_chains = [found.group() for found in _CHAIN.finditer(" ".join(removed))]
    new_chains = [found.group() for found in _CHAIN.finditer(" ".join(added))]
    _vote([c for c in old_chains if "." in c], [c for c in new_chains if "." in c], found.chains)
    _vote([p for c in old_chains for p in c.split(".")], [p for c in new_chains for p in c.split(".")], found.names)


def _vote(old: list[str], new: list[str], tally: defaultdict[str, Counter[str]]) -> None:
    if not old or not new or len(old) > MAX_PARTS or len(new) > MAX_PARTS:
        return
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation != "replace":
            continue
        for before, after in zip(old[old_start:old_end], new[new_start:new_end], strict=False):
            if before != after and _same_shape(before, after):
                tally[before][after] += 1


def _same_shape(before: str, after: str) -> bool:
    """A class name is replaced by a class name, a snake_case name by a snake_case one."""
    return before.lstrip("_")[:1].isupper() == after.lstrip("_")[:1].isupper()
