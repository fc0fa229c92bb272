"""The material check and the one-time-notification rules (一次性告知: 000, 001, 004).

From the item's material list and what the applicant handed in, every missing or defective
material is determined. Which outcomes are open follows from that alone:
- nothing missing or defective: accept;
- only non-essential materials missing or defective: accept with materials owed (容缺受理);
- anything missing or defective: a correction notice listing all of it at once;
- a later notice that asks for what was already wrong at the first check (and has not been
  handed in anew since) breaks one-time notification (001 責任追究 §7(五)).
"""

import enum
from dataclasses import dataclass

from services.kit.domain import InputError
from services.kit.validation import text

from ..catalogue.domain import ItemElements
from . import commands

REASON_MAX = 500


class MaterialState(enum.StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    DEFECTIVE = "defective"


@dataclass(frozen=True)
class MaterialRecord:
    name: str
    essential: bool
    state: MaterialState
    reason: str | None = None
    handed_in_round: int | None = None  # the check at which it was last handed in

    @property
    def wanting(self) -> bool:
        return self.state is not MaterialState.PRESENT


@dataclass(frozen=True)
class MaterialCheck:
    round: int
    records: tuple[MaterialRecord, ...]

    def wanting(self) -> list[MaterialRecord]:
        return [r for r in self.records if r.wanting]

    def blocking(self) -> list[MaterialRecord]:
        """Essential materials missing or defective: the case cannot be accepted."""
        return [r for r in self.records if r.wanting and r.essential]

    def owed(self) -> list[MaterialRecord]:
        return [r for r in self.records if r.wanting and not r.essential]

    def record(self, name: str) -> MaterialRecord | None:
        return next((r for r in self.records if r.name == name), None)


def _handed_in(elements: ItemElements, handed: list[commands.HandedInMaterial],
               field_name: str) -> dict[str, tuple[MaterialState, str | None]]:
    seen: dict[str, tuple[MaterialState, str | None]] = {}
    for i, h in enumerate(handed):
        name = (h.name or "").strip()
        where = f"{field_name}[{i}]"
        if elements.material(name) is None:
            raise InputError(f"{where}.name", "MATERIAL_NOT_ON_LIST",
                             f"材料“{name}”不在该事项的申请材料目录中")
        if name in seen:
            raise InputError(f"{where}.name", "DUPLICATE_MATERIAL", f"材料“{name}”重复")
        try:
            state = MaterialState(h.state)
        except ValueError:
            raise InputError(f"{where}.state", "INVALID_VALUE", "材料状态无效") from None
        reason = None
        if state is MaterialState.DEFECTIVE:
            reason = text(f"{where}.reason", h.reason, REASON_MAX)
        seen[name] = (state, reason)
    return seen


def check_materials(elements: ItemElements, handed: list[commands.HandedInMaterial],
                    previous: MaterialCheck | None = None) -> MaterialCheck:
    """A new check. A material not named now keeps its previous record (the applicant did not
    bring it again); at the first check, a material not named is missing."""
    round_ = previous.round + 1 if previous else 1
    named = _handed_in(elements, handed, "materials")
    records = []
    for m in elements.materials:
        if m.name in named:
            state, reason = named[m.name]
            handed_round = round_ if state is not MaterialState.MISSING else None
            records.append(MaterialRecord(m.name, m.essential, state, reason, handed_round))
        elif previous and (old := previous.record(m.name)):
            records.append(old)
        else:
            records.append(MaterialRecord(m.name, m.essential, MaterialState.MISSING))
    return MaterialCheck(round_, tuple(records))


def with_staff_defects(elements: ItemElements, check: MaterialCheck,
                       extra: list[commands.HandedInMaterial]) -> MaterialCheck:
    """Defects the system cannot see, added by staff; they can add, never take away."""
    added = _handed_in(elements, extra, "extraDefects")
    records = []
    for r in check.records:
        if r.name in added and not r.wanting:
            state, reason = added[r.name]
            if state is MaterialState.PRESENT:
                raise InputError("extraDefects", "NOT_A_DEFECT", f"“{r.name}”未标为缺失或有误")
            records.append(MaterialRecord(r.name, r.essential, state, reason, r.handed_in_round))
        else:
            records.append(r)
    return MaterialCheck(check.round, tuple(records))


def repeated_requests(requested: list[MaterialRecord], earlier_notices: list[list[str]],
                      first_check: MaterialCheck) -> list[str]:
    """Materials a later correction notice asks for that break one-time notification: not
    asked for before, and already there (unchanged) or already missing at the first check."""
    asked_before = {name for notice in earlier_notices for name in notice}
    repeated = []
    for r in requested:
        if r.name in asked_before:
            continue  # asked before and still not right: the applicant's part
        handed_anew = r.handed_in_round is not None and r.handed_in_round > first_check.round
        if not handed_anew:
            repeated.append(r.name)
    return repeated
