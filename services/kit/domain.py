"""Base for domain events: plain frozen dataclasses that aggregates record.

Each event class names its CloudEvents `type` (glossary English, `noun.past_participle`) and
which of its fields is the subject; `to_cloud_event` turns it into the published envelope.
"""

import dataclasses
import enum
from datetime import date, datetime
from typing import Any, ClassVar

from .events import CloudEvent


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclasses.dataclass(frozen=True)
class DomainEvent:
    event_type: ClassVar[str]
    subject_field: ClassVar[str]

    def data(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def to_cloud_event(self, source: str) -> CloudEvent:
        return CloudEvent(
            type=self.event_type,
            source=source,
            subject=str(getattr(self, self.subject_field)),
            data=self.data(),
        )


class RuleBroken(Exception):
    """A step a business rule does not allow (acting out of order, without the authority it
    needs); nothing changed. `code` is stable, `message` is for people (Chinese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InputError(Exception):
    """Input a rule refuses before anything is drawn or written (Chinese `message`, stable
    `code`, the offending `field`); the schema layer turns it into `InvalidInput`
    (kit.graphql.invalid_input)."""

    def __init__(self, field: str, code: str, message: str,
                 fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message
        self.fields = list(fields or [field])


ECHO_MAX = 64  # characters of what was sent that an error may repeat


class NotFoundError(Exception):
    """A record a command names does not exist (a `NotFound` member of the result union)."""

    def __init__(self, kind: str, id: str) -> None:
        shown = id if len(id) <= ECHO_MAX else id[:ECHO_MAX] + "…"  # never echo 100 KB back
        super().__init__(f"没有找到{kind} {shown}")
        self.id = shown
