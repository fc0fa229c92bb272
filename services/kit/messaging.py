"""RabbitMQ through aio-pika: confirmed persistent publishing and retrying, idempotent consumers.

A `Broker` keeps one robust connection. It connects in the background and keeps trying while
RabbitMQ is down, so a service starts and answers HTTP without the broker; its outbox simply
waits. On reconnect aio-pika restores channels, queues and consumers.

Failure policy for a consumed message:
- the handler returns: ack;
- it raises `Rejected` (a business rule says this message can never succeed) or the message is
  not a CloudEvent: straight to the group's dead-letter queue, no retry;
- anything else is transient: re-published to the holding queue for the next attempt (delay
  from settings), then acked; after the last attempt, to the dead-letter queue.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from . import topology
from .events import CONTENT_TYPE, CloudEvent, MalformedEvent
from .logs import correlation_id, log_fields
from .settings import ServiceSettings
from .tracing import SpanKind, mark_failed, span_for_event

log = logging.getLogger(__name__)
ATTEMPT_HEADER = "x-onewindow-attempt"
Handler = Callable[[CloudEvent], Awaitable[None]]


class BrokerUnavailable(RuntimeError):
    """Not connected to RabbitMQ right now; the caller keeps the event and tries later."""


class Rejected(Exception):
    """A consumer's verdict that this message can never be processed: dead-letter, no retry."""


class Broker:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._connection: AbstractRobustConnection | None = None
        self._channel: aio_pika.abc.AbstractChannel | None = None
        self._exchange: aio_pika.abc.AbstractExchange | None = None
        self._consumers: dict[str, Handler] = {}
        self._queues: dict[str, aio_pika.abc.AbstractQueue] = {}
        self._connected = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.on_connected: list[Callable[[], None]] = []

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_forever(), name="broker-connect")

    async def wait_connected(self, timeout: float | None = None) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    @property
    def is_connected(self) -> bool:
        return (
            self._connection is not None
            and not self._connection.is_closed
            and self._channel is not None
            and not self._channel.is_closed
        )

    async def _connect_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._connect()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # unreachable broker, or a topology it refuses
                log.warning("RabbitMQ not ready, retrying", extra=log_fields(error=repr(exc)))
                if self._connection is not None:
                    await self._connection.close()
                    self._connection = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _connect(self) -> None:
        self._connection = await aio_pika.connect_robust(
            self.settings.amqp_url,
            client_properties={"connection_name": self.settings.service_name},
        )
        channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
        await channel.set_qos(prefetch_count=self.settings.prefetch)
        self._exchange, self._queues = await topology.declare(
            channel, self.settings.exchange, len(self.settings.retry_delays_ms)
        )
        self._channel = channel
        for group, handler in self._consumers.items():
            await self._start_consumer(group, handler)
        self._connection.reconnect_callbacks.add(self._on_reconnect)
        self._connected.set()
        log.info("connected to RabbitMQ")
        self._notify_connected()

    def _on_reconnect(self, *_args) -> None:
        log.info("reconnected to RabbitMQ")
        self._notify_connected()

    def _notify_connected(self) -> None:
        for callback in self.on_connected:
            callback()

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
        if self._connection:
            await self._connection.close()

    # -- publishing ------------------------------------------------------------------------
    async def publish(self, event: CloudEvent) -> None:
        """Returns once RabbitMQ has confirmed the message is routed and stored."""
        if not self.is_connected or self._exchange is None:
            raise BrokerUnavailable("not connected to RabbitMQ")
        message = aio_pika.Message(
            body=json.dumps(event.to_dict(), ensure_ascii=False).encode(),
            content_type=CONTENT_TYPE,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=event.id,
            correlation_id=event.correlationid,
            type=event.type,
            app_id=event.source,
            headers={ATTEMPT_HEADER: 0},
        )
        try:
            await self._exchange.publish(message, routing_key=event.type, mandatory=True)
        except Exception as exc:  # connection lost, nacked or unroutable: not confirmed
            raise BrokerUnavailable(f"{type(exc).__name__}: {exc}") from exc

    # -- consuming -------------------------------------------------------------------------
    def consume(self, group: str, handler: Handler) -> None:
        """Register the handler of a consumer group (before or after connecting)."""
        if group not in topology.SUBSCRIPTIONS:
            raise KeyError(f"consumer group {group!r} is not declared in kit.topology")
        self._consumers[group] = handler
        if self.is_connected:
            asyncio.get_running_loop().create_task(self._start_consumer(group, handler))

    async def _start_consumer(self, group: str, handler: Handler) -> None:
        queues = topology.GroupQueues(group, len(self.settings.retry_delays_ms))
        queue = self._queues[group]

        async def on_message(message: AbstractIncomingMessage) -> None:
            await self._handle(queues, handler, message)

        await queue.consume(on_message, consumer_tag=f"{self.settings.service_name}.{group}")

    async def _handle(
        self, queues: topology.GroupQueues, handler: Handler, message: AbstractIncomingMessage
    ) -> None:
        attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 0) or 0)
        try:
            event = CloudEvent.from_dict(json.loads(message.body))
        except (ValueError, TypeError, MalformedEvent) as exc:
            log.error("malformed message dead-lettered", extra=log_fields(error=str(exc)))
            await message.reject(requeue=False)
            return
        token = correlation_id.set(event.correlationid)
        fields = log_fields(event_id=event.id, event_type=event.type, attempt=attempt,
                            group=queues.group)
        with span_for_event(f"{queues.group} handle {event.type}", event.trace,
                            SpanKind.CONSUMER, **{
                                "messaging.system": "rabbitmq",
                                "messaging.consumer.group.name": queues.group,
                                "cloudevents.event_id": event.id,
                                "cloudevents.event_type": event.type,
                                "onewindow.attempt": attempt}) as span:
            try:
                await handler(event)
            except Rejected as exc:
                mark_failed(span, "rejected")
                log.error(f"event rejected: {exc}", extra=fields)
                await message.reject(requeue=False)
            except Exception as exc:
                mark_failed(span, type(exc).__name__)
                await self._retry_or_dead_letter(queues, message, attempt, fields)
            else:
                await message.ack()
                log.info("event handled", extra=fields)
            finally:
                correlation_id.reset(token)

    async def _retry_or_dead_letter(self, queues, message, attempt: int, fields) -> None:
        delays = self.settings.retry_delays_ms
        if attempt >= len(delays):
            log.exception("event failed after its last attempt, dead-lettered", extra=fields)
            await message.reject(requeue=False)
            return
        log.warning("event failed, will retry", exc_info=True, extra=fields)
        retry = aio_pika.Message(
            body=message.body,
            content_type=message.content_type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            type=message.type,
            app_id=message.app_id,
            headers={**(message.headers or {}), ATTEMPT_HEADER: attempt + 1},
            expiration=delays[attempt] / 1000,
        )
        try:
            # Confirmed into the holding queue before the original is acked: never lost;
            # a crash in between only redelivers, which idempotent handlers absorb.
            await self._channel.default_exchange.publish(
                retry, routing_key=queues.retry(attempt + 1), mandatory=True
            )
        except Exception:
            await message.nack(requeue=True)
            return
        await message.ack()

    async def ping(self) -> bool:
        return self.is_connected
