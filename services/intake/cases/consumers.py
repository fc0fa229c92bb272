"""Turn consumed events into commands. Nothing else happens here.

- `clock.deemed_overdue` of kind `acceptance_decision` (reason `no_decision_within_limit`,
  with the limit's `due_date`): no acceptance, correction notice or rejection within 5 working
  days of receipt (or of the resubmission after a correction notice: the clock's
  `started_on`), so the case is deemed accepted from that day (行政许可法 §32).
"""

from datetime import date

from services.kit.events import CloudEvent
from services.kit.messaging import Rejected

from ..deps import Deps, NotFoundError
from . import commands, handlers

GROUP = "intake"


def make_handler(deps: Deps):
    async def handle(event: CloudEvent) -> None:
        d = event.data
        if event.type != "clock.deemed_overdue" or d.get("kind") != "acceptance_decision":
            return  # other clocks' overdue events are not intake's to act on
        try:
            due = date.fromisoformat(d["due_date"]) if d.get("due_date") else None
            started = date.fromisoformat(d["started_on"]) if d.get("started_on") else None
            await handlers.deem_accepted(
                commands.DeemAccepted(case_id=d["case_id"], accepted_on=started), due, deps)
        except (KeyError, TypeError, ValueError) as exc:
            raise Rejected(f"{event.type} without a usable {exc}") from None
        except NotFoundError as exc:
            raise Rejected(str(exc)) from None

    return handle
