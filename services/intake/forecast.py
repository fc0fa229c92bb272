"""Asks the deadlines service when a limit falls due (its public `deadlineForecast`), so the
acceptance notice shows the committed completion date. Never reads the deadlines database."""

import logging
from datetime import date

import httpx

from services.kit.logs import CORRELATION_HEADER, current_correlation_id

from .deps import Forecast

log = logging.getLogger(__name__)
QUERY = """query($on: Date!, $limit: Int!, $unit: TimeUnit!) {
  deadlineForecast(acceptedOn: $on, limit: $limit, unit: $unit) { dueDate provisional }
}"""


class DeadlinesForecaster:
    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None  # pooled connections, made on first use

    async def __call__(self, start: date, limit: int, unit: str) -> Forecast | None:
        """The due date, or None when the deadlines service cannot answer now: the notice then
        states the limit and the clock (Case.clock) shows the date once it is running."""
        variables = {"on": start.isoformat(), "limit": limit, "unit": unit.upper()}
        try:
            if self._client is None:
                self._client = httpx.AsyncClient(timeout=self.timeout)
            response = await self._client.post(
                self.url, json={"query": QUERY, "variables": variables},
                headers={CORRELATION_HEADER: current_correlation_id()})
            forecast = response.json()["data"]["deadlineForecast"]
            return Forecast(date.fromisoformat(forecast["dueDate"]),
                            forecast["provisional"] is True)
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning("deadline forecast unavailable", extra={"fields": {"error": str(exc)}})
            return None
