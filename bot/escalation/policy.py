"""How fast each severity must be acknowledged, and how severities compare."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot.severity import RANK, SEVERITIES

# Retention of relayed messages and case notes after a case is resolved.
CASE_RETENTION_DAYS = 90


def _deadlines() -> dict[str, timedelta]:
    return {
        "critical": timedelta(minutes=15),
        "high": timedelta(hours=1),
        "medium": timedelta(hours=24),
        "low": timedelta(hours=72),
    }


@dataclass(frozen=True)
class Policy:
    """Acknowledgement deadlines per severity (configurable: QADAM_ACK_MINUTES)."""

    deadlines: Mapping[str, timedelta] = field(default_factory=_deadlines)

    @classmethod
    def parse(cls, text: str) -> Policy:
        """ "critical=15,high=60" in minutes; severities not named keep their default."""
        deadlines = _deadlines()
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, minutes = part.partition("=")
            if name.strip() not in RANK or not minutes.strip().isdigit():
                raise ValueError(
                    f"QADAM_ACK_MINUTES: {part!r} should look like critical=15 "
                    f"(severities: {', '.join(SEVERITIES)})"
                )
            deadlines[name.strip()] = timedelta(minutes=int(minutes))
        return cls(deadlines)
