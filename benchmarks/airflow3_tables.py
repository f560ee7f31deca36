"""Write the Airflow 3 vocabulary from the tables of Ruff's rules AIR301 and AIR302.

Ruff keeps the names Airflow 3 removed or moved as `match` arms over qualified-name
segments (`["airflow", "operators", "dummy", "DummyOperator"] => Rename { module, name }`).
This reads those arms from a Ruff checkout and writes them in the vocabulary's contract
syntax, so the benchmark measures vocab-lint against the same list the peer checks:

    python benchmarks/airflow3_tables.py PATH/TO/ruff > benchmarks/airflow3-vocab.yaml

Arms whose middle is a wildcard (`["airflow", .., "DAG"]`) name no module and are left
out; a trailing wildcard (`["airflow", "contrib", ..]`) becomes a removed package.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RULES = Path("crates/ruff_linter/src/rules/airflow/rules")
TABLES = (("removal_in_3.rs", "check_name"), ("moved_to_provider_in_3.rs", "check_names_moved_to_provider"))
TOKEN = re.compile(r'//[^\n]*|"(?:[^"\\]|\\.)*"|\.\.|=>|::|[A-Za-z_][A-Za-z_0-9]*!?|\S', re.DOTALL)
PAIRS = {"(": ")", "[": "]", "{": "}"}
# Keyword arguments the rule checks on every DAG constructor (`["airflow", .., "DAG" | "dag"]`),
# spelt at the places Airflow 2 defines them.
DAG_OWNERS = ("airflow.DAG", "airflow.models.DAG", "airflow.models.dag.DAG", "airflow.decorators.dag",
              "airflow.models.dag.dag")  # fmt: skip
DAG_KEYWORDS = {"concurrency": "max_active_tasks", "fail_stop": "fail_fast", "schedule_interval": "schedule",
                "timetable": "schedule", "default_view": None, "orientation": None}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One removed name: its qualified name, where it went (if anywhere) and why."""

    old: str
    new: str | None
    note: str


class _Parser:
    """A recursive-descent reader of the subset of Rust the tables are written in."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self, ahead: int = 0) -> str:
        return self.tokens[self.at + ahead]

    def take(self, wanted: str | None = None) -> str:
        token = self.tokens[self.at]
        self.at += 1
        if wanted is not None and token != wanted:
            raise SyntaxError(f"expected {wanted!r}, read {token!r}")
        return token

    def group(self) -> list[str]:
        start, depth = self.at, 0
        while True:
            token = self.take()
            depth += token in PAIRS
            depth -= token in PAIRS.values()
            if depth == 0:
                return self.tokens[start : self.at]

    def arms(self) -> list[tuple[list[Any], Any]]:
        self.take("{")
        found = []
        while self.peek() != "}":
            alternatives = [self.alternative()]
            while self.peek() == "|":
                self.take()
                alternatives.append(self.alternative())
            self.take("=>")
            found.append((alternatives, self.body()))
            if self.peek() == ",":
                self.take()
        self.take("}")
        return found

    def alternative(self) -> tuple[str, Any]:
        if self.peek() == "[":
            self.take()
            elements = []
            while self.peek() != "]":
                elements.append(self.element())
                if self.peek() == ",":
                    self.take()
            self.take("]")
            return ("slice", elements)
        token = self.take()
        return ("literal", [token[1:-1]]) if token.startswith('"') else ("other", token)

    def literals(self) -> list[str]:
        names = [self.take()[1:-1]]
        while self.peek() == "|":
            self.take()
            names.append(self.take()[1:-1])
        return names

    def element(self) -> tuple[str, list[str]]:
        if self.peek() == "..":
            self.take()
            return ("tail", [])
        if self.peek().startswith('"'):
            return ("literal", self.literals())
        self.take()
        if self.peek() != "@":
            return ("one", [])
        self.take()
        if self.peek() == "..":
            self.take()
            return ("tail", [])
        self.take("(")
        names = self.literals()
        self.take(")")
        return ("literal", names)

    def body(self) -> Any:
        if self.peek() == "match":
            while self.peek() != "{":
                self.take()
            return ("match", self.arms())
        if self.peek() == "return":
            self.take()
            return None
        if self.peek() == "{":
            inner = _Parser(self.group()[1:-1])
            while inner.at < len(inner.tokens) and not inner.peek().endswith("Replacement"):
                inner.take()
            return inner.body() if inner.at < len(inner.tokens) else None
        self.take()
        self.take("::")
        variant, fields = self.take(), {}
        if self.peek() == "(":
            fields["message"] = [token for token in self.group() if token.startswith('"')]
        elif self.peek() == "{":
            fields = _fields(self.group()[1:-1])
        return ("replacement", variant, fields)


def _fields(tokens: list[str]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    index = 0
    while index < len(tokens) - 1:
        if tokens[index + 1] == ":":
            key, index, depth, value = tokens[index], index + 2, 0, []
            while index < len(tokens) and not (tokens[index] == "," and depth == 0):
                depth += tokens[index] in PAIRS
                depth -= tokens[index] in PAIRS.values()
                value.append(tokens[index])
                index += 1
            fields[key] = value
        index += 1
    return fields


def _expand(arms: list[tuple[list[Any], Any]], prefix: list[str], rows: list[Row]) -> None:
    for alternatives, body in arms:
        for kind, elements in alternatives:
            if kind == "literal":
                for name in elements:
                    _emit([*prefix, name], name, body, rows)
            elif kind == "slice":
                for segments, bound in _segments(elements, prefix):
                    _emit(segments, bound, body, rows)


def _segments(elements: list[tuple[str, list[str]]], prefix: list[str]) -> list[tuple[list[str], str]]:
    """Each concrete spelling of a slice pattern ('*' for a wildcard) and what it binds."""
    spellings: list[tuple[list[str], str]] = [(list(prefix), "")]
    for kind, names in elements:
        if kind == "literal":
            spellings = [([*segments, name], name) for segments, _ in spellings for name in names]
        else:
            spellings = [([*segments, "*"], "*") for segments, _ in spellings]
    return spellings


def _emit(segments: list[str], bound: str, body: Any, rows: list[Row]) -> None:
    if body is None or "*" in segments[:-1]:
        return
    if body[0] == "match":
        _expand(body[1], [segment for segment in segments if segment != "*"], rows)
        return
    _, variant, fields = body

    def text(key: str) -> str | None:
        strings = [token[1:-1] for token in fields.get(key, []) if token.startswith('"')]
        if "rest" in fields.get(key, []):
            return strings[0].replace("{rest}", bound) if strings else bound
        return strings[0] if strings else None

    module, name = text("module"), text("name")
    provider = text("provider")
    message = " ".join(re.sub(r"\\\s*", " ", text) for text in fields.get("message", []))
    if module and name:
        home = f"apache-airflow-providers-{provider}" if provider else "its new module"
        rows.append(Row(".".join(segments), f"{module}.{name}", f"moved to {home} in Airflow 3"))
    else:
        note = re.sub(r"\s+", " ", message.replace('"', "")).strip() or "removed in Airflow 3"
        rows.append(Row(".".join(segments), None, note))


def rows_of(ruff: Path) -> list[Row]:
    """The removed and moved names of both rules' tables, in table order."""
    rows: list[Row] = []
    for filename, function in TABLES:
        text = (ruff / RULES / filename).read_text(encoding="utf-8")
        tokens = [token for token in TOKEN.findall(text[text.index(f"fn {function}(") :]) if token[:2] != "//"]
        parser = _Parser(tokens)
        while not (parser.peek() == "match" and parser.peek(1) == "qualified_name"):
            parser.take()
        while parser.peek() != "{":
            parser.take()
        _expand(parser.arms(), [], rows)
    return rows


def vocabulary(rows: list[Row], source: str) -> str:
    """The vocabulary YAML (JSON strings are YAML strings)."""
    lines = [
        "# The names Airflow 3 removed or moved, read from the tables of Ruff's rules AIR301 and",
        f"# AIR302 ({source}; Ruff is MIT-licensed, Copyright (c) 2022 Charles Marsh) by",
        "# benchmarks/airflow3_tables.py. Do not edit by hand: regenerate.",
        "version: 1",
        "name: airflow-3",
        "description: Names Apache Airflow 3 removed or moved to provider distributions.",
        "terms: []",
        "removed:",
    ]
    packages = []
    for row in rows:
        if row.old.endswith(".*"):
            packages.append(row)
            continue
        lines += [f"  - name: {json.dumps(row.old)}", "    qualified: true", "    case: exact"]
        if row.new:
            lines.append(f"    replacement: {json.dumps(row.new)}")
        lines.append(f"    message: {json.dumps(row.note)}")
    for owner in DAG_OWNERS:
        for keyword, replacement in DAG_KEYWORDS.items():
            lines += [f"  - name: {json.dumps(f'{owner}({keyword})')}", "    qualified: true"]
            if replacement:
                lines.append(f"    replacement: {json.dumps(replacement)}")
            lines.append('    message: "a DAG argument Airflow 3 removed"')
    lines.append("moved_modules:")
    for row in packages:
        lines += [f"  - old: {json.dumps(row.old[:-2])}", "    new: []", f"    message: {json.dumps(row.note)}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    checkout = Path(sys.argv[1])
    print(vocabulary(rows_of(checkout), f"Ruff at {sys.argv[2] if len(sys.argv) > 2 else checkout.name}"), end="")
