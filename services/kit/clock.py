"""The one source of "now" for domain code: injectable, so no test waits on the wall clock.

`SystemClock` is production. `FileClock` reads the instant from a file and exists so that
end-to-end tests can set the time of services running in other processes; it is selected only
when `ONEWINDOW_CLOCK_FILE` is set.
"""

from datetime import date, datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

CENTRE_TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


def centre_date(instant: datetime) -> date:
    """The centre's calendar day (Asia/Shanghai) of an instant, whatever the server's zone."""
    return instant.astimezone(CENTRE_TZ).date()


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(CENTRE_TZ)


class FixedClock:
    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self) -> datetime:
        return self.instant


class FileClock:
    """Reads an ISO instant from a file on every call; the system time if the file is empty."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def now(self) -> datetime:
        try:
            text = self.path.read_text().strip()
        except FileNotFoundError:
            text = ""
        if not text:
            return datetime.now(CENTRE_TZ)
        instant = datetime.fromisoformat(text)
        return instant if instant.tzinfo else instant.replace(tzinfo=CENTRE_TZ)


def clock_from_settings(clock_file: str | None) -> Clock:
    return FileClock(clock_file) if clock_file else SystemClock()
