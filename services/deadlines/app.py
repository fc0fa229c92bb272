"""Deadlines service process: `uvicorn --factory services.deadlines.app:build`."""

from services.kit.clock import Clock
from services.kit.graphql import RequestContext, loader_by_id
from services.kit.http import create_app
from services.kit.runtime import ServiceRuntime

from . import consumers, handlers, store
from .calendar import WorkingCalendar
from .official_calendar import arrangements
from .schema import schema
from .settings import DeadlinesSettings


def build(settings: DeadlinesSettings | None = None, clock: Clock | None = None):
    settings = settings or DeadlinesSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    clock_store = store.ClockStore(runtime.db)
    deps = handlers.Deps(clock_store, WorkingCalendar(arrangements()), runtime.clock,
                         runtime.events_written, settings.count_start_day)
    runtime.consume(consumers.GROUP, consumers.make_handler(deps))

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        context.clocks = loader_by_id(clock_store.get)
        return context

    return create_app(runtime, schema, make_context)
