"""How oversight stores its aggregates: dataclasses as versioned state images with their
events (kit.records), published as `onewindow/oversight`."""

from typing import TypeVar

from services.kit import records

SOURCE = "onewindow/oversight"
A = TypeVar("A")


class AggregateStore(records.AggregateStore[A]):
    def __init__(self, db, name: str, cls: type[A], **options) -> None:
        super().__init__(db, name, cls, SOURCE, **options)
