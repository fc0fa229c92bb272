"""What every intake handler is given (`Deps`) and the checks they share: who acts, and for
which department."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from services.kit.auth import AuthError, Principal, Role
from services.kit.clock import Clock
from services.kit.challenges import ProofOfWork
from services.kit.lookups import AttemptLimits, Quota

from .cases.domain import Actor
from .ratings.domain import RatingPolicy
from .appointments.domain import HallPolicy
from .catalogue.domain import CataloguePolicy
from .directory.domain import StaffMember
from .directory.realm import RealmUsers
from .store import IntakeStore


@dataclass(frozen=True)
class Forecast:
    """A due date as the deadlines service counts it; `provisional`: the count reaches into a
    year whose official holiday arrangement is not published yet (the date may move)."""
    due_on: date
    provisional: bool = False


# (start day, limit, unit) -> the deadlines service's forecast, or None when it cannot be
# asked right now.
Forecaster = Callable[[date, int, str], Awaitable[Forecast | None]]


@dataclass
class Deps:
    store: IntakeStore
    clock: Clock
    events_written: Callable[[], None]
    forecast: Forecaster
    policy: CataloguePolicy = CataloguePolicy()
    applicant_ref_key: bytes = b"onewindow-tests"  # the app sets it from the settings
    rating_policy: RatingPolicy = RatingPolicy()
    lookups: AttemptLimits | None = None  # public look-ups' wrong attempts (kit.lookups)
    realm: RealmUsers | None = None  # the identity provider's users (directory/realm.py)
    # applicants' registration (accounts/): a proof of work each, a few per address an hour
    registration_challenges: ProofOfWork | None = None
    registrations: Quota | None = None
    hall: HallPolicy = HallPolicy()  # appointments, duty rosters (appointments/, rosters/)



def act_for_department(principal: Principal, department: str) -> None:
    """Staff act only for their own department; administrators for any."""
    if principal.has_any(Role.ADMIN):
        return
    if principal.department != department:
        raise AuthError("FORBIDDEN", f"您属于部门 {principal.department!r}，此事项属于 {department!r}")


async def actor_of(principal: Principal, deps: Deps) -> tuple[Actor, StaffMember | None]:
    if principal.system is not None:  # a department system acts for its own staff only
        member = await deps.store.staff.get(principal.subject) if principal.subject else None
        if member is None or member.department != principal.department:
            raise AuthError("ACTING_STAFF_UNKNOWN",
                            f"部门业务系统须代本部门（{principal.department}）名录中的工作人员办理"
                            "（header onewindow-acting-staff）")
        return Actor(member.id, member.name), member
    member = await deps.store.staff_names.get(principal.subject) if principal.subject else None
    name = member.name if member else (principal.name or principal.subject or "")
    return Actor(principal.subject or "", name), member
