"""Code in the current vocabulary: request admission and task admission."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RequestAdmissionController:
    max_parallel_requests: int
    current_limit: int = 1

    def admit(self, in_flight: int) -> bool:
        """Request admission bounds provider calls under the static provider cap."""
        return in_flight < min(self.current_limit, self.max_parallel_requests)


async def wait_for(event: object) -> None:
    """Waiting on an event is ordinary asyncio, not a capacity layer."""
    await event.wait()
