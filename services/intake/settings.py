from typing import Literal

from pydantic import Field

from services.kit.settings import ServiceSettings

from .appointments.domain import HallPolicy
from .ratings.domain import RatingLevel, RatingPolicy


class IntakeSettings(ServiceSettings):
    service_name: str = "intake"
    centre_name: str = "示范市政务服务中心"
    # The deadlines subgraph, asked for committed completion dates (never its database).
    deadlines_url: str = "http://127.0.0.1:8102/graphql"
    forecast_timeout_seconds: float = 3.0
    # Debian's fonts-noto-cjk; collection index 2 is Simplified Chinese.
    notice_font: str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    notice_font_index: int = 2
    # Centre policy (001): the committed limit must be strictly shorter than the statutory one.
    committed_strictly_shorter: bool = False
    # 好差评 policy: an unrated case receives this level after this many natural days
    # (Guangdong: 7 days, basically_satisfied; Fujian: 2 days, very_satisfied).
    default_rating_level: str = "basically_satisfied"
    default_rating_days: int = Field(default=7, ge=1, le=365)
    # The key of applicants' pseudonyms in events (kit.pseudonyms); the JWT secret when unset.
    applicant_ref_key: str | None = None
    # signs the printable notices' links (else derived from the JWT or gateway secret)
    notice_link_key: str | None = None
    # the realm's `onewindow-directory` service account: registering staff keeps its users
    directory_client_id: str = "onewindow-directory"
    directory_client_secret: str | None = None  # ONEWINDOW_DIRECTORY_CLIENT_SECRET
    # Applicants' registration (实名注册, accounts/): a proof of work of this many bits each
    # (kit.challenges, keyed like the notices' links), at most this many per address a window
    registration_challenge_bits: int = Field(default=18, ge=1, le=28)
    registrations_per_client: int = Field(default=5, ge=1)
    registration_window_seconds: int = Field(default=3600, ge=60)
    registration_challenge_key: str | None = None
    # The hall (003 预约办理制, 延时服务制): the centre's own staff in the directory (duty
    # directors), working days to contact an applicant after booking, slot length, how far ahead
    centre_department: str = "centre"
    appointment_contact_limit: int = Field(default=1, ge=1, le=10)
    appointment_slot_minutes: int = Field(default=30, ge=10, le=120)
    appointment_days_ahead: int = Field(default=30, ge=1, le=180)
    lunch_duty_scope: Literal["all", "rostered"] = "all"
    attendance_scope: Literal["all", "signing"] = "all"

    def hall_policy(self) -> HallPolicy:
        return HallPolicy(self.centre_department, self.appointment_contact_limit,
                          self.appointment_slot_minutes, self.appointment_days_ahead,
                          lunch_duty_scope=self.lunch_duty_scope,
                          attendance_scope=self.attendance_scope)

    def rating_policy(self) -> RatingPolicy:
        return RatingPolicy(RatingLevel(self.default_rating_level), self.default_rating_days)

    def applicant_ref_key_bytes(self) -> bytes:
        key = self.applicant_ref_key or self.jwt_secret
        if not key:
            raise ValueError("set ONEWINDOW_APPLICANT_REF_KEY (applicants' pseudonyms)")
        return key.encode()
