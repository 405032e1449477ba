"""Who a case goes to and how fast: the escalation policy a deployment configures.

Acknowledgement deadlines per severity (`QADAM_ACK_MINUTES`); the working language every
counsellor shares, tried before a case goes to a supervisor (`QADAM_SHARED_LANGUAGE`); and
the on-call list told of a high or critical case when nobody suitable is on duty
(`QADAM_ON_CALL`, staff codes). Care for the carers: the open claimed cases a counsellor
may hold before assignment passes them by (`QADAM_CASELOAD_CAP`); and when a referral's
follow-up question is asked (`QADAM_REFERRAL_FOLLOW_UP_DAYS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot.spec.severity import RANK, SEVERITIES


def _deadlines() -> dict[str, timedelta]:
    return {
        "critical": timedelta(minutes=15),
        "high": timedelta(hours=1),
        "medium": timedelta(hours=24),
        "low": timedelta(hours=72),
    }


@dataclass(frozen=True)
class Policy:
    deadlines: Mapping[str, timedelta] = field(default_factory=_deadlines)
    shared_language: str | None = "ru"
    on_call: tuple[str, ...] = ()
    caseload_cap: int = 15
    referral_follow_up: timedelta = timedelta(days=7)

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        shared_language: str | None = "ru",
        on_call: str = "",
        caseload_cap: int = 15,
        referral_follow_up_days: float = 7,
    ) -> Policy:
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
        codes = tuple(code.strip().upper() for code in on_call.split(",") if code.strip())
        return cls(
            deadlines,
            shared_language or None,
            codes,
            caseload_cap,
            timedelta(days=referral_follow_up_days),
        )
