from services.kit.settings import ServiceSettings


class DeadlinesSettings(ServiceSettings):
    service_name: str = "deadlines"
    # Centre policy: count the acceptance day itself when it is a working day (Yiyang 000 §6
    # reads so); off by default (Gaoyi 001 §8, 民法典 §201).
    count_start_day: bool = False
    # How often each replica checks whether an administrator loaded a calendar year.
    calendar_refresh_seconds: float = 30.0
    # Centre policy: the yellow card comes this many working days before the due date.
    yellow_at_working_days_left: int = 1
    # 004 一次性告知 and 行政许可法 §32: accept, notify corrections or reject within this.
    acceptance_decision_working_days: int = 5
