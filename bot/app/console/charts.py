"""A person's moods and questionnaire results over time, as series a chart is drawn
from: one per instrument, with its bands, and one of daily moods.

The plotted value is what the instrument's bands are defined on (the WHO-5 percentage,
the PHQ-9 total), so each point lies in the band it was given that day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import words
from bot.app.console.reading import Reader, When
from bot.engine.model import Instrument
from bot.escalation.trends import MOOD_FLOW, MOOD_VAR
from bot.i18n import texts
from bot.storage.models import Answer, Measure

MOOD = "mood"
MOOD_RANGE = (1, 5)  # the daily check-in's five faces (flows/daily-checkin.yaml)
# Enough for six months of daily moods, the longest a programme follows someone.
MOST_POINTS = 200


@dataclass(frozen=True)
class Point:
    at: When
    value: int
    band: str | None  # in words


@dataclass(frozen=True)
class BandRange:
    """One band of an instrument, inclusive of both ends, e.g. PHQ-9 "moderate" 10-14."""

    id: str
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Series:
    key: str  # the instrument's name, or "mood"
    title: str
    axis: str  # what the values are
    low: int
    high: int
    bands: tuple[BandRange, ...]
    points: tuple[Point, ...]  # oldest first


async def series(db: AsyncSession, participant_id: int, tr: Reader) -> tuple[Series, ...]:
    """The daily moods first, then each questionnaire taken, by name; none when empty."""
    found: list[Series] = []
    moods = await _moods(db, participant_id, tr)
    if moods:
        found.append(
            Series(MOOD, tr(words.CHART_MOOD), tr(words.CHART_MOOD_AXIS), *MOOD_RANGE, (), moods)
        )
    library = tr.services.library.instruments
    # At most MOST_POINTS of each instrument are drawn; this bounds the rows read for all.
    measures = list(
        await db.scalars(
            select(Measure)
            .where(Measure.participant_id == participant_id, Measure.total.is_not(None))
            .order_by(Measure.taken_at.desc(), Measure.id.desc())
            .limit(MOST_POINTS * len(library))
        )
    )
    for name in sorted({m.instrument for m in measures}):
        instrument = library.get(name)
        if instrument is not None:
            taken = [m for m in reversed(measures) if m.instrument == name][-MOST_POINTS:]
            found.append(_instrument_series(instrument, taken, tr))
    return tuple(found)


async def _moods(db: AsyncSession, participant_id: int, tr: Reader) -> tuple[Point, ...]:
    rows = await db.execute(
        select(Answer.value, Answer.created_at)
        .where(
            Answer.participant_id == participant_id,
            Answer.flow == MOOD_FLOW,
            Answer.var == MOOD_VAR,
        )
        .order_by(Answer.created_at.desc(), Answer.id.desc())
        .limit(MOST_POINTS)
    )
    # Values are JSON: anything but a whole number (a skipped answer) is not a mood.
    return tuple(
        Point(tr.when(at), int(value), None)
        for value, at in reversed(rows.all())
        if isinstance(value, int) and not isinstance(value, bool)
    )


def _instrument_series(instrument: Instrument, taken: list[Measure], tr: Reader) -> Series:
    bands, low, high = instrument_scale(instrument, lambda band: _band_words(band, tr))
    points = tuple(
        Point(
            tr.when(m.taken_at),
            plotted(instrument, m),
            _band_words(m.band, tr) if m.band else None,
        )
        for m in taken
    )
    title = instrument.title.get(tr.locale) or instrument.title.get("en") or instrument.instrument
    return Series(instrument.instrument, title, "", low, high, bands, points)


def instrument_scale(
    instrument: Instrument, label: Callable[[str], str]
) -> tuple[tuple[BandRange, ...], int, int]:
    """An instrument's bands, with `label` giving each one's words, and the lowest and
    highest value plotted."""
    rules = instrument.scoring
    bands = tuple(
        BandRange(band.id, label(band.id), band.min, band.max)
        for band in (rules.bands.ranges if rules.bands else ())
    )
    highest_raw = max(point.value for point in instrument.scale) * len(instrument.items)
    low = min((band.low for band in bands), default=0)
    high = max((band.high for band in bands), default=highest_raw * rules.multiplier)
    return bands, low, high


def plotted(instrument: Instrument, measure: Measure) -> int:
    """The value a measure is drawn at: what its bands are defined on."""
    rules = instrument.scoring
    multiplier = rules.multiplier if rules.bands is not None and rules.bands.of == "score" else 1
    # Rows from before the derived score was stored have the total alone.
    if multiplier != 1 and measure.score is not None:
        return measure.score
    return (measure.total or 0) * multiplier


def _band_words(band: str, tr: Reader) -> str:
    return tr(texts.QUESTIONNAIRE_BANDS[band]) if band in texts.QUESTIONNAIRE_BANDS else band
