"""Oversight's ledger of cases (电子监察 starts from here). Pure: no I/O, no framework."""

import enum
from dataclasses import dataclass


class LedgerStatus(enum.StrEnum):
    OPEN = "open"


@dataclass(frozen=True)
class DepartmentOpenCases:
    department: str
    open_cases: int
