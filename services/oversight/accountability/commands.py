"""What the monitoring office (and a sanctioned person, for the appeal) ask of findings."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OpenFinding:
    """From a verified supervision case, or typed in by the office (then breach, department,
    case and people are given)."""
    supervision_case_id: str | None = None
    complaint_id: str | None = None  # a complaint concluded substantiated or partly
    breach: str | None = None
    department: str | None = None
    case_id: str | None = None
    people: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AllocateResponsibility:
    finding_id: str
    fault: str
    right_verdict: str | None = None
    named: dict[str, str] = field(default_factory=dict)  # role -> staff id


@dataclass(frozen=True)
class RecordHearing:
    finding_id: str
    staff_id: str
    statement: str
    defence: str = ""


@dataclass(frozen=True)
class DecideSanction:
    finding_id: str
    staff_id: str
    level: str
    reasons: str
    lighter: list[tuple[str, str]] = field(default_factory=list)  # (kind, evidence)


@dataclass(frozen=True)
class FileAppeal:
    finding_id: str
    sanction_id: str
    statement: str


@dataclass(frozen=True)
class AnswerAppeal:
    finding_id: str
    appeal_id: str
    outcome: str
    answer: str
