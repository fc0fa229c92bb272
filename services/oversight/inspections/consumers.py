"""A week's inspection findings referred on (值周, 001): a supervision case or an
accountability finding. Nothing else happens here.

| event | data used | does |
|---|---|---|
| `inspection.finding_recorded` (oversight) | finding_id, department, window, on, people, referral, breach, summary | `supervision`: a supervision case; `accountability`: a finding; `none`: nothing |
"""

from services.kit.events import CloudEvent

from ..deps import Deps
from . import handlers

EVENT_TYPES = ("inspection.finding_recorded",)


async def handle(event: CloudEvent, deps: Deps) -> None:
    await handlers.refer_inspection_finding(event.id, event.data, deps)
