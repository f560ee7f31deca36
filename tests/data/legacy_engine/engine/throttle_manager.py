"""Adaptive per-domain limits for model calls (the ThrottleManager)."""

from __future__ import annotations

import asyncio
from enum import Enum

THROTTLE_MANAGER_DEFAULT_LIMIT = 4


class ThrottleDomain(Enum):
    CHAT = "chat"
    EMBEDDING = "embedding"


class ThrottleManager:
    """Hands out one permit per call and halves the limit on a 429."""

    def __init__(self, limit: int = THROTTLE_MANAGER_DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._llm_wait_semaphore = asyncio.Semaphore(limit)
        self.in_flight = 0

    async def acquire(self, domain: ThrottleDomain) -> None:
        await self._llm_wait_semaphore.acquire()
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight -= 1
        self._llm_wait_semaphore.release()

    def on_rate_limited(self) -> None:
        self.limit = max(1, self.limit // 2)


def _create_throttle_manager(limit: int | None = None) -> ThrottleManager:
    return ThrottleManager(limit or THROTTLE_MANAGER_DEFAULT_LIMIT)
