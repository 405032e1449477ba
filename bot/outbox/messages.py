"""Bot API payloads for what the bot says, as plain JSON-able dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Lower goes first: a person in crisis must never wait behind anything else.
PRIORITY_CRISIS = 0
# A counsellor's words, to the person or a person's words to them: right after a crisis.
PRIORITY_COUNSELLOR = 1
PRIORITY_CONVERSATION = 2
# Scheduled check-ins wait behind crisis replies and counsellor messages: someone in a
# conversation is waiting for the answer; a check-in can arrive a few seconds late.
PRIORITY_SCHEDULED = 5

ANSWER_PREFIX = "a"


def answer_callback(seq: int, index: int) -> str:
    """Callback data for option `index` of prompt `seq` (well under Telegram's 64 bytes)."""
    return f"{ANSWER_PREFIX}:{seq}:{index}"


def parse_answer_callback(data: str) -> tuple[int, int] | None:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != ANSWER_PREFIX:
        return None
    try:
        return int(parts[1]), int(parts[2])
    except ValueError:
        return None


def inline_keyboard(buttons: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """One button per row: long option texts stay readable on a phone."""
    return {"inline_keyboard": [[{"text": text, "callback_data": data}] for text, data in buttons]}


def send_message(
    chat_id: int,
    text: str,
    *,
    buttons: Sequence[tuple[str, str]] = (),
    silent: bool = False,
) -> dict[str, Any]:
    """`silent`: delivered without a sound or vibration (e.g. in the person's quiet hours)."""
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if buttons:
        payload["reply_markup"] = inline_keyboard(buttons)
    if silent:
        payload["disable_notification"] = True
    return payload


def close_buttons(chat_id: int, message_id: int, text: str, chosen: str) -> dict[str, Any]:
    """Replace a question's buttons by the choice made, so old buttons cannot be pressed."""
    return {"chat_id": chat_id, "message_id": message_id, "text": f"{text}\n\n✓ {chosen}"}
