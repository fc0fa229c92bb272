"""Who may read a case, in one place: the GraphQL `case` field, the work queue's entities and
the printable notices' URLs all ask this. Pure."""

from services.kit.auth import CENTRE_WIDE, STAFF, AuthError, Principal, Role

from .domain import Case

READERS = (*STAFF, Role.APPLICANT, Role.HELPER)


def may_read_department(principal: Principal, department: str) -> bool:
    return principal.has_any(*CENTRE_WIDE) or principal.department == department


def is_applicant(principal: Principal, case: Case) -> bool:
    """An applicant's token names their verified ID number or credit code as its subject."""
    return principal.has_any(Role.APPLICANT) and principal.subject == case.applicant.id_number


def owns(principal: Principal, case: Case) -> bool:
    """The applicant, or a helper acting for them on this case (帮办代办: linked by the
    helper of the request's department, or the centre's)."""
    return is_applicant(principal, case) or case.acts_for_applicant(principal.subject)


def check_may_read(viewer: Principal, case: Case) -> None:
    """AuthError unless `viewer` may read `case`: its applicant or their helper; staff of its
    department or the centre; whoever a step of it is addressed or was handed over to; a joint
    case's co-departments."""
    viewer.require(*READERS)
    if owns(viewer, case):
        return
    if viewer.has_any(Role.APPLICANT) and not viewer.has_any(*STAFF):
        raise AuthError("FORBIDDEN", "申请人只能查看本人的申请")
    if not viewer.has_any(*STAFF):
        raise AuthError("FORBIDDEN", "帮办代办员只能查看其代为办理的办件")
    handed_to = {h.to_staff for h in case.handovers} | set(case.addressed_to)
    asked = case.joint.asked if case.joint else ()  # a joint case's co-departments read it
    if not may_read_department(viewer, case.department) and viewer.subject not in handed_to \
            and not (viewer.department and viewer.department in asked):
        raise AuthError("FORBIDDEN", "该办件属于其他部门")
