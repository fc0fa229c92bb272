"""An applicant registers (实名注册): checked, then at most a few per address an hour and a
proof of work each, then the identity provider makes the account. Nothing is stored here: the
account is the realm's (one request makes it whole), the cases stay keyed by the ID number."""

from services.kit.domain import InputError

from ..deps import Deps
from ..directory.realm import AlreadyRegistered, PasswordRefused, RealmUnavailable
from .commands import RegisterApplicant
from .domain import ApplicantRegistration


class RegistrationUnavailable(Exception):
    """The identity provider is not configured or did not answer: try again later."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


async def register_applicant(cmd: RegisterApplicant, deps: Deps) -> ApplicantRegistration:
    given = ApplicantRegistration.validate(cmd.name, cmd.id_number, cmd.mobile, cmd.password)
    if deps.realm is None or deps.registrations is None or deps.registration_challenges is None:
        raise RegistrationUnavailable("REGISTRATION_NOT_CONFIGURED",
                                      "本中心尚未开通网上实名注册，请到服务大厅窗口办理")
    now = deps.clock.now()
    await deps.registrations.check(cmd.client, now)
    await deps.registration_challenges.redeem(cmd.challenge, cmd.solution, now)
    await deps.registrations.count(cmd.client, now)  # a refused attempt counts too
    try:
        await deps.realm.create_applicant(given.id_number, given.name, given.mobile,
                                          given.password)
    except AlreadyRegistered:
        raise InputError("idNumber", "ALREADY_REGISTERED",
                         "该身份证号码已注册，请直接登录（忘记密码请到服务大厅窗口重置）") from None
    except PasswordRefused:
        raise InputError("password", "WEAK_PASSWORD",
                         "密码不符合要求（8-64 位，含字母和数字，不能与身份证号码相同）") from None
    except RealmUnavailable:
        raise RegistrationUnavailable("IDENTITY_PROVIDER_UNAVAILABLE",
                                      "统一身份认证暂时无法连接，请稍后再试") from None
    return given
