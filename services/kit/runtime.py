"""What one service process holds for its lifetime: settings, database, broker, outbox relay,
token verifier and clock. Built once in the service's `app.py`, started by the app's lifespan.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from .auth import TokenVerifier
from .clock import Clock, clock_from_settings
from .idempotency import INDEXES as IDEMPOTENCY_INDEXES, Idempotency
from .lookups import LOOKUP_ATTEMPTS, AttemptLimits
from .messaging import Broker, Handler
from .mongo import IndexSpec, connect, ensure_indexes, ping
from .outbox import OutboxRelay
from .settings import ServiceSettings
from .tasks import every
from .tracing import configure_tracing, shutdown_tracing

log = logging.getLogger(__name__)


class ServiceRuntime:
    def __init__(
        self,
        settings: ServiceSettings,
        indexes: IndexSpec,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        configure_tracing(settings)  # before the database client: PyMongo's spans
        self.client, self.db = connect(settings)
        self.broker = Broker(settings)
        self.verifier = TokenVerifier(settings)
        self.clock = clock or clock_from_settings(settings.clock_file)
        self.indexes = {**indexes, **IDEMPOTENCY_INDEXES}
        # retried mutations act once (kit.idempotency); kept keys swept hourly
        self.idempotency = Idempotency(self.db, self.verifier, self.clock)
        self.relay = OutboxRelay(self.db, self.broker, settings.relay_sweep_seconds,
                                 settings.relay_settle_seconds)
        self._consumers: dict[str, Handler] = {}
        self._on_start: list[Callable[[], Awaitable[None]]] = []
        self._on_stop: list[Callable[[], Awaitable[None]]] = []
        self._scheduled: dict[str, Callable[[], Awaitable[object]]] = {}
        self._tasks: list[asyncio.Task] = []
        self.every_hour("idempotency keys sweep", self.idempotency.sweep)

    @property
    def void_after(self) -> timedelta:
        """How old a drawn number whose record is missing must be to be voided."""
        return timedelta(seconds=self.settings.number_void_after_seconds)

    def attempt_limits(self) -> AttemptLimits:
        """Wrong attempts at this service's public look-ups (kit.lookups), swept hourly."""
        s = self.settings
        limits = AttemptLimits(self.db[LOOKUP_ATTEMPTS], s.lookup_attempts_per_number,
                               s.lookup_attempts_per_client, s.lookup_window_seconds)
        self.every_hour("look-up attempts sweep", limits.sweep)
        return limits

    def every_hour(self, name: str, sweep: Callable[[object], Awaitable[object]]) -> None:
        """`sweep(now)` at the first tick and then once an hour of the service's clock."""
        swept = {"at": None}

        async def work() -> None:
            now = self.clock.now()
            if swept["at"] is None or now - swept["at"] > timedelta(hours=1):
                swept["at"] = now
                await sweep(now)

        self.every_tick(name, work)

    def consume(self, group: str, handler: Handler) -> None:
        self._consumers[group] = handler

    def on_start(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._on_start.append(hook)

    def on_stop(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._on_stop.append(hook)

    def every_tick(self, name: str, work: Callable[[], Awaitable[object]]) -> None:
        """Run `work` on every scheduler tick once started, in every replica (so `work` must be
        safe when replicas race: versioned changes, claims)."""
        self._scheduled[name] = work

    def events_written(self) -> None:
        """Tell the relay that a write queued events, so they go out now, not at the sweep."""
        self.relay.poke()

    async def start(self) -> None:
        await ensure_indexes(self.db, self.indexes)
        # Hooks (loading reference data) finish before the first message is consumed.
        for hook in self._on_start:
            await hook()
        for group, handler in self._consumers.items():
            self.broker.consume(group, handler)
        self.broker.start()
        self.relay.start()
        self._tasks = [every(self.settings.scheduler_tick_seconds, work, name)
                       for name, work in self._scheduled.items()]
        log.info("service started")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for hook in self._on_stop:
            await hook()
        await self.relay.stop()
        await self.broker.close()
        await self.client.close()
        shutdown_tracing()

    async def readiness(self) -> dict[str, bool]:
        return {"mongodb": await ping(self.db), "rabbitmq": await self.broker.ping()}
