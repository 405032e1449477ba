"""The reminder message: neutral words, a button per check-in that is due, and "later"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.messaging import discreet_text, without_emoji
from bot.domain.services import Services
from bot.engine.texts import resolve
from bot.i18n import texts
from bot.outbox import messages
from bot.outbox.callbacks import fields, row_id
from bot.scheduling.control import SNOOZE_MINUTES

PREFIX = "r"
START = "go"
LATER = "in"


@dataclass(frozen=True)
class Due:
    schedule_id: int
    kind: str
    flow: str


def start_data(schedule_id: int) -> str:
    return f"{PREFIX}:{START}:{schedule_id}"


def later_data(minutes: int) -> str:
    return f"{PREFIX}:{LATER}:{minutes}"


def parse(data: str) -> tuple[str, int] | None:
    """("go", schedule id) or ("in", minutes of a snooze on offer); None for anything else."""
    parts = fields(data, f"{PREFIX}:", 2)
    if parts is None:
        return None
    action, value = parts
    schedule = row_id(value)
    if action == START and schedule is not None:
        return START, schedule
    # Only the snoozes the reminder offers: "in -1666667 hours" is nobody's choice.
    if action == LATER and value in {str(minutes) for minutes in SNOOZE_MINUTES}:
        return LATER, int(value)
    return None


def payload(
    services: Services,
    chat_id: int,
    locale: str | None,
    due: Sequence[Due],
    *,
    again: bool,
    silent: bool,
    discreet: bool = False,
) -> dict[str, Any]:
    gettext = services.catalogs.gettext
    buttons = [(_label(services, locale, item), start_data(item.schedule_id)) for item in due]
    buttons += [
        (
            services.catalogs.ngettext(locale, texts.REMINDER_LATER, minutes // 60),
            later_data(minutes),
        )
        for minutes in SNOOZE_MINUTES
    ]
    text = gettext(locale, texts.REMINDER_AGAIN if again else texts.REMINDER)
    if discreet:
        text = discreet_text(services.catalogs, locale, text)
        buttons = [(without_emoji(label), data) for label, data in buttons]
    return messages.send_message(chat_id, text, buttons=buttons, silent=silent)


def _label(services: Services, locale: str | None, item: Due) -> str:
    if item.kind == "daily":
        return services.catalogs.gettext(locale, texts.REMINDER_START)
    # A questionnaire is named by its title, so the person knows how long it is.
    return resolve(services.library.flow(item.flow).title, locale)
