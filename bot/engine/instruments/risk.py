"""Whether a questionnaire result needs a counsellor: `assess(instrument, result)`.

Pure. The rules are the instrument's `risk:` data. A result can meet several at once
(PHQ-9 item 9 and a severe band): the case gets the highest of their severities and every
reason, so staff see all that was found, not only the worst of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.instruments.model import RiskRule
from bot.engine.instruments.scoring import InstrumentResult
from bot.engine.model import Instrument
from bot.spec.severity import SEVERITIES, Severity

POSITIVE = "positive"


@dataclass(frozen=True)
class Assessment:
    """The case a result calls for. `reasons` are codes like `phq9-item9`, `phq9-severe`,
    `who5-positive`, the most severe first: the first is the case's headline reason."""

    severity: Severity
    reasons: tuple[str, ...]


def assess(instrument: Instrument, result: InstrumentResult) -> Assessment | None:
    """The highest severity of the rules `result` meets, and why; None when it meets none."""
    risk = instrument.risk
    met: list[tuple[str, RiskRule]] = [
        (flag, risk.flags[flag]) for flag in result.flags if flag in risk.flags
    ]
    if result.band is not None and result.band in risk.bands:
        met.append((result.band, risk.bands[result.band]))
    if result.positive and risk.positive is not None:
        met.append((POSITIVE, risk.positive))
    if not met:
        return None
    # Stable: rules of equal severity keep the file's order (flags, band, positive).
    met.sort(key=lambda found: SEVERITIES.index(found[1].severity), reverse=True)
    # A band may share the name "positive" with the positive rule (CRIES-8): one code.
    reasons = dict.fromkeys(f"{instrument.instrument}-{name}" for name, _ in met)
    return Assessment(severity=met[0][1].severity, reasons=tuple(reasons))
