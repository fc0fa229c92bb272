"""Deadlines service process: `uvicorn --factory services.deadlines.app:build`."""

from services.kit.clock import Clock
from services.kit.graphql import RequestContext, loader_by_id
from services.kit.http import create_app
from services.kit.runtime import ServiceRuntime

from . import store
from .agenda.scheduled import Scheduler
from .agenda.store import AgendaStore
from .calendar.store import Calendars, CalendarStore
from .clocks import consumers
from .clocks.store import ClockStore
from .deps import Deps
from .schema import schema
from .settings import DeadlinesSettings
from .statistics import consumers as statistics_consumers
from .statistics.store import StatisticsStore


def build(settings: DeadlinesSettings | None = None, clock: Clock | None = None):
    settings = settings or DeadlinesSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    clock_store = ClockStore(runtime.db)
    calendar_store = CalendarStore(runtime.db)
    calendars = Calendars(calendar_store)
    agenda = AgendaStore(runtime.db)
    deps = Deps(clock_store, calendar_store, calendars, runtime.clock,
                         runtime.events_written, agenda, StatisticsStore(runtime.db),
                         settings.count_start_day, settings.yellow_at_working_days_left)
    scheduler = Scheduler(deps, agenda)

    async def load_calendar_and_schedule() -> None:
        await calendars.seed_and_load()
        calendars.start_refreshing(settings.calendar_refresh_seconds)
        # One tick before any event is consumed: it catches up after downtime and, on the
        # first start ever, records where the agenda begins.
        await scheduler.tick()
        scheduler.start(settings.scheduler_tick_seconds)

    runtime.on_start(load_calendar_and_schedule)
    runtime.consume(consumers.GROUP, consumers.make_handler(
        deps, settings.acceptance_decision_working_days))
    runtime.consume(statistics_consumers.GROUP, statistics_consumers.make_handler(deps))

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        context.clocks = loader_by_id(clock_store.get)
        return context

    return create_app(runtime, schema, make_context)
