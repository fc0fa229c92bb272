"""Applicants: a person (name, ID type and number) or an organisation (unified social credit
code, legal representative). Numbers are checked with their check digits (python-stdnum)."""

import enum
import re
from dataclasses import dataclass

from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError,
)

from services.kit.domain import InputError
from services.kit.masking import PASSPORT_PATTERN, mask
from services.kit.pseudonyms import pseudonym
from services.kit.validation import text

from . import commands

NAME_MAX = CONTACT_MAX = 100


class ApplicantKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class IdType(enum.StrEnum):
    RESIDENT_ID_CARD = "resident_id_card"
    PASSPORT = "passport"
    UNIFIED_SOCIAL_CREDIT_CODE = "unified_social_credit_code"


WHY_INVALID = ((InvalidLength, "位数不对"), (InvalidChecksum, "校验位不符"),
               (InvalidComponent, "出生日期或地区代码不存在"), (InvalidFormat, "含有不允许的字符"))


def checked_id_number(id_type: IdType, raw: str, field: str = "applicant.idNumber") -> str:
    number = (raw or "").strip().upper()
    try:
        if id_type is IdType.RESIDENT_ID_CARD:
            return ric.validate(number)
        if id_type is IdType.UNIFIED_SOCIAL_CREDIT_CODE:
            return uscc.validate(number)
    except ValidationError as exc:
        kind = "居民身份证号码" if id_type is IdType.RESIDENT_ID_CARD else "统一社会信用代码"
        reason = next((said for error, said in WHY_INVALID if isinstance(exc, error)),
                      exc.message)
        raise InputError(field, "INVALID_ID_NUMBER", f"{kind}无效（{reason}）") from None
    if not PASSPORT_PATTERN.match(number):
        raise InputError(field, "INVALID_ID_NUMBER", "护照号码须为 5-20 位大写字母或数字")
    return number


@dataclass(frozen=True)
class Applicant:
    kind: ApplicantKind
    name: str
    id_type: IdType
    id_number: str
    contact: str
    legal_representative: str | None = None

    @classmethod
    def from_details(cls, d: commands.ApplicantDetails) -> "Applicant":
        try:
            kind, id_type = ApplicantKind(d.kind), IdType(d.id_type)
        except ValueError:
            raise InputError("applicant.idType", "INVALID_VALUE", "申请人类型或证件类型无效") from None
        organisation = kind is ApplicantKind.ORGANISATION
        if organisation != (id_type is IdType.UNIFIED_SOCIAL_CREDIT_CODE):
            raise InputError("applicant.idType", "ID_TYPE_MISMATCH",
                             "法人等组织用统一社会信用代码，个人用身份证件")
        representative = None
        if organisation:
            representative = text("applicant.legalRepresentative", d.legal_representative,
                                  NAME_MAX)
        return cls(kind=kind, name=text("applicant.name", d.name, NAME_MAX), id_type=id_type,
                   id_number=checked_id_number(id_type, d.id_number),
                   contact=text("applicant.contact", d.contact, CONTACT_MAX),
                   legal_representative=representative)

    def ref(self, key: bytes) -> str:
        """The same applicant across cases, without saying who (events, oversight)."""
        return pseudonym(key, self.id_type.value, self.id_number)

    def masked_id_number(self) -> str:
        """For whoever does not need the full number (not the applicant, not the department's
        window): the first and last character only, as 政务 platforms print it."""
        return mask(self.id_number, 1, 1)

    def masked_contact(self) -> str:
        """A mobile number as 138****0000; any other contact with its middle hidden."""
        c = self.contact
        if MOBILE.match(c):
            return c[:3] + "****" + c[7:]  # the form every Chinese service prints
        return mask(c, 2, 2)


MOBILE = re.compile(r"^1\d{10}$")


