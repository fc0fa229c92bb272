"""Referrals (转办): where a visitor or a matter is sent, to a staff member, a window, a
department, or somewhere outside the centre. A referral to an absent staff member goes to their
backup (A/B post)."""

import enum
from dataclasses import dataclass

from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, text

from . import commands


class ReferralKind(enum.StrEnum):
    STAFF = "staff"
    WINDOW = "window"
    DEPARTMENT = "department"
    OUTSIDE = "outside"  # outside the centre: `where` says where to go


@dataclass(frozen=True)
class Referral:
    kind: ReferralKind
    target: str | None = None
    where: str | None = None
    on_behalf_of: str | None = None  # a referral to an absent A goes to A's backup B
    target_name: str | None = None  # as printed: the department's, window's or person's name

    def routed_to(self, backup_id: str) -> "Referral":
        return Referral(self.kind, backup_id, self.where, on_behalf_of=self.target,
                        target_name=self.target_name)

    @property
    def printed(self) -> str:
        """Where the applicant is sent, as a notice prints it (names, never codes)."""
        if self.kind is ReferralKind.OUTSIDE:
            return self.where or ""
        return self.target_name or self.target or ""

    @classmethod
    def from_command(cls, r: commands.Referral, field_name: str = "referral",
                     target_name: str | None = None) -> "Referral":
        """`target_name`: what the directory calls the target (the handler looked it up)."""
        try:
            kind = ReferralKind(r.kind)
        except ValueError:
            raise InputError(f"{field_name}.kind", "INVALID_VALUE", "转办类型无效") from None
        target = text(f"{field_name}.target", r.target, SHORT_MAX, required=False) or None
        where = (r.where or "").strip() or None
        if kind is ReferralKind.OUTSIDE and not where:
            raise InputError(f"{field_name}.where", "REQUIRED", "中心以外的转办须写明去向")
        if kind is not ReferralKind.OUTSIDE and not target:
            raise InputError(f"{field_name}.target", "REQUIRED", "须写明转办给谁")
        if where:
            where = text(f"{field_name}.where", where, SHORT_MAX)
        return cls(kind, target, where, target_name=target_name)
