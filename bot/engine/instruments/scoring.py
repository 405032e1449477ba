"""Scoring an instrument's answers: `score(instrument, answers) -> InstrumentResult`.

Pure and deterministic. The answers are checked first (count, and each value on the
scale), so a result is never computed from answers the instrument could not have given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.engine.instruments.model import Of
from bot.engine.model import Instrument
from bot.spec.errors import FlowError


class InstrumentError(FlowError):
    """Root of what scoring raises; a FlowError, so engine callers catch it too."""


class AnswersError(InstrumentError, ValueError):
    """The answers do not fit the instrument; the message says what was expected."""


@dataclass(frozen=True)
class InstrumentResult:
    """What the answers mean under the instrument's published scoring.

    `score` is the derived score (total x multiplier; the total itself for most);
    `band` and `positive` are None when the instrument defines no such rule.
    """

    instrument: str
    total: int
    score: int
    band: str | None
    positive: bool | None
    flags: tuple[str, ...] = ()
    subscales: dict[str, int] = field(default_factory=dict)


def score(instrument: Instrument, answers: Sequence[int]) -> InstrumentResult:
    """Score `answers` (scale values, in item order); AnswersError when they do not fit.

    For an instrument with a gate (PC-PTSD-5), no answers at all means the gate was
    answered "no": total 0, scored by the same rules.
    """
    _check(instrument, answers)
    rules = instrument.scoring
    total = sum(answers)
    derived = total * rules.multiplier
    values: dict[Of, int] = {"total": total, "score": derived}
    band = None
    if rules.bands is not None:
        value = values[rules.bands.of]
        band = next((b.id for b in rules.bands.ranges if b.min <= value <= b.max), None)
    positive = None
    if rules.positive is not None:
        positive = rules.positive.holds(values[rules.positive.of])
    flags = tuple(
        flag.id
        for flag in rules.flags
        if len(answers) >= flag.item and flag.holds(answers[flag.item - 1])
    )
    subscales = {
        sub.id: sum(answers[number - 1] for number in sub.items if number <= len(answers))
        for sub in rules.subscales
    }
    return InstrumentResult(
        instrument=instrument.instrument,
        total=total,
        score=derived,
        band=band,
        positive=positive,
        flags=flags,
        subscales=subscales,
    )


def _check(instrument: Instrument, answers: Sequence[int]) -> None:
    name = instrument.instrument
    count = len(instrument.items)
    scale = [point.value for point in instrument.scale]
    gated = instrument.gate is not None
    if len(answers) != count and not (gated and not answers):
        # The gate's "no" answer is recorded as no answers at all.
        alternative = " (or none, when its first question was answered no)" if gated else ""
        raise AnswersError(
            f"{name} expects {count} answers{alternative}, one per item in order; "
            f"got {len(answers)}"
        )
    for number, value in enumerate(answers, start=1):
        if isinstance(value, bool) or value not in scale:
            raise AnswersError(
                f"{name} item {number}: {value!r} is not on the scale; "
                f"expected one of {', '.join(map(str, scale))}"
            )


def parse_answers(text: str) -> tuple[int, ...]:
    """`"0,1,3"` -> (0, 1, 3); an empty string is no answers. AnswersError if not numbers."""
    if not text.strip():
        return ()
    parts = [part.strip() for part in text.split(",")]
    try:
        return tuple(int(part) for part in parts)
    except ValueError:
        raise AnswersError(
            f"answers should be whole numbers separated by commas, like 0,1,2; got {text!r}"
        ) from None
