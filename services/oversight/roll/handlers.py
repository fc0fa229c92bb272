"""Keeping the staff roll from the directory's announcements (`staff.registered`)."""

from datetime import datetime

from services.kit.aggregates import retry_on_conflict

from ..deps import Deps
from .domain import RollMember


async def record_staff_announcement(staff_id: str, department: str, position: str,
                                    at: datetime, deps: Deps) -> bool:
    """The member as the directory announced them; False when a newer announcement is kept."""
    async def attempt() -> bool:
        member = await deps.store.staff_roll.get(staff_id, absent_is_new=True)
        if member is None:
            member = RollMember.announced(staff_id, department, position, at)
        elif not member.reannounced(department, position, at):
            return False
        await deps.store.staff_roll.save_or_conflict(member, "staff-directory")
        return True

    return await retry_on_conflict(attempt)
