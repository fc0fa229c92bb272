"""Background work of a service process."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


def every(seconds: float, work: Callable[[], Awaitable[object]], name: str) -> asyncio.Task:
    """Run `work` every `seconds` until the process stops; a failure is logged and the next
    round runs as planned."""
    async def loop() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await work()
            except Exception:
                log.exception(f"{name} failed; will try again")

    return asyncio.create_task(loop(), name=name)
