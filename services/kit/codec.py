"""Dataclasses to MongoDB documents and back, driven by their type hints.

Why: every aggregate is stored as a state image; writing a to/from function per class doubles
each field. `dump` keeps datetimes (BSON has them), writes dates and times of day as ISO
strings (BSON has neither), enums as their values and tuples as lists. Fields marked
`transient()` (the version, the recorded events) are not stored.
"""

import dataclasses
import enum
import functools
import types
import typing
from datetime import date, datetime, time
from typing import Any, TypeVar

T = TypeVar("T")


def transient(**kwargs) -> Any:
    """A dataclass field that is runtime-only and never stored."""
    return dataclasses.field(compare=False, metadata={"transient": True}, **kwargs)


def dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("transient")}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(dump(v) for v in value)
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


_AS_STORED = (Any, int, str, float, bool)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def load(tp: Any, data: Any) -> Any:
    """Rebuild a value of type `tp` from what `dump` wrote."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return load(options[0], data)
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [load(inner, v) for v in data]
    if origin is tuple:
        inner = typing.get_args(tp)[0]
        return tuple(load(inner, v) for v in data)
    if origin in (frozenset, set):
        (inner,) = typing.get_args(tp)
        return origin(load(inner, v) for v in data)
    if origin is dict:
        args = typing.get_args(tp)
        inner = args[1] if len(args) == 2 else Any
        if inner in _AS_STORED:  # counts, names: nothing to rebuild (a bucket has hundreds)
            return dict(data)
        return {k: load(inner, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {f.name: load(hints[f.name], data[f.name]) for f in dataclasses.fields(tp)
                  if not f.metadata.get("transient") and f.init and f.name in data}
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    if tp is datetime:
        return data
    if tp is date:
        return date.fromisoformat(data) if isinstance(data, str) else data
    if tp is time:
        return time.fromisoformat(data) if isinstance(data, str) else data
    return data


def load_as(cls: type[T], data: dict, **extra: Any) -> T:
    obj = load(cls, data)
    for name, value in extra.items():
        setattr(obj, name, value)
    return obj
