"""Input checks every service applies before anything is drawn or written: lengths, required
text, codes. Each failure is an `InputError` with a stable code, the field and a Chinese
message."""

import enum
import re
from typing import TypeVar

from .graphql import InputError

E = TypeVar("E", bound=enum.Enum)

TEXT_MAX, SHORT_MAX = 4000, 200
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$")


def text(field_name: str, value: str | None, maximum: int, required: bool = True) -> str:
    value = (value or "").strip()
    if not value and required:
        raise InputError(field_name, "REQUIRED", f"{field_name} 不能为空")
    if len(value) > maximum:
        raise InputError(field_name, "TOO_LONG", f"{field_name} 超过 {maximum} 个字符")
    return value


def code(field_name: str, value: str) -> str:
    value = (value or "").strip()
    if not CODE_PATTERN.match(value):
        raise InputError(field_name, "INVALID_FORMAT",
                         f"{field_name} 须为 2-64 位字母、数字、'-' 或 '_'")
    return value


def choice(field_name: str, enum_type: type[E], value: str) -> E:
    """One of an enumeration's values, or INVALID_VALUE naming the field."""
    try:
        return enum_type(value)
    except ValueError:
        raise InputError(field_name, "INVALID_VALUE", f"{field_name} 取值无效") from None
