"""Intake service process: `uvicorn --factory services.intake.app:build`."""

from datetime import timedelta

from services.kit.clock import Clock
from services.kit.graphql import RequestContext, loader_by_id
from services.kit.http import create_app
from services.kit.runtime import ServiceRuntime
from services.kit.tasks import every

from . import store
from .cases import consumers
from .cases.notices import NoticePrinter, NoticeRenderer
from .cases.scheduled import DailyWatch
from .catalogue.domain import CataloguePolicy
from .numbering.scheduled import NumberSweep
from .deps import Deps
from .forecast import DeadlinesForecaster
from .schema import schema
from .settings import IntakeSettings


def build(settings: IntakeSettings | None = None, clock: Clock | None = None):
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    intake_store = store.IntakeStore(runtime.db)
    deps = Deps(
        intake_store, runtime.clock, runtime.events_written,
        DeadlinesForecaster(settings.deadlines_url, settings.forecast_timeout_seconds),
        CataloguePolicy(committed_strictly_shorter=settings.committed_strictly_shorter),
        settings.applicant_ref_key_bytes(), settings.rating_policy())
    printer = NoticePrinter(NoticeRenderer(settings.centre_name, settings.notice_font,
                                           settings.notice_font_index))
    runtime.consume(consumers.GROUP, consumers.make_handler(deps))
    watch = DailyWatch(deps)
    sweep = NumberSweep(deps, timedelta(seconds=settings.number_void_after_seconds))

    async def start_watching() -> None:
        watch.task = every(settings.scheduler_tick_seconds, watch.tick, "daily watch")
        sweep.task = every(settings.scheduler_tick_seconds, sweep.tick, "number sweep")

    runtime.on_start(start_watching)

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        context.printer = printer
        context.items = loader_by_id(intake_store.items.get)
        context.cases = loader_by_id(intake_store.cases.get)
        return context

    return create_app(runtime, schema, make_context)
