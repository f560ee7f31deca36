"""The async scheduler (written before the layered admission redesign)."""

from __future__ import annotations

from data_designer.engine.dataset_builders.utils.fair_task_queue import FairTaskQueue
from data_designer.engine.dataset_builders.utils.task_model import SchedulingHint
from engine.throttle_manager import ThrottleManager, _create_throttle_manager
from engine.config import RunConfig, ThrottleConfig


class AsyncTaskScheduler:
    def __init__(self, run_config: RunConfig, max_llm_wait_tasks: int = 4) -> None:
        self.queue = FairTaskQueue()
        self.throttle_manager: ThrottleManager = _create_throttle_manager(8)
        self.holds_llm_wait = 0
        self.resources = {"llm_wait": max_llm_wait_tasks}

    def needs_llm_wait(self, hint: SchedulingHint) -> bool:
        return hint.is_llm_bound


def default_run_config() -> RunConfig:
    return RunConfig(buffer_size=100, throttle=ThrottleConfig(max_retries=3))
