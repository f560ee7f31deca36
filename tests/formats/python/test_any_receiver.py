"""An attribute on any receiver (`*.external_flag`): the member after a dot, whoever owns it,
never a bare name; not where a class that still defines it reads its own (`self.flag`)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from ...conftest import checked_findings, write

VOCABULARY = """\
version: 1
name: demo
terms: []
removed:
  - name: "*.external_flag"
    case: exact
    replacement: "*.flag"
"""

CODE = """\
def go(run, external_flag):
    x = run.external_flag  # run.external_flag; external_flag alone is a local
    y = run._external_flag + run.external_flags + run.External_Flag
    z = configure(external_flag=1)
    return get().external_flag, "run.external_flag", external_flag


class RunConfig:
    external_flag: bool = False  # the definition: a name, not an attribute

    def use(self):
        return self.external_flag  # its own attribute at work


class Shim:
    @property
    def external_flag(self):
        return self.flag

    @classmethod
    def build(cls):
        return cls.external_flag


class Settings:
    def __init__(self):
        self.external_flag = False

    def read(self):
        return self.external_flag


class Reader:
    def read(self, config):
        return self.external_flag, config.external_flag  # Reader defines no such attribute
"""


def _found(run_cli: Any, root: Path) -> list[tuple[int, int, str, str]]:
    return [(f["line"], f["column"], f["context"], f["matched"]) for f in checked_findings(run_cli, ".", cwd=root)]


def test_the_member_after_a_dot_is_found_in_code_and_text_and_nowhere_else(tmp_path: Path, run_cli: Any) -> None:
    root = write(
        tmp_path, {"vocab.yaml": VOCABULARY, "code.py": CODE, "page.md": "Set `run.external_flag`; external_flag.\n"}
    )
    assert _found(run_cli, root) == [
        (2, 13, "attribute", "external_flag"),
        (2, 34, "comment", "external_flag"),
        (5, 18, "attribute", "external_flag"),
        (5, 38, "string", "external_flag"),
        (35, 21, "attribute", "external_flag"),  # self, in a class that does not define it
        (35, 43, "attribute", "external_flag"),
        (1, 10, "inline-code", "external_flag"),
    ]


def test_the_fix_renames_the_member_and_keeps_the_receiver(tmp_path: Path, run_cli: Any) -> None:
    user = CODE.split("class Shim")[0] + CODE.split("class Settings")[1].join(["class Settings", ""])
    root = write(tmp_path, {"vocab.yaml": VOCABULARY, "code.py": user})
    result = run_cli("fix", "--no-cache", ".", cwd=root)
    assert result.code == 0, result.out
    fixed = (root / "code.py").read_text(encoding="utf-8")
    assert fixed.splitlines()[1] == "    x = run.flag  # run.flag; external_flag alone is a local"
    assert 'return get().flag, "run.flag", external_flag' in fixed
    assert "return self.flag, config.flag  # Reader" in fixed
    assert fixed.count("self.external_flag") == 3  # the defining classes' own


def test_explain_says_how_it_matches(tmp_path: Path, run_cli: Any) -> None:
    root = write(tmp_path, {"vocab.yaml": VOCABULARY})
    result = run_cli("explain", "external-flag", cwd=root)
    assert "Safe fix: external_flag becomes flag where it is written; the receiver stays" in result.out
    assert "the attribute external_flag on any receiver (after a dot), never the bare name" in result.out


def test_an_exact_qualified_member_is_never_a_word_of_a_longer_private_name(tmp_path: Path, run_cli: Any) -> None:
    vocabulary = textwrap.dedent(
        """\
        version: 1
        name: demo
        terms: []
        removed:
          - name: pkg.Client.client_factories
            qualified: true
            case: exact
            replacement: pkg.Client.factories
        """
    )
    code = textwrap.dedent(
        """\
        from pkg import Client


        class Client2(Client):
            def __init__(self):
                self._client_factories = {}
                self.client_factories = []


        a = Client.client_factories
        b = Client()._client_factories  # pkg.Client._client_factories
        """
    )
    root = write(tmp_path, {"vocab.yaml": vocabulary, "user.py": code})
    found = checked_findings(run_cli, ".", cwd=root)
    assert [(f["line"], f["context"], f["matched"]) for f in found] == [(10, "attribute", "client_factories")]
    assert json.dumps(found).count("_client_factories") == 0
