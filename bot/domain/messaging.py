"""Queueing a message to a person: the one way every part of the bot speaks to them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import participants
from bot.domain.services import Services
from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.outbox import messages
from bot.outbox.queue import enqueue
from bot.spec.calendar import QuietHours, zone
from bot.storage.crypto import pseudonym
from bot.storage.models import Participant

# The callback data of "Clear this chat" (bot.app.quick_exit), under every sensitive screen.
CLEAR_CHAT = "qx"


def clear_button(services: Services, locale: str | None) -> tuple[str, str]:
    """Quick exit, one tap away wherever the screen would give a person away."""
    return services.catalogs.gettext(locale, texts.CLEAR_CHAT), CLEAR_CHAT


# Pictographs and their joiners: in discreet mode there are none, since a 🌱 or a 😢 on a
# lock screen can say "mental health" at a glance.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]")


def is_discreet(participant: Participant) -> bool:
    return participant.discreet == "on"


def without_emoji(text: str) -> str:
    lines = (" ".join(_EMOJI.sub("", line).split()) for line in text.split("\n"))
    return "\n".join(lines)


# Buttons that name counsellors or a conversation with one, and what they say instead in
# discreet mode: someone glancing at the phone sees a neutral choice.
DISCREET_LABELS = {
    texts.CRISIS_TALK: texts.DISCREET_TALK,
    texts.FLOW_TALK: texts.DISCREET_TALK,
    texts.FLOW_TALK_ABOUT_CHILD: texts.DISCREET_TALK,
    texts.RELAY_END: texts.DISCREET_FINISH,
}


def discreet_label(catalogs: Catalogs, locale: str | None, label: str) -> str:
    plain = without_emoji(label)
    for shown, neutral in DISCREET_LABELS.items():
        if catalogs.gettext(locale, shown) == plain:
            return catalogs.gettext(locale, neutral)
    return plain


def discreet_text(catalogs: Catalogs, locale: str | None, text: str) -> str:
    """What a lock screen shows first is a neutral line; the rest has no emoji."""
    return f"{catalogs.gettext(locale, texts.DISCREET_FIRST_LINE)}\n\n{without_emoji(text)}"


async def send_text(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    text: str,
    buttons: Sequence[tuple[str, str]] = (),
    *,
    at: datetime | None = None,
    delay: float = 0,
    priority: int = messages.PRIORITY_CONVERSATION,
    case_id: int | None = None,
) -> None:
    chat = participants.chat_id(services, participant)
    if is_discreet(participant):
        text = discreet_text(services.catalogs, participant.locale, text)
        catalogs, locale = services.catalogs, participant.locale
        buttons = [(discreet_label(catalogs, locale, label), data) for label, data in buttons]
    moment = (at or services.clock()) + timedelta(seconds=delay)
    quiet = QuietHours.parse(participant.quiet_hours)
    # Late in the evening a buzzing phone can give a person away: arrive without a sound.
    silent = quiet is not None and quiet.silent(moment, zone(participant.timezone))
    for payload in messages.send_pieces(chat, text, buttons=buttons, silent=silent):
        await queue_call(
            db,
            services,
            participant,
            "sendMessage",
            payload,
            at=at,
            delay=delay,
            priority=priority,
            case_id=case_id,
        )


async def queue_call(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    method: str,
    payload: dict[str, Any],
    *,
    at: datetime | None = None,
    delay: float = 0,
    priority: int = messages.PRIORITY_CONVERSATION,
    case_id: int | None = None,
) -> None:
    """Queue any Bot API call addressed to this person's chat; `case_id` ties a
    counsellor's words to their case, so that a failure to deliver them is reported."""
    await enqueue(
        db,
        services.cipher,
        recipient=participants.recipient(participant),
        participant_id=participant.id,
        method=method,
        payload=payload,
        priority=priority,
        now=at or services.clock(),
        delay=delay,
        case_id=case_id,
    )


async def tell(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    text: str | tuple[str, str],
    *,
    buttons: Sequence[tuple[str, str]] = (),
    priority: int = messages.PRIORITY_CONVERSATION,
    count: int = 1,
    values: Mapping[str, object] | None = None,
) -> None:
    """Say an interface sentence in the person's language: a plural pair takes `count`."""
    locale = participant.locale
    if isinstance(text, tuple):
        translated = services.catalogs.ngettext(locale, text, count)
    else:
        translated = services.catalogs.gettext(locale, text)
        if values:
            translated %= values
    labelled = [(services.catalogs.gettext(locale, label), data) for label, data in buttons]
    await send_text(db, services, participant, translated, labelled, priority=priority)


async def queue_for_chat(
    db: AsyncSession,
    services: Services,
    chat_id: int,
    calls: Sequence[tuple[str, dict[str, Any]]],
    *,
    kind: str,
) -> None:
    """Queue calls to a chat that is nobody we hold (a group, a stranger with a wrong
    invite): addressed by a pseudonym of the chat, since its id is not ours to keep."""
    recipient = f"{kind}:{pseudonym(services.keys.pseudonym, chat_id)[:16]}"
    for method, payload in calls:
        await enqueue(
            db,
            services.cipher,
            recipient=recipient,
            method=method,
            payload=payload,
            priority=messages.PRIORITY_CONVERSATION,
            now=services.clock(),
        )


def split_for_telegram(parts: Sequence[str], limit: int = messages.MESSAGE_LIMIT) -> list[str]:
    """Join paragraphs into as few messages as fit; a paragraph too long on its own is
    split where it reads best (`messages.split_text`)."""
    pages: list[str] = []
    for part in parts:
        for piece in messages.split_text(part, limit):
            joined = f"{pages[-1]}\n\n{piece}" if pages else piece
            if pages and messages.utf16_length(joined) <= limit:
                pages[-1] = joined
            else:
                pages.append(piece)
    return pages
