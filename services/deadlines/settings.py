from services.kit.settings import ServiceSettings


class DeadlinesSettings(ServiceSettings):
    service_name: str = "deadlines"
