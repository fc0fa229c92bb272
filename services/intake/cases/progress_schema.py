"""The public progress look-up: anyone with a case's number and the query code printed on its
acceptance notice reads where it stands (status, dates, the current step), nothing personal.
A wrong pair is refused without saying whether the number exists."""

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.domain import InputError
from services.kit.auth import AuthError
from services.kit.lookups import LookupLocked, one_per_request

from . import domain, handlers
from ..case_states import STATUS_NAMES
from .timeline import current_step
from .types import CaseStatus, CurrentStep

CODE_MAX = 32


@strawberry.type(description="A case's progress for the public: no applicant, no materials.")
class CaseProgress:
    case_number: str
    service_item_name: str
    department_name: str
    status: CaseStatus
    status_name: str
    current_step: CurrentStep
    received_on: date
    accepted_on: date | None
    due_on: date | None = strawberry.field(description="The committed completion date")
    decided_on: date | None
    completed_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, case: domain.Case) -> "CaseProgress":
        code, label = current_step(case)
        return cls(case_number=case.case_number, service_item_name=case.item.elements.name,
                   department_name=case.department_name,
                   status=CaseStatus(case.status.value), status_name=STATUS_NAMES[case.status],
                   current_step=CurrentStep(code=code, label=label),
                   received_on=case.received_on, accepted_on=case.accepted_on,
                   due_on=case.due_on, decided_on=case.decided_on,
                   completed_on=case.completed_on, withdrawn_on=case.withdrawn_on)


@strawberry.type(description="The number and query code do not match a case (which of the "
                             "two is wrong is not said).")
class ProgressNotFound:
    code: str
    message: str


@strawberry.type(description="Refused before looking: too many wrong codes for this number or "
                             "from this address (until `retryAfter`), or a second look-up in "
                             "one request.")
class LookupRefused:
    code: str
    message: str
    retry_after: datetime | None


ProgressLookup = Annotated[CaseProgress | ProgressNotFound | LookupRefused,
                           strawberry.union("ProgressLookup")]


@strawberry.type
class ProgressQuery:
    @strawberry.field(description="Public: a case's progress by its number and the query code "
                                  "on its acceptance notice.")
    async def case_progress(self, info: Info, case_number: str,
                            query_code: str) -> ProgressLookup:
        if len(case_number) > CODE_MAX or len(query_code) > CODE_MAX:
            raise InputError("queryCode", "TOO_LONG", "办件编号或查询码过长")
        try:
            one_per_request(info.context)
            case = await handlers.case_progress(case_number, query_code, info.context.deps,
                                                info.context.client)
        except LookupLocked as locked:
            return LookupRefused(code=locked.code, message=str(locked), retry_after=locked.until)
        except AuthError as refused:
            return LookupRefused(code=refused.code, message=str(refused), retry_after=None)
        if case is None:
            return ProgressNotFound(code="NUMBER_OR_CODE_WRONG",
                                    message="办件编号或查询码不正确，请核对受理通知书")
        return CaseProgress.of(case)
