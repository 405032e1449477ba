"""Bot API payloads for what the bot says, as plain JSON-able dicts."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from bot.outbox.callbacks import MAX_ID, fields, number

# Lower goes first: a person in crisis must never wait behind anything else.
PRIORITY_CRISIS = 0
# A counsellor's words, to the person or a person's words to them: right after a crisis.
PRIORITY_COUNSELLOR = 1
PRIORITY_CONVERSATION = 2
# Scheduled check-ins wait behind crisis replies and counsellor messages: someone in a
# conversation is waiting for the answer; a check-in can arrive a few seconds late.
PRIORITY_SCHEDULED = 5

ANSWER_PREFIX = "a"
# Telegram shows at most 100 buttons under a message.
MAX_BUTTONS = 100
# Telegram refuses a text longer than this, counted in UTF-16 code units (an emoji is two).
MESSAGE_LIMIT = 4096
# Where a text too long for one message is best cut, most natural first.
_BREAKS = ("\n\n", "\n", ". ", "! ", "? ", "… ", "; ", ", ", " ")


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` as messages Telegram accepts: cut at a paragraph, else a line, a sentence or
    a word, in the second half of what fits; only a text with no break at all is cut
    mid-word."""
    pieces: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        window = rest[: _fitting(rest, limit)]
        cut = next(
            (at + len(mark) for mark in _BREAKS if (at := window.rfind(mark)) >= len(window) // 2),
            len(window),
        )
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return [piece for piece in pieces if piece] or [text]


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def answer_callback(seq: int, index: int) -> str:
    """Callback data for option `index` of prompt `seq` (well under Telegram's 64 bytes)."""
    return f"{ANSWER_PREFIX}:{seq}:{index}"


def parse_answer_callback(data: str) -> tuple[int, int] | None:
    """(seq, index), or None for anything `answer_callback` cannot have made."""
    parts = fields(data, f"{ANSWER_PREFIX}:", 2)
    if parts is None:
        return None
    seq, index = number(parts[0], 0, MAX_ID), number(parts[1], 0, MAX_BUTTONS - 1)
    return None if seq is None or index is None else (seq, index)


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


def send_pieces(
    chat_id: int,
    text: str,
    *,
    buttons: Sequence[tuple[str, str]] = (),
    silent: bool = False,
) -> list[dict[str, Any]]:
    """`sendMessage` payloads for a text of any length, split where it fits; the buttons
    answer the whole text, so they go under its last piece."""
    pieces = split_text(text)
    return [
        send_message(
            chat_id, piece, buttons=buttons if number == len(pieces) else (), silent=silent
        )
        for number, piece in enumerate(pieces, 1)
    ]


# The files a call may upload, by method: kept in the (encrypted) payload as base64 until
# the sender makes the call.
UPLOADS = {"sendDocument": "document", "sendPhoto": "photo"}


def send_file(
    method: str, chat_id: int, filename: str, data: bytes, caption: str
) -> dict[str, Any]:
    """A `sendDocument` or `sendPhoto` payload carrying the file itself."""
    upload = {"filename": filename, "base64": base64.b64encode(data).decode("ascii")}
    return {"chat_id": chat_id, UPLOADS[method]: upload, "caption": caption}


def close_buttons(chat_id: int, message_id: int, text: str, chosen: str) -> dict[str, Any]:
    """Replace a question's buttons by the choice made, so old buttons cannot be pressed."""
    return {"chat_id": chat_id, "message_id": message_id, "text": f"{text}\n\n✓ {chosen}"}


def set_commands(
    commands: Sequence[tuple[str, str]],
    *,
    chat_id: int | None = None,
    language_code: str | None = None,
) -> dict[str, Any]:
    """setMyCommands: the menu of one chat, or (without `chat_id`) everyone's, for users
    whose Telegram is in `language_code` (without it, all the others)."""
    scope = {"type": "chat", "chat_id": chat_id} if chat_id is not None else {"type": "default"}
    payload: dict[str, Any] = {
        "commands": [{"command": name, "description": text} for name, text in commands],
        "scope": scope,
    }
    if language_code is not None:
        payload["language_code"] = language_code
    return payload


def delete_commands(chat_id: int) -> dict[str, Any]:
    """deleteMyCommands of one chat: it shows everyone's menu again."""
    return {"scope": {"type": "chat", "chat_id": chat_id}}
