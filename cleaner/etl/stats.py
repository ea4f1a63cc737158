"""Counters over a batch for ``--stats`` / ``--stats-json``: statuses, error types, removed blocks
per rule, time per record, and time per stage and per pass (named by the rule ids it proposes)
summed over the records, to show where a batch spends its time."""

from __future__ import annotations

import time
from collections import Counter

from cleaner.etl.records import RecordResult


class Stats:
    """Accumulates over results as they stream past (mutable by design: a running tally)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.status: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self.rule_records: Counter[str] = Counter()
        self.seconds: list[float] = []
        self.timings: dict[str, float] = {}

    def add(self, r: RecordResult) -> None:
        self.status[r.status] += 1
        if r.error_type:
            self.errors[r.error_type] += 1
        if r.result is not None:
            counts = r.result.stats()
            self.rules.update(counts)
            self.rule_records.update(counts.keys())
            self.seconds.append(r.seconds)
            for name, sec in r.result.timings:
                self.timings[name] = self.timings.get(name, 0.0) + sec

    def as_dict(self) -> dict[str, object]:
        """The summary: counts, docs/s over the wall clock, record-time quantiles."""
        wall = time.perf_counter() - self.started
        total = sum(self.status.values())
        times = sorted(self.seconds)

        def q(p: float) -> float:
            return round(times[min(len(times) - 1, int(p * len(times)))], 4) if times else 0.0

        return {
            "records": total,
            "status": dict(sorted(self.status.items())),
            "errors": dict(self.errors.most_common()),
            "wall_seconds": round(wall, 3),
            "docs_per_second": round(total / wall, 1) if wall > 0 else 0.0,
            "record_seconds": {"p50": q(0.5), "p95": q(0.95), "max": q(1.0), "sum": round(sum(times), 3)},
            "rules": {rule: {"blocks": n, "records": self.rule_records[rule]} for rule, n in self.rules.most_common()},
            "seconds_by_stage": {k: round(v, 3) for k, v in sorted(self.timings.items(), key=lambda kv: -kv[1])},
        }
