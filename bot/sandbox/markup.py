"""Message text and reply markup checked as strictly as the real server checks them."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import ApiError
from bot.sandbox.formatting import parse_html, utf16_len
from bot.sandbox.models import JSON

MAX_TEXT = 4096
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "copy_text",
    "pay",
)


def message_text(params: JSON) -> tuple[str, list[JSON]]:
    """The plain text and entities of `text` under `parse_mode`."""
    raw = params.get("text")
    if not isinstance(raw, str) or not raw.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    parse_mode = params.get("parse_mode")
    if not parse_mode:
        text, entities = raw, list(params.get("entities") or [])
    elif str(parse_mode).lower() == "html":
        text, entities = parse_html(raw)
    else:
        # Refusing loudly beats rendering markup characters the real server would strip.
        raise ApiError(
            400, f"Bad Request: the sandbox emulates parse_mode HTML only, not {parse_mode}"
        )
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return text, entities


def reply_markup(params: JSON) -> JSON | None:
    markup: Any = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            actions = [key for key in _BUTTON_ACTIONS if key in button]
            if len(actions) != 1:
                raise ApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: "
                    "exactly one action field is required",
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
