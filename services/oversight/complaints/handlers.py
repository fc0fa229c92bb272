"""Handlers for complaints: register (number, query code, repeat recognition), the office's
steps, the unit's report, and the complainant's look-up by number and query code."""

import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from services.kit.auth import AuthError, Principal, Role
from services.kit.clock import centre_date
from services.kit.lookups import matches
from services.kit.numbers import (
    NEVER_STORED, SWEEPER, VoidedNumber, number_day, sweep_numbers,
)

from ..deps import OFFICE, Deps, require_office
from ..ledger.handlers import case_named
from . import commands
from .domain import (
    ESCALATION_CHANNELS, Complaint, ComplaintInput, SubjectKind, query_code_hash,
)
from .events import ComplaintNumberVoided
from .store import NUMBER_COUNTER, NUMBER_PREFIX

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CODE_LENGTH = 8


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class Joined:
    """The same complaint sent again the same day: it joins the first (no second number,
    no second clock); `number` is the first's, None while the first is being stored."""
    number: str | None


async def register_complaint(cmd: commands.RegisterComplaint, deps: Deps,
                             principal: Principal) -> tuple[Complaint, str] | Joined:
    """The complaint and its query code (given once; only its hash is stored). Anyone may
    complain on the web without an account, after a proof of work, a few times an hour per
    address (kit.challenges, kit.lookups.Quota)."""
    anonymous = principal.is_anonymous
    if anonymous and cmd.channel != "web":
        raise AuthError("UNAUTHENTICATED", "匿名提交仅限网上投诉渠道")
    now = deps.clock.now()
    given = ComplaintInput.validate(cmd, now)  # before a number is drawn
    if given.subject.kind is SubjectKind.CASE:  # named by its printed number, or its id
        case = await case_named(given.subject.ref, deps, "subject.ref")
        given = replace(given, subject=given.subject.naming(case.case_id, case.case_number,
                                                            case.department))
    if anonymous:
        await deps.anonymous_quota.check(cmd.client, now)
        await deps.challenges.redeem(cmd.challenge, cmd.solution, now)
    day = centre_date(now)
    complaint_id = str(uuid.uuid4())
    if given.channel not in ESCALATION_CHANNELS:  # a referral from above is its own matter
        first, earlier_same = await deps.store.first_of_duplicate(given.duplicate_key(day),
                                                                  complaint_id, now)
        if not first:
            return Joined(earlier_same.number if earlier_same else None)
    repeat_of, earlier = await deps.store.first_about(given.repeat_key, complaint_id) \
        if given.repeat_key else (None, None)
    code = new_query_code()
    number = await deps.store.allocate_number(day, complaint_id, now,
                                              given.subject.department,
                                              query_code_hash(complaint_id, code))
    complaint = Complaint.register(given, complaint_id, number,
                                   query_code_hash(complaint_id, code), now, day,
                                   principal.subject or "public", repeat_of, earlier)
    await deps.store.complaints.save(complaint, principal.subject)
    deps.events_written()
    if anonymous:
        await deps.anonymous_quota.count(cmd.client, now)
    return complaint, code


async def _change(complaint_id: str, deps: Deps, principal: Principal, decide) -> Complaint:
    day = centre_date(deps.clock.now())
    complaint = await deps.store.complaints.change(
        complaint_id, "投诉", lambda c: decide(c, day, principal.subject or ""),
        principal.subject)
    deps.events_written()
    return complaint


async def decide_complaint(cmd: commands.DecideComplaint, deps: Deps,
                           principal: Principal) -> Complaint:
    require_office(principal)

    def decide(c: Complaint, day, by) -> None:
        if cmd.accept:
            c.accept(cmd.reason, day, by)
        else:
            c.decline(cmd.reason or "", cmd.reply_channel, day, by)

    return await _change(cmd.complaint_id, deps, principal, decide)


async def order_investigation(cmd: commands.OrderInvestigation, deps: Deps,
                              principal: Principal) -> Complaint:
    require_office(principal)
    return await _change(cmd.complaint_id, deps, principal, lambda c, day, by:
                         c.order_investigation(cmd.mode, cmd.report_due_on, day, by))


async def record_report(cmd: commands.RecordReport, deps: Deps,
                        principal: Principal) -> Complaint:
    """The office's own findings, or the complained-about unit's report (its head)."""
    principal.require(*OFFICE, Role.DEPARTMENT_HEAD)
    unit = None if principal.has_any(*OFFICE) else (principal.department or "?")
    return await _change(cmd.complaint_id, deps, principal, lambda c, day, by:
                         c.record_report(cmd.report, day, by, unit))


async def reply_to_complainant(cmd: commands.ReplyToComplainant, deps: Deps,
                               principal: Principal) -> Complaint:
    require_office(principal)
    return await _change(cmd.complaint_id, deps, principal, lambda c, day, by:
                         c.reply(cmd.channel, cmd.content, day, by))


async def record_verdict(cmd: commands.RecordVerdict, deps: Deps,
                         principal: Principal) -> Complaint:
    require_office(principal)
    return await _change(cmd.complaint_id, deps, principal, lambda c, day, by:
                         c.record_verdict(cmd.satisfied, day, by))


async def conclude_complaint(cmd: commands.ConcludeComplaint, deps: Deps,
                             principal: Principal) -> Complaint:
    require_office(principal)
    return await _change(cmd.complaint_id, deps, principal, lambda c, day, by:
                         c.conclude(cmd.conclusion, cmd.summary, day, by))


async def extend_complaint(cmd: commands.ExtendComplaint, deps: Deps,
                           principal: Principal) -> Complaint:
    require_office(principal)
    return await _change(cmd.complaint_id, deps, principal, lambda c, day, by:
                         c.approve_extension(cmd.days, day, by))


async def complaint_for_complainant(number: str, code: str, deps: Deps,
                                    client: str = "") -> Complaint | None:
    """By number and query code; None for a wrong pair (which of the two is not said), after
    the same work either way; wrong attempts counted per number and client (kit.lookups)."""
    number = (number or "").strip().upper()
    now = deps.clock.now()
    await deps.lookups.check(number, client, now)
    claimed = await deps.store.numbers.find_one({"_id": number})
    owner = claimed and claimed.get("owner")
    if claimed is not None and claimed.get("code_hash") is None:  # drawn before hashes
        complaint = await deps.store.complaints.get(owner) if owner else None
        right = complaint is not None and secrets.compare_digest(
            complaint.query_code_hash, query_code_hash(complaint.id, code.strip().upper()))
    else:
        right = matches(owner, claimed and claimed.get("code_hash"), code)
        complaint = await deps.store.complaints.get(owner) if right else None
    if not right or complaint is None:
        await deps.lookups.failed(number, client, now)
        return None
    return complaint


async def account_complaint_number(claimed: dict, deps: Deps) -> bool:
    """The complaint of a claimed number is stored, or it never will be and the number is
    void (True when voided now or before): kit.numbers `sweep_numbers`."""
    number, complaint_id = claimed["_id"], claimed["owner"]
    now = deps.clock.now()
    void = VoidedNumber(number, complaint_id, number_day(number, NUMBER_PREFIX),
                        claimed.get("department"), NEVER_STORED, now)
    event = ComplaintNumberVoided(complaint_id, number, void.day, void.department,
                                  void.reason, now)
    if not await deps.store.complaints.bar(complaint_id, [event], SWEEPER, NEVER_STORED):
        return False
    await deps.store.voided_complaint_numbers.record(void)
    deps.events_written()
    return True


async def sweep_complaint_numbers(deps: Deps, grace: timedelta) -> int:
    """Void the complaint numbers older than `grace` whose complaint was never stored."""
    return await sweep_numbers(deps.store.numbers, deps.store.counters, NUMBER_PREFIX,
                               NUMBER_COUNTER, deps.clock.now(), grace,
                               lambda claimed: account_complaint_number(claimed, deps))
