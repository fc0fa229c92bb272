"""The staff roll: who the staff directory (intake) has announced, as far as oversight's rules
need it. A week's inspection is led by one of the centre's deputy directors and its members come
from the window units in turn (值周由一名中心副主任带队，各视窗单位轮流派员参加, 001 值周制度);
the people a finding names work at the window it was found at. Oversight never reads intake's
database: the roll is kept from `staff.registered`. Pure."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from services.kit.codec import transient
from services.kit.domain import DomainEvent, InputError


class Position(enum.StrEnum):  # the directory's posts (intake's directory.domain.Position)
    STAFF = "staff"
    SECTION_HEAD = "section_head"
    DEPUTY_LEADER = "deputy_leader"  # 分管领导; in the centre's own department, 中心副主任
    MAIN_LEADER = "main_leader"


@dataclass
class RollMember:
    id: str  # the directory's staff id
    department: str
    position: Position
    announced_at: datetime  # of the announcement kept: an older one arriving late changes nothing
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def announced(cls, staff_id: str, department: str, position: str,
                  at: datetime) -> "RollMember":
        return cls(staff_id, department, _position(position), _stored(at))

    def reannounced(self, department: str, position: str, at: datetime) -> bool:
        """The directory announced the member again (a new post, another department); False
        when this announcement is not newer than the one kept."""
        at = _stored(at)
        if at <= self.announced_at:
            return False
        self.department, self.position, self.announced_at = department, _position(position), at
        return True


def _stored(at: datetime) -> datetime:
    """As the database keeps it (milliseconds): the same announcement redelivered is not newer."""
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def _position(value: str) -> Position:
    try:
        return Position(value)
    except ValueError:
        return Position.STAFF  # a post this version does not know leads nothing


@dataclass(frozen=True)
class Roll:
    """The members a step names, looked up before it is decided."""
    members: Mapping[str, RollMember]
    centre_department: str  # the centre's own staff (its director and deputy directors)

    def _known(self, field: str, staff_id: str) -> RollMember:
        member = self.members.get(staff_id)
        if member is None:
            raise InputError(field, "UNKNOWN_STAFF", f"人员名册中没有工号 {staff_id}")
        return member

    def deputy_director(self, field: str, staff_id: str) -> str:
        member = self._known(field, staff_id)
        if member.department != self.centre_department or \
                member.position is not Position.DEPUTY_LEADER:
            raise InputError(field, "NOT_DEPUTY_DIRECTOR",
                             f"值周须由一名中心副主任带队，{staff_id} 不是中心副主任")
        return staff_id

    def window_staff(self, field: str, staff_id: str) -> str:
        if self._known(field, staff_id).department == self.centre_department:
            raise InputError(field, "NOT_WINDOW_STAFF",
                             f"值周人员由各窗口单位派出，{staff_id} 不属于窗口单位")
        return staff_id

    def of_department(self, field: str, staff_id: str, department: str) -> str:
        if self._known(field, staff_id).department != department:
            raise InputError(field, "NOT_OF_DEPARTMENT",
                             f"{staff_id} 不是 {department} 的工作人员")
        return staff_id
