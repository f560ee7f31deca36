"""Per-model request throttling for the async engine.

The ThrottleManager hands out permits per ThrottleDomain and backs off (AIMD) on 429s.
"""

from __future__ import annotations

import asyncio

from data_designer.engine.models.clients.request_admission import AdmissionError

THROTTLE_MANAGER_DEFAULT_LIMIT = 8


class ThrottleDomain:
    CHAT = "chat"
    EMBEDDING = "embedding"


class ThrottleManager:
    """Hands out request permits per domain."""

    def __init__(self, limit: int = THROTTLE_MANAGER_DEFAULT_LIMIT) -> None:
        self._llm_wait_semaphore = asyncio.Semaphore(limit)
        self.max_llm_wait = limit

    async def acquire(self, domain: str) -> None:
        # wait on the llm_wait semaphore before calling the provider
        await self._llm_wait_semaphore.acquire()

    def release(self) -> None:
        self._llm_wait_semaphore.release()


def _create_throttle_manager(limit: int) -> ThrottleManager:
    return ThrottleManager(limit)
