"""The registry of report formats: `--output-format` names and the writers behind them.

Each writer writes a `Report` to a stream it is given; the closing summary goes to the
terminal separately, so that `--output` can send a machine format to a file while the
terminal still hears how the run went.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from lint.report.ci import write_github, write_gitlab, write_junit, write_rdjson
from lint.report.json_report import write_json
from lint.report.report import Report
from lint.report.sarif import write_sarif
from lint.report.text import write_concise, write_text

Writer = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Writer] = {
    "text": write_text,
    "concise": write_concise,
    "json": write_json,
    "sarif": write_sarif,
    "github": write_github,
    "junit": write_junit,
    "gitlab": write_gitlab,
    "rdjson": write_rdjson,
}

# Formats that read the scanned files' lines (carets, fingerprints, byte columns).
NEEDS_SOURCES = frozenset({"gitlab", "rdjson"})
