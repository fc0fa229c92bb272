"""The register of case numbers (办件编号): every number drawn names exactly one stored case,
or is void (作废) with its reason. A number is drawn before its case is written, so a writer
killed in between (a SIGKILL, a database gone) leaves a number that belongs to nothing; the
sweep (scheduled.py, kit.numbers `sweep_numbers`) finds such numbers once they are older than
the grace period and voids them, barring their case from ever being stored afterwards (the
same insert decides as for the case's creation, kit.aggregates `bar`)."""

from services.kit.numbers import NEVER_STORED, SWEEPER, VoidedNumber

CASE_NUMBER_PREFIX, CASE_NUMBER_COUNTER = "OW", "case-number"  # OW + day + sequence

__all__ = ["CASE_NUMBER_COUNTER", "CASE_NUMBER_PREFIX", "NEVER_STORED", "SWEEPER", "VoidedNumber"]
