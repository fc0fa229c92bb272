"""Oversight's command handlers."""

from dataclasses import dataclass

from . import commands
from .store import LedgerStore


@dataclass
class Deps:
    store: LedgerStore


async def record_case_accepted(cmd: commands.RecordCaseAccepted, deps: Deps) -> None:
    await deps.store.record_accepted(cmd)


async def record_clock_started(cmd: commands.RecordClockStarted, deps: Deps) -> None:
    await deps.store.record_clock_started(cmd)
