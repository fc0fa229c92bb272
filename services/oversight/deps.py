"""What every oversight handler is given, and the checks they share."""

from collections.abc import Callable
from dataclasses import dataclass, field

from services.kit.auth import CENTRE_WIDE, AuthError, Principal, Role
from services.kit.clock import Clock
from services.kit.challenges import ProofOfWork
from services.kit.lookups import AttemptLimits, Quota

from .assessment.domain import Weights
from .store import OversightStore
from .webhooks.deps import Webhooks

OFFICE = (Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)  # the monitoring office (效能监察)


@dataclass
class Deps:
    store: OversightStore
    clock: Clock
    events_written: Callable[[], None]
    rating_follow_up_days: int = 5  # contact a poor rater within (Dezhou 5, Sichuan 15)
    assessment_weights: Weights = field(default_factory=Weights)
    lookups: AttemptLimits | None = None  # public look-ups' wrong attempts (kit.lookups)
    # anonymous web complaints: the proof of work, and how many per client address
    challenges: ProofOfWork | None = None
    anonymous_quota: Quota | None = None
    webhooks: Webhooks | None = None  # other departments' systems (webhooks/)
    centre_department: str = "centre"  # the centre's own staff in the staff roll (roll/)



def require_office(principal: Principal) -> Principal:
    """Only the monitoring office (supervisors, the efficiency office) decides."""
    return principal.require(*OFFICE)


def sees_department(principal: Principal, department: str) -> bool:
    return principal.has_any(*CENTRE_WIDE) or principal.department == department


def require_department(principal: Principal, department: str) -> None:
    if not sees_department(principal, department):
        raise AuthError("FORBIDDEN", "只能查看本部门的数据")
