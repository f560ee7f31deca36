"""The async scheduler before layered admission."""

from __future__ import annotations

from engine.models.throttled_model_client import ThrottledModelClient
from engine.throttle_manager import _create_throttle_manager


class SchedulingHint:
    def __init__(self, kind: str, is_llm_bound: bool = False) -> None:
        self.kind = kind
        self.is_llm_bound = is_llm_bound


class AsyncTaskScheduler:
    def __init__(self, max_llm_wait_tasks: int = 8) -> None:
        self.max_llm_wait = max_llm_wait_tasks
        self.holds_llm_wait = 0
        self.resources = {"llm_wait": max_llm_wait_tasks, "cpu": 2}
        self.throttle_manager = _create_throttle_manager()

    def needs_llm_wait(self, hint: SchedulingHint) -> bool:
        return hint.is_llm_bound

    def client_for(self, inner: object) -> ThrottledModelClient:
        return ThrottledModelClient(inner, self.throttle_manager)
