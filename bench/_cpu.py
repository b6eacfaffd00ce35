"""CPU seconds of each part of a drill (workers, fakes, load generator, PostgreSQL) and of the
machine, to tell a CPU-bound run from one that waits on something."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from _cluster import Cluster
from _common import cpu_seconds

PARTS = ("workers", "fakes", "drill", "postgres")


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds so far per part, and the machine's busy and total seconds."""

    workers: float
    fakes: float
    drill: float
    postgres: float
    machine_busy: float
    machine_total: float


@dataclass(frozen=True)
class CpuUsed:
    """CPU seconds per part between two snapshots, and how busy the machine was."""

    workers: float
    fakes: float
    drill: float
    postgres: float
    machine_busy_share: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def cpu_snapshot(c: Cluster) -> CpuSnapshot:
    """CPU seconds so far of each part of the drill, and of the machine (busy, total),
    to tell a CPU-bound run (2 cores here) from one that waits on something."""
    postgres = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().split(" (", 1)[1].startswith("postgres)"):
                postgres += cpu_seconds(int(stat.parent.name))
        except (OSError, IndexError):
            continue
    mine = os.times()
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    clock = os.sysconf("SC_CLK_TCK")
    return CpuSnapshot(
        workers=sum(cpu_seconds(w.pid) for w in c.workers),
        fakes=cpu_seconds(c.slack.pid) + cpu_seconds(c.telegram.pid),
        drill=mine.user + mine.system,
        postgres=postgres,
        machine_busy=(sum(ticks) - ticks[3] - ticks[4]) / clock,
        machine_total=sum(ticks) / clock,
    )


def cpu_used(before: CpuSnapshot, after: CpuSnapshot) -> CpuUsed:
    """CPU seconds per part between two snapshots, and the machine's busy share."""
    parts = {k: round(getattr(after, k) - getattr(before, k), 1) for k in PARTS}
    total = max(after.machine_total - before.machine_total, 1e-9)
    busy = round((after.machine_busy - before.machine_busy) / total, 2)
    return CpuUsed(**parts, machine_busy_share=busy)
