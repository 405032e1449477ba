"""The reminder message: neutral words, a button per check-in that is due, and "later"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.services import Services
from bot.engine.texts import resolve
from bot.i18n import texts
from bot.outbox import messages
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
    """("go", schedule id) or ("in", minutes); None for anything else."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != PREFIX or parts[1] not in (START, LATER):
        return None
    try:
        return parts[1], int(parts[2])
    except ValueError:
        return None


def payload(
    services: Services,
    chat_id: int,
    locale: str | None,
    due: Sequence[Due],
    *,
    again: bool,
    silent: bool,
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
    return messages.send_message(chat_id, text, buttons=buttons, silent=silent)


def _label(services: Services, locale: str | None, item: Due) -> str:
    if item.kind == "daily":
        return services.catalogs.gettext(locale, texts.REMINDER_START)
    # A questionnaire is named by its title, so the person knows how long it is.
    return resolve(services.library.flow(item.flow).title, locale)
