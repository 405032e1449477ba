"""How urgent a case is: one scale for risk rules, questionnaires, trends, flows and the
queue, and how fast each severity must be acknowledged. Pure, and imported by every layer,
so it depends on nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, TypeAlias, get_args

Severity: TypeAlias = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def higher(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


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
