import asyncio

from engine.throttle_manager import ThrottleManager, _create_throttle_manager


def test_limit_halves_on_rate_limit() -> None:
    throttleManager = _create_throttle_manager(8)
    throttleManager.on_rate_limited()
    assert throttleManager.limit == 4


def test_acquire_and_release() -> None:
    manager = ThrottleManager(2)
    asyncio.run(manager.acquire(None))  # type: ignore[arg-type]
    manager.release()
    assert manager.in_flight == 0
