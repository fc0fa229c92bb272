from services.kit.settings import ServiceSettings


class OversightSettings(ServiceSettings):
    service_name: str = "oversight"
    # Policy: days within which a poor rating's rater is contacted (好差评 follow-up).
    rating_follow_up_days: int = 5
