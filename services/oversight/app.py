"""Oversight service process: `uvicorn --factory services.oversight.app:build`."""

from services.kit.clock import Clock
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


def build(settings: OversightSettings | None = None, clock: Clock | None = None):
    settings = settings or OversightSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    deps = Deps(store.OversightStore(runtime.db), runtime.clock, runtime.events_written,
                settings.rating_follow_up_days, Weights(**settings.assessment_weights))
    runtime.consume(consumers.GROUP, consumers.make_handler(deps))
    runtime.consume(dashboard.GROUP, dashboard.make_handler(deps))
    runtime.every_tick("number sweep",
                       lambda: sweep_complaint_numbers(deps, runtime.void_after))

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        return context

    return create_app(runtime, schema, make_context)
