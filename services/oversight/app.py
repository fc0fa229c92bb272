"""Oversight service process: `uvicorn --factory services.oversight.app:build`."""

from services.kit.challenges import ProofOfWork
from services.kit.clock import Clock
from services.kit.lookups import LOOKUP_ATTEMPTS, Quota
from services.kit.graphql import RequestContext
from services.kit.http import create_app
from services.kit.runtime import ServiceRuntime

from . import consumers, store
from .dashboard import consumers as dashboard
from .assessment.domain import Weights
from .complaints.handlers import sweep_complaint_numbers
from .deps import Deps
from .schema import schema
from .settings import OversightSettings
from .webhooks import consumers as webhook_consumers
from .webhooks.dispatch import Dispatcher
from .webhooks.handlers import Webhooks
from .webhooks.sealing import Sealer
from .webhooks.store import WebhookStore


def build(settings: OversightSettings | None = None, clock: Clock | None = None):
    settings = settings or OversightSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    oversight_store = store.OversightStore(runtime.db)
    deps = Deps(oversight_store, runtime.clock, runtime.events_written,
                settings.rating_follow_up_days, Weights(**settings.assessment_weights),
                runtime.attempt_limits(),
                ProofOfWork(settings.challenge_key_bytes(), settings.complaint_challenge_bits,
                            oversight_store.challenges_used),
                Quota(runtime.db[LOOKUP_ATTEMPTS], settings.anonymous_complaints_per_client,
                      settings.anonymous_complaint_window_seconds, "anonymous-complaint"))
    deps.centre_department = settings.centre_department
    deps.webhooks = webhooks = Webhooks(WebhookStore(runtime.db),
                                        Sealer(settings.webhook_key_bytes()), runtime.clock,
                                        runtime.events_written)
    webhooks.fanout = dispatcher = Dispatcher(webhooks, settings.webhook_dispatcher,
                                              settings.webhook_timeout_seconds)
    runtime.on_start(dispatcher.refresh)  # before the first event is consumed
    runtime.on_stop(dispatcher.stop)
    runtime.every_tick("webhook subscribers", dispatcher.refresh)
    runtime.consume(webhook_consumers.GROUP, webhook_consumers.make_handler(webhooks))
    runtime.consume(consumers.GROUP, consumers.make_handler(deps))
    runtime.consume(dashboard.GROUP, dashboard.make_handler(deps))
    runtime.every_tick("number sweep",
                       lambda: sweep_complaint_numbers(deps, runtime.void_after))

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        return context

    return create_app(runtime, schema, make_context)
