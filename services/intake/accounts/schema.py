"""GraphQL for applicants' registration: a challenge to solve, then `registerApplicant`."""

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.graphql import InvalidInput

from ..cases.applicants import Applicant, ApplicantKind, IdType
from ..results import outcome
from . import handlers
from .commands import RegisterApplicant


@strawberry.type(description="A proof of work a registration carries (kit.challenges): the "
                             "page finds it in well under a second; a script must too, for "
                             "each account.")
class RegistrationChallenge:
    token: str
    bits: int
    expires_at: datetime


@strawberry.input
class RegisterApplicantInput:
    name: str = strawberry.field(description="As the resident ID card prints it")
    id_number: str = strawberry.field(description="Resident ID number (checked with its "
                                                  "check digit); the user name to sign in with")
    mobile: str
    password: str
    challenge: str = strawberry.field(description="`registrationChallenge.token`")
    solution: str = strawberry.field(description="A string whose sha256 of "
                                                 "\"<token>:<solution>\" starts with `bits` "
                                                 "zero bits")


@strawberry.type(description="The account is made: sign in with the ID number and password.")
class ApplicantRegistered:
    username: str
    masked_id_number: str
    name: str


@strawberry.type(description="The identity provider cannot make accounts now (not "
                             "configured, or not answering): `retryable` says whether later "
                             "may work.")
class RegistrationUnavailable:
    code: str
    message: str
    retryable: bool


RegistrationResult = Annotated[ApplicantRegistered | InvalidInput | RegistrationUnavailable,
                               strawberry.union("RegistrationResult")]


async def _register(cmd: RegisterApplicant, info: Info):
    try:
        return await handlers.register_applicant(cmd, info.context.deps)
    except handlers.RegistrationUnavailable as exc:
        return exc


def _registered(result) -> ApplicantRegistered | RegistrationUnavailable:
    if isinstance(result, handlers.RegistrationUnavailable):
        return RegistrationUnavailable(code=result.code, message=result.message,
                                       retryable=result.code != "REGISTRATION_NOT_CONFIGURED")
    shown = Applicant(ApplicantKind.PERSON, result.name, IdType.RESIDENT_ID_CARD,
                      result.id_number, result.mobile)
    return ApplicantRegistered(username=result.id_number,
                               masked_id_number=shown.masked_id_number(), name=result.name)


@strawberry.type
class AccountQuery:
    @strawberry.field(description="Public: a challenge to solve before registering (proof "
                                  "of work, valid ten minutes, used once).")
    def registration_challenge(self, info: Info) -> RegistrationChallenge | None:
        challenges = info.context.deps.registration_challenges
        if challenges is None:
            return None
        c = challenges.issue(info.context.deps.clock.now())
        return RegistrationChallenge(token=c.token, bits=c.bits, expires_at=c.expires_at)


@strawberry.type
class AccountMutation:
    @strawberry.mutation(description="实名注册: an applicant makes their account (no sign-in "
                                     "needed); a few per address an hour.")
    async def register_applicant(self, info: Info,
                                 input: RegisterApplicantInput) -> RegistrationResult:
        info.context.viewer()
        cmd = RegisterApplicant(input.name, input.id_number, input.mobile, input.password,
                                input.challenge, input.solution, info.context.client)
        return await outcome(_register(cmd, info), _registered)
