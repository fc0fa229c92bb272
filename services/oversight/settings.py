from services.kit.settings import ServiceSettings


class OversightSettings(ServiceSettings):
    service_name: str = "oversight"
    # Policy: days within which a poor rating's rater is contacted (好差评 follow-up).
    rating_follow_up_days: int = 5
    # Assessment weights and grade thresholds (ONEWINDOW_ASSESSMENT_WEIGHTS, JSON), e.g.
    # {"late_case": 2, "complaint_substantiated": 5, "poor_rating": 3, "breach": 5,
    #  "sanction": 10, "qualified_from": 90, "basically_qualified_from": 75}
    assessment_weights: dict[str, float] = {}
