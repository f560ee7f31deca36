"""`check --watch` as a user runs it: the real program, real file changes, Ctrl-C to end.

Every wait is for an event (a line of output), with a deadline far past any machine's
pace: the test never depends on how fast the machine is.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from tests.conftest import CAPACITY_FILE, write

DEADLINE = 300  # seconds; only a hung run reaches it


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def _until(lines: queue.Queue[str], text: str) -> list[str]:
    seen = []
    while True:
        line = lines.get(timeout=DEADLINE)
        seen.append(line)
        if text in line:
            return seen


def test_a_change_reruns_the_check_until_ctrl_c(tmp_path: Path) -> None:
    project = write(tmp_path, {**CAPACITY_FILE, "a.py": "x = 1\n"})
    command = [sys.executable, "-m", "lint", "check", "--watch", "--no-show-source"]
    env = {**os.environ, "NO_COLOR": "1"}
    watcher = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    assert watcher.stdout is not None
    threading.Thread(target=_lines, args=(watcher.stdout, lines), daemon=True).start()
    try:
        first = _until(lines, "Watching for changes")
        assert any("no findings" in line for line in first), first
        (project / "b.py").write_text("manager = ThrottleManager()\n", encoding="utf-8")
        second = _until(lines, "Watching for changes")
        assert any(line.startswith("b.py:1:11: removed-name [throttle-manager]") for line in second), second
        (project / "b.py").write_text("manager = 1\n", encoding="utf-8")
        third = _until(lines, "Watching for changes")
        assert not any("removed-name" in line for line in third), third
    finally:
        watcher.send_signal(signal.SIGINT)
        code = watcher.wait(timeout=DEADLINE)
    assert code == 130
