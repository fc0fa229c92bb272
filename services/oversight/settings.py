from services.kit.settings import ServiceSettings


class OversightSettings(ServiceSettings):
    service_name: str = "oversight"
