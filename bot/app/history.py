"""/history: a person's own moods over the last 30 and 90 days, their questionnaire
results and, for a caregiver, their check-ins about the child, in a few words and as
charts drawn on the server (`chart_png`), each a protected message quick exit deletes.

`chart_png` is imported only when a chart is drawn: nothing else in a process needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console.charts import BandRange, instrument_scale, plotted
from bot.app.context import App
from bot.domain import messaging, participants
from bot.domain.services import Services
from bot.engine.model import Instrument
from bot.escalation.trends import MOOD_FLOW, MOOD_VAR
from bot.i18n import texts
from bot.outbox import messages
from bot.storage.models import Answer, Measure, Participant

if TYPE_CHECKING:
    from bot.app.chart_png import Line, Plot

COMMAND = "history"
PERIODS = (30, 90)
MOOD_RANGE = (1, 5)  # the daily check-in's five faces (flows/daily-checkin.yaml)
# A neutral name: a file's name can show in a chat's list of media.
FILE_NAME = "chart.png"
CAREGIVER = "caregiver"
CHILD_FLOW = "checkin-child"
# The child check-in's answers about the child's week (flows/checkin-child.yaml), each
# from how it went best (3) to worst (1), with the colours the caption names.
CHILD_ANSWERS: dict[str, dict[str, int]] = {
    "child_sleep": {"good": 3, "some": 2, "poor": 1},
    "child_play": {"usual": 3, "less": 2, "hardly": 1},
    "child_fears": {"no": 3, "sometimes": 2, "often": 1},
}
CHILD_COLOURS: dict[str, tuple[int, int, int]] = {
    "child_sleep": (30, 70, 160),  # blue
    "child_play": (40, 140, 60),  # green
    "child_fears": (200, 100, 20),  # orange
}
CHILD_RANGE = (1, 3)


@dataclass(frozen=True)
class Score:
    """A questionnaire result at the value its bands are defined on (`charts.plotted`)."""

    instrument: str
    plotted: int
    taken_at: datetime


async def send(db: AsyncSession, app: App, participant: Participant) -> None:
    services = app.services
    now = services.clock()
    locale = participant.locale
    gettext = services.catalogs.gettext
    since = now - timedelta(days=max(PERIODS))
    moods = await moods_since(db, participant.id, since)
    scores = await scores_since(db, services, participant.id, since)
    child = await child_weeks_since(db, participant.id, since) if _caregiver(participant) else []
    lines = [gettext(locale, texts.HISTORY_TITLE)]
    for days in PERIODS:
        recent = [value for at, value in moods if at >= now - timedelta(days=days)]
        if recent:
            average = f"{sum(recent) / len(recent):.1f}"
            values = {"days": days, "count": len(recent), "average": average}
            lines.append(gettext(locale, texts.HISTORY_MOODS) % values)
        else:
            lines.append(gettext(locale, texts.HISTORY_NO_MOODS) % {"days": days})
    for name, total, taken in await _latest_results(db, participant.id):
        values = {"name": _title(services, name, locale), "total": total}
        values["date"] = taken.date().isoformat()
        lines.append(gettext(locale, texts.HISTORY_RESULT) % values)
    if _caregiver(participant):
        lines.append(gettext(locale, texts.HISTORY_CHILD) % {"count": len(child)})
    buttons = [messaging.clear_button(services, locale)]
    await messaging.send_text(db, services, participant, "\n".join(lines), buttons)
    for plot, caption in charts(services, locale, moods, scores, child, now):
        await _send_chart(db, services, participant, plot, caption)


def charts(
    services: Services,
    locale: str | None,
    moods: list[tuple[datetime, int]],
    scores: list[Score],
    child: list[tuple[datetime, dict[str, int]]],
    now: datetime,
) -> list[tuple[Plot, str]]:
    """The charts /history sends, in order, each with its caption in the person's language:
    moods over 30 and over 90 days, each questionnaire's scores, the child's weeks."""
    gettext = services.catalogs.gettext
    drawn: list[tuple[Plot, str]] = []
    for days, caption in zip(PERIODS, texts.HISTORY_CAPTIONS, strict=True):
        recent = [(at, value) for at, value in moods if at >= now - timedelta(days=days)]
        if recent:
            drawn.append((mood_chart(recent, now, days), gettext(locale, caption)))
    library = services.library.instruments
    for name in sorted({score.instrument for score in scores}):
        instrument = library[name]
        taken = [score for score in scores if score.instrument == name]
        plot, thresholds = score_chart(instrument, taken, now, _band_label(services, locale))
        marks = ", ".join(f"{band.label} {band.low}" for band in thresholds)
        values = {"name": _title(services, name, locale), "days": max(PERIODS)}
        caption = gettext(locale, texts.HISTORY_SCORES_CAPTION) % values
        if marks:
            caption += "\n" + gettext(locale, texts.HISTORY_BANDS_CAPTION) % {"bands": marks}
        drawn.append((plot, caption))
    if child:
        drawn.append((child_chart(child, now), gettext(locale, texts.HISTORY_CHILD_CAPTION)))
    return drawn


def mood_chart(moods: list[tuple[datetime, int]], now: datetime, days: int = 90) -> Plot:
    """Days on x, from `days` ago to now; the mood on y."""
    from bot.app.chart_png import Line, chart

    return chart([Line(_days(moods, now, days))], (0, days), MOOD_RANGE, x_labels=_dates(now, days))


def score_chart(
    instrument: Instrument, scores: Sequence[Score], now: datetime, label: Callable[[str], str]
) -> tuple[Plot, list[BandRange]]:
    """Days on x, over 90 days; on y what the instrument's bands are defined on, with a
    line where each band but the lowest begins. Returns those bands too, named by `label`."""
    from bot.app.chart_png import Line, chart

    bands, low, high = instrument_scale(instrument, label)
    thresholds = [band for band in bands if band.low > low]
    days = max(PERIODS)
    values = _days([(score.taken_at, score.plotted) for score in scores], now, days)
    marks = [band.low for band in thresholds]
    plot = chart(
        [Line(values)],
        (0, days),
        (low, high),
        levels=(low, high),
        marks=marks,
        x_labels=_dates(now, days),
    )
    return plot, thresholds


def child_chart(child: list[tuple[datetime, dict[str, int]]], now: datetime) -> Plot:
    """Days on x, over 90 days; a line for each of sleep, play and fears, 3 at best."""
    from bot.app.chart_png import chart

    days = max(PERIODS)
    lines: list[Line] = [
        _child_line(var, [(at, week[var]) for at, week in child if var in week], now, days)
        for var in CHILD_ANSWERS
    ]
    return chart(lines, (0, days), CHILD_RANGE, x_labels=_dates(now, days))


def _child_line(var: str, values: list[tuple[datetime, int]], now: datetime, days: int) -> Line:
    from bot.app.chart_png import Line

    colour = CHILD_COLOURS[var]
    return Line(_days(values, now, days), dot=colour, join=colour)


def _dates(now: datetime, days: int) -> list[tuple[float, str]]:
    """Four dates under the axis, its ends and two between, as DD.MM: the same in all
    six languages, and the bitmap font has no letters."""
    start = now - timedelta(days=days)
    spots = [days * part / 3 for part in range(4)]
    return [(spot, (start + timedelta(days=spot)).strftime("%d.%m")) for spot in spots]


def _days(
    values: Sequence[tuple[datetime, int]], now: datetime, days: int
) -> list[tuple[float, float]]:
    start = now - timedelta(days=days)
    return [((at - start).total_seconds() / 86400, value) for at, value in values]


def _caregiver(participant: Participant) -> bool:
    return participant.role == CAREGIVER


def _title(services: Services, name: str, locale: str | None) -> str:
    instrument = services.library.instruments.get(name)
    title = instrument.title if instrument is not None else {}
    return title.get(locale or "") or title.get("en") or name


def _band_label(services: Services, locale: str | None) -> Callable[[str], str]:
    def label(band: str) -> str:
        words = texts.QUESTIONNAIRE_BANDS.get(band)
        return services.catalogs.gettext(locale, words) if words else band

    return label


async def _send_chart(
    db: AsyncSession, services: Services, participant: Participant, plot: Plot, caption: str
) -> None:
    if messaging.is_discreet(participant):
        caption = messaging.discreet_text(services.catalogs, participant.locale, caption)
    chat = participants.chat_id(services, participant)
    payload = messages.send_file("sendPhoto", chat, FILE_NAME, plot.png, caption)
    await messaging.queue_call(db, services, participant, "sendPhoto", payload)


async def moods_since(db: AsyncSession, pid: int, since: datetime) -> list[tuple[datetime, int]]:
    rows = await db.execute(
        select(Answer.created_at, Answer.value)
        .where(
            Answer.participant_id == pid,
            Answer.flow == MOOD_FLOW,
            Answer.var == MOOD_VAR,
            Answer.created_at >= since,
        )
        .order_by(Answer.created_at, Answer.id)
    )
    # Values are JSON: anything but a whole number (a skipped answer) is not a mood.
    return [
        (at, value)
        for at, value in rows.all()
        if isinstance(value, int) and not isinstance(value, bool)
    ]


async def scores_since(
    db: AsyncSession, services: Services, pid: int, since: datetime
) -> list[Score]:
    """Each questionnaire result since then, oldest first, at the value its bands are on;
    an instrument no longer in the library has nothing to draw it against."""
    measures = await db.scalars(
        select(Measure)
        .where(
            Measure.participant_id == pid,
            Measure.total.is_not(None),
            Measure.taken_at >= since,
        )
        .order_by(Measure.taken_at, Measure.id)
    )
    library = services.library.instruments
    return [
        Score(m.instrument, plotted(library[m.instrument], m), m.taken_at)
        for m in measures
        if m.instrument in library
    ]


async def child_weeks_since(
    db: AsyncSession, pid: int, since: datetime
) -> list[tuple[datetime, dict[str, int]]]:
    """Each check-in about the child, by when it began: its answers about the child's
    week, 3 at best. A check-in's answers are a few seconds apart; one started within
    the hour of the last is the same check-in."""
    rows = await db.execute(
        select(Answer.created_at, Answer.var, Answer.value)
        .where(
            Answer.participant_id == pid,
            Answer.flow == CHILD_FLOW,
            Answer.var.in_(tuple(CHILD_ANSWERS)),
            Answer.created_at >= since,
        )
        .order_by(Answer.created_at, Answer.id)
    )
    weeks: list[tuple[datetime, dict[str, int]]] = []
    for at, var, value in rows.all():
        level = CHILD_ANSWERS[var].get(value) if isinstance(value, str) else None
        if level is None:
            continue
        if not weeks or at - weeks[-1][0] > timedelta(hours=1) or var in weeks[-1][1]:
            weeks.append((at, {}))
        weeks[-1][1][var] = level
    return weeks


async def _latest_results(db: AsyncSession, pid: int) -> list[tuple[str, int, datetime]]:
    """Each questionnaire's latest total, by name."""
    rows = await db.execute(
        select(Measure.instrument, Measure.total, Measure.taken_at)
        .where(Measure.participant_id == pid, Measure.total.is_not(None))
        .order_by(Measure.taken_at)
    )
    latest = {name: (int(total or 0), at) for name, total, at in rows.all()}
    return [(name, total, at) for name, (total, at) in sorted(latest.items())]
