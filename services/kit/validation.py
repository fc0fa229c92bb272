"""Input checks every service applies before anything is drawn or written: lengths, required
text, codes. Each failure is an `InputError` with a stable code, the field and a Chinese
message."""

import enum
import re
from typing import TypeVar

from .domain import InputError

E = TypeVar("E", bound=enum.Enum)

TEXT_MAX, SHORT_MAX = 4000, 200
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$")
# Never stored: C0/C1 controls (but tab and line breaks in long text), unpaired surrogates
# (they cannot be encoded and failed at save, after a case number was drawn), and bidi
# controls that make text read other than it is stored (Trojan Source).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_FORBIDDEN = re.compile(f"[{_CONTROLS}\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")
_FORBIDDEN_ONE_LINE = re.compile(f"[{_CONTROLS}\t\n\r\ud800-\udfff\u202a-\u202e"
                                 f"\u2066-\u2069\ufeff\u2028\u2029]")


def text(field_name: str, value: str | None, maximum: int, required: bool = True) -> str:
    """Trimmed text of at most `maximum` characters, of characters a record may hold (short
    fields on one line)."""
    value = (value or "")
    if len(value) > maximum + 1000:  # checked before anything else looks at it
        raise InputError(field_name, "TOO_LONG", f"{field_name} 超过 {maximum} 个字符")
    value = value.strip()
    if not value and required:
        raise InputError(field_name, "REQUIRED", f"{field_name} 不能为空")
    if len(value) > maximum:
        raise InputError(field_name, "TOO_LONG", f"{field_name} 超过 {maximum} 个字符")
    forbidden = _FORBIDDEN_ONE_LINE if maximum <= SHORT_MAX else _FORBIDDEN
    if forbidden.search(value):
        raise InputError(field_name, "INVALID_CHARACTERS", f"{field_name} 含有不允许的字符")
    return value


def items(field_name: str, values: list | tuple | None, maximum: int) -> list:
    """A list's size checked before anything looks at its elements."""
    values = list(values or [])
    if len(values) > maximum:
        raise InputError(field_name, "TOO_MANY", f"{field_name} 不超过 {maximum} 项")
    return values


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
