"""An applicant's registration, checked before anything is written (pure). Every field that
breaks a rule is named at once (the one-time notification rule applies to our own refusals)."""

import re
from dataclasses import dataclass

from services.kit.domain import InputError
from ..cases.applicants import MOBILE, IdType, checked_id_number

NAME_MAX = 50
PASSWORD_MIN, PASSWORD_MAX = 8, 64
# a real name as the resident ID card prints it: Chinese characters (with · between the parts
# of some ethnic minorities' names), or Latin letters for foreign-born residents
REAL_NAME = re.compile(r"^[\u3400-\u9fff][\u3400-\u9fff·]*[\u3400-\u9fff]$|^[A-Za-z][A-Za-z .'-]*[A-Za-z.]$")
LETTER, DIGIT = re.compile(r"[A-Za-z]"), re.compile(r"\d")
LABELS = {"name": "姓名", "idNumber": "身份证号码", "mobile": "手机号码", "password": "密码"}


def _password(password: str, id_number: str | None) -> str:
    if not PASSWORD_MIN <= len(password or "") <= PASSWORD_MAX:
        raise InputError("password", "WEAK_PASSWORD",
                         f"密码须为 {PASSWORD_MIN}-{PASSWORD_MAX} 位")
    if not (LETTER.search(password) and DIGIT.search(password)):
        raise InputError("password", "WEAK_PASSWORD", "密码须同时含有字母和数字")
    if id_number and id_number.lower() in password.lower():
        raise InputError("password", "WEAK_PASSWORD", "密码不能包含身份证号码")
    return password


@dataclass(frozen=True)
class ApplicantRegistration:
    name: str
    id_number: str
    mobile: str
    password: str

    @classmethod
    def validate(cls, name: str, id_number: str, mobile: str,
                 password: str) -> "ApplicantRegistration":
        found: dict[str, str] = {}
        errors: list[InputError] = []

        def check(field: str, rule) -> None:
            try:
                found[field] = rule()
            except InputError as exc:
                errors.append(exc)

        check("name", lambda: _name(name))
        check("idNumber", lambda: checked_id_number(IdType.RESIDENT_ID_CARD, id_number,
                                                    "idNumber"))
        check("mobile", lambda: _mobile(mobile))
        check("password", lambda: _password(password, found.get("idNumber")))
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InputError(errors[0].field, "INVALID_FIELDS", "；".join(
                f"{LABELS[e.field]}：{e.message}" for e in errors), [e.field for e in errors])
        return cls(found["name"], found["idNumber"], found["mobile"], found["password"])


def _mobile(mobile: str) -> str:
    number = (mobile or "").strip()
    if not MOBILE.match(number):
        raise InputError("mobile", "INVALID_MOBILE", "手机号码须为 11 位数字，以 1 开头")
    return number


def _name(name: str) -> str:
    value = (name or "").strip()
    if not value:
        raise InputError("name", "REQUIRED", "请填写与身份证一致的姓名")
    if len(value) > NAME_MAX or not REAL_NAME.match(value):
        raise InputError("name", "INVALID_NAME", "姓名须与身份证一致（汉字，少数民族姓名可含“·”）")
    return value
