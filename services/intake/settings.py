from services.kit.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    service_name: str = "intake"
