"""How urgent a case is: one scale for risk rules, questionnaires, trends, flows and the
queue. Pure, and imported by every layer, so it depends on nothing."""

from __future__ import annotations

from typing import Literal, TypeAlias, get_args

Severity: TypeAlias = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def higher(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b
