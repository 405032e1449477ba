"""/history: a person's own moods over the last 30 and 90 days, and their questionnaire
results, in a few words and as a chart drawn on the server (`chart_png`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.chart_png import Plot, line_chart
from bot.app.context import App
from bot.domain import messaging, participants
from bot.escalation.trends import MOOD_FLOW, MOOD_VAR
from bot.i18n import texts
from bot.outbox import messages
from bot.storage.models import Answer, Measure, Participant

COMMAND = "history"
PERIODS = (30, 90)
MOOD_RANGE = (1, 5)  # the daily check-in's five faces (flows/daily-checkin.yaml)
FILE_NAME = "mood.png"


async def send(db: AsyncSession, app: App, participant: Participant) -> None:
    services = app.services
    now = services.clock()
    locale = participant.locale
    gettext = services.catalogs.gettext
    moods = await moods_since(db, participant.id, now - timedelta(days=max(PERIODS)))
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
        title = (
            services.library.instruments[name].title if name in services.library.instruments else {}
        )
        shown = title.get(locale or "") or title.get("en") or name
        values = {"name": shown, "total": total, "date": taken.date().isoformat()}
        lines.append(gettext(locale, texts.HISTORY_RESULT) % values)
    buttons = [messaging.clear_button(services, locale)]
    await messaging.send_text(db, services, participant, "\n".join(lines), buttons)
    if moods:
        plot = mood_chart(moods, now)
        chat = participants.chat_id(services, participant)
        caption = gettext(locale, texts.HISTORY_CAPTION)
        if messaging.is_discreet(participant):
            caption = messaging.discreet_text(services.catalogs, locale, caption)
        payload = messages.send_file("sendPhoto", chat, FILE_NAME, plot.png, caption)
        await messaging.queue_call(db, services, participant, "sendPhoto", payload)


def mood_chart(moods: list[tuple[datetime, int]], now: datetime) -> Plot:
    """Days on x, from 90 days ago to now; the mood on y."""
    start = now - timedelta(days=max(PERIODS))
    values = [((at - start).total_seconds() / 86400, value) for at, value in moods]
    return line_chart(values, (0, max(PERIODS)), MOOD_RANGE)


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


async def _latest_results(db: AsyncSession, pid: int) -> list[tuple[str, int, datetime]]:
    """Each questionnaire's latest total, by name."""
    rows = await db.execute(
        select(Measure.instrument, Measure.total, Measure.taken_at)
        .where(Measure.participant_id == pid, Measure.total.is_not(None))
        .order_by(Measure.taken_at)
    )
    latest = {name: (int(total or 0), at) for name, total, at in rows.all()}
    return [(name, total, at) for name, (total, at) in sorted(latest.items())]
