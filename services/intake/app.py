"""Intake service process: `uvicorn --factory services.intake.app:build`."""

from services.kit.challenges import ProofOfWork
from services.kit.clock import Clock
from services.kit.lookups import LOOKUP_ATTEMPTS, Quota
from services.kit.graphql import RequestContext, loader_by_id
from services.kit.http import create_app
from services.kit.runtime import ServiceRuntime

from . import store
from .cases import consumers
from .directory import consumers as directory_consumers
from .directory.realm import RealmUsers
from .cases.notices import NoticePrinter, NoticeRenderer
from .cases.print_route import add_notice_route
from .cases.scheduled import DailyWatch
from .rosters.scheduled import LunchDutyWatch
from .attendance import consumers as attendance_consumers
from .attendance.scheduled import AttendanceWatch
from .accounts.store import CHALLENGES_USED
from .catalogue.domain import CataloguePolicy
from .numbering.handlers import sweep_case_numbers
from .deps import Deps
from .forecast import DeadlinesForecaster
from .schema import schema
from .settings import IntakeSettings


def build(settings: IntakeSettings | None = None, clock: Clock | None = None):
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime(settings, store.INDEXES, clock)
    intake_store = store.IntakeStore(runtime.db)
    forecaster = DeadlinesForecaster(settings.deadlines_url, settings.forecast_timeout_seconds)
    runtime.on_stop(forecaster.close)
    deps = Deps(
        intake_store, runtime.clock, runtime.events_written, forecaster,
        CataloguePolicy(committed_strictly_shorter=settings.committed_strictly_shorter),
        settings.applicant_ref_key_bytes(), settings.rating_policy(),
        runtime.attempt_limits())
    printer = NoticePrinter(NoticeRenderer(settings.centre_name, settings.notice_font,
                                           settings.notice_font_index))
    if settings.oidc_issuer and settings.directory_client_secret:
        deps.realm = RealmUsers(settings.oidc_issuer, settings.directory_client_id,
                                settings.directory_client_secret)
        deps.registration_challenges = ProofOfWork(
            settings.derived_key("registration", settings.registration_challenge_key),
            settings.registration_challenge_bits, runtime.db[CHALLENGES_USED], "registration",
            "网上实名注册")
        deps.registrations = Quota(runtime.db[LOOKUP_ATTEMPTS], settings.registrations_per_client,
                                   settings.registration_window_seconds, "registration")
    runtime.consume(consumers.GROUP, consumers.make_handler(deps))
    runtime.consume(directory_consumers.GROUP, directory_consumers.make_handler(deps))
    deps.hall = settings.hall_policy()
    runtime.every_tick("daily watch", DailyWatch(deps).tick)
    runtime.every_tick("lunch-time duty", LunchDutyWatch(deps).tick)
    runtime.every_tick("attendance check", AttendanceWatch(deps).tick)
    runtime.consume(attendance_consumers.GROUP, attendance_consumers.make_handler(deps))
    runtime.every_tick("number sweep", lambda: sweep_case_numbers(deps, runtime.void_after))

    link_key = settings.derived_key("notice-links", settings.notice_link_key)

    def make_context(context: RequestContext) -> RequestContext:
        context.deps = deps
        context.printer = printer
        context.notice_link_key = link_key
        context.items = loader_by_id(intake_store.items.get)
        context.cases = loader_by_id(intake_store.cases.get)
        return context

    app = create_app(runtime, schema, make_context)
    add_notice_route(app, deps, printer, runtime.verifier, link_key)
    return app
