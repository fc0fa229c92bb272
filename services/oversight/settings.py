from pydantic import Field

from services.kit.settings import ServiceSettings


class OversightSettings(ServiceSettings):
    service_name: str = "oversight"
    # Policy: days within which a poor rating's rater is contacted (好差评 follow-up).
    rating_follow_up_days: int = 5
    # Assessment weights and grade thresholds (ONEWINDOW_ASSESSMENT_WEIGHTS, JSON), e.g.
    # {"late_case": 2, "complaint_substantiated": 5, "poor_rating": 3, "breach": 5,
    #  "sanction": 10, "qualified_from": 90, "basically_qualified_from": 75}
    assessment_weights: dict[str, float] = {}
    # Anonymous web complaints: a proof-of-work challenge of this many bits (kit.challenges),
    # signed with ONEWINDOW_CHALLENGE_KEY (else derived from the JWT or gateway secret), and at
    # most this many per client address per window.
    challenge_key: str | None = None
    complaint_challenge_bits: int = Field(default=18, ge=1, le=28)
    anonymous_complaints_per_client: int = Field(default=3, ge=1)
    anonymous_complaint_window_seconds: int = Field(default=3600, ge=60)

    # Webhooks (other departments' systems): this process delivers (one replica does; the
    # others only log what subscribers want); a receiver's answer is awaited this long; the
    # subscribers' secrets are sealed with ONEWINDOW_WEBHOOK_KEY (else derived as above).
    webhook_dispatcher: bool = True
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_key: str | None = None

    # The centre's own staff in the directory (its director and deputy directors: a week's
    # inspection is led by one of them), as intake's ONEWINDOW_CENTRE_DEPARTMENT.
    centre_department: str = "centre"

    def webhook_key_bytes(self) -> bytes:
        return self.derived_key("webhooks", self.webhook_key)

    def challenge_key_bytes(self) -> bytes:
        return self.derived_key("challenge", self.challenge_key)
