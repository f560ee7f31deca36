"""Wraps a model client so that every call goes through the throttle manager."""

from __future__ import annotations

from typing import Any

from engine.throttle_manager import ThrottleDomain, ThrottleManager


class ThrottledModelClient:
    def __init__(self, inner: Any, throttleManager: ThrottleManager) -> None:
        self.inner = inner
        self.manager = throttleManager

    async def complete(self, prompt: str) -> str:
        await self.manager.acquire(ThrottleDomain.CHAT)
        try:
            return str(await self.inner.complete(prompt))
        finally:
            self.manager.release()
