"""A Fixit rule equivalent to vocab-lint's removed names in identifiers (for the benchmark only)."""

from __future__ import annotations

import libcst as cst
from fixit import LintRule

REMOVED = {
    "ThrottleManager", "ThrottleDomain", "ThrottledModelClient", "throttled_model_client", "SchedulingHint",
    "SchedulingHintResolver", "_model_aliases_for_generator", "is_llm_bound", "needs_llm_wait", "held_llm_wait",
    "max_llm_wait_tasks", "_submission_semaphore", "_llm_wait_semaphore", "get_semaphore_permits", "TrackingSemaphore",
}  # fmt: skip


class RemovedNames(LintRule):
    """Report names that the capacity vocabulary removed."""

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in REMOVED:
            self.report(node, f"{node.value} was removed")
