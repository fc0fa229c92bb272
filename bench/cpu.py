"""CPU time used by each component of a stack (its process group: a service with its workers,
the gateway, FerretDB, RabbitMQ), read from /proc, so that a load's cost can be told per
component: CPU milliseconds per case, beside the wall-clock figures."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _group_seconds(groups: dict[int, str]) -> dict[str, float]:
    used = dict.fromkeys(groups.values(), 0.0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        group = int(fields[2])  # pgrp (after state, ppid)
        if group in groups:
            used[groups[group]] += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return used


def components(run) -> dict[int, str]:
    """Process group -> component name, for an `isolated_stack` run."""
    found = {p.popen.pid: name for name, p in run.stack.processes.items() if p.popen}
    for name, part in (("ferretdb", run.ferret), ("rabbitmq", run.rabbit)):
        if part.process and part.process.popen:
            found[part.process.popen.pid] = name
    return found


class CpuMeter:
    def __init__(self, run) -> None:
        self.groups = components(run)
        self.start = _group_seconds(self.groups)
        self.own = sum(os.times()[:2])

    def per(self, units: int) -> dict[str, float]:
        """CPU milliseconds per unit of work since the meter was made, by component."""
        now = _group_seconds(self.groups)
        used = {k: now[k] - self.start[k] for k in now}
        used["load generator"] = sum(os.times()[:2]) - self.own
        result = {k: round(v * 1000 / units, 2) for k, v in sorted(used.items())}
        result["total"] = round(sum(used.values()) * 1000 / units, 2)
        return result
