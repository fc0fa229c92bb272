"""Intake service process: `uvicorn services.intake.app:app`."""

from services.kit.clock import Clock
from services.kit.graphql import RequestContext, loader_by_id
from services.kit.http import create_app
from services.kit.runtime import ServiceRuntime

from . import handlers, store
from .schema import schema
from .settings import IntakeSettings


def build(settings: IntakeSettings | None = None, clock: Clock | None = None):
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    intake_store = store.IntakeStore(runtime.db)
    deps = handlers.Deps(intake_store, runtime.clock, runtime.events_written)

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        context.items = loader_by_id(intake_store.get_item)
        context.cases = loader_by_id(intake_store.get_case)
        return context

    return create_app(runtime, schema, make_context)


